import { describe, expect, it } from "vitest";
import { computeStatus } from "./index.ts";
import { facts, load } from "../../testing/engine-kit.ts";
import { roleOwes, UNOWNED } from "./role-owes.ts";

const YAML = `golive: 1
meta: { id: owes, title: Owes }
roles:
  - { id: dba, title: DBA }
sections:
  - id: prep
    title: Prep
    items:
      - { id: backup, title: Backup taken, owner: dba }
      - { id: freeze, title: Freeze announced }
      - { id: notes, title: Notes kept }
steps:
  - { id: S1, title: Switch DNS }
  - { id: S2, title: Load data, owner: dba }
`;

type FactsInput = Parameters<typeof facts>[0];

function owes(input: FactsInput) {
  return ownedBy(YAML, input, "2026-06-01T00:00:00Z");
}

describe("what each role still owes", () => {
  it("lists a role's open items and steps, and the open work nobody owns in a row of its own", () => {
    expect(owes({})).toEqual([
      { role: "dba", items: ["backup"], itemCount: 1, optional: [], optionalCount: 0, signoffs: [], checkpoints: [], attestations: [], steps: ["S2"] },
      { role: UNOWNED, items: ["freeze", "notes"], itemCount: 2, optional: [], optionalCount: 0, signoffs: [], checkpoints: [], attestations: [], steps: ["S1"] },
    ]);
  });

  it("counts open items from the server's summary when the status carries the first page only", () => {
    const loaded = load(YAML);
    const status = computeStatus(loaded, facts(), new Date("2026-06-01T00:00:00Z"));
    // As a paged status: no item on the page, every open one counted by the server.
    const rows = roleOwes(loaded.runbook, { ...status, items: [] }, { open_by_owner: { dba: 1, "": 2 }, optional_open_by_owner: { dba: 4 } });
    expect(rows.map((r) => [r.role, r.itemCount, r.optionalCount, r.steps])).toEqual([["dba", 1, 4, ["S2"]], [UNOWNED, 2, 0, ["S1"]]]);
  });

  it("drops the unowned row once that work is done", () => {
    const by = { at: "2026-06-01T00:00:00Z", by: "admin" };
    const rows = owes({
      items: [{ item: "freeze", state: "done", ...by }, { item: "notes", state: "not_applicable", ...by }],
      steps: [{ step: "S1", action: "start", ...by }, { step: "S1", action: "done", ...by }],
    });
    expect(rows.map((r) => r.role)).toEqual(["dba"]);
  });

  it("owes the attestations of exit criteria its role must give, until they are met or waived", () => {
    const rows = ownedBy(WAVES, {});
    // Release manager has nothing else to do: the pending attestation alone keeps it from reading as done.
    expect(rows.find((r) => r.role === "rm")).toMatchObject({ itemCount: 0, signoffs: [], checkpoints: [], steps: [], attestations: ["smoke-ok"] });
    // A criterion measured by a check is nobody's attestation.
    expect(rows.flatMap((r) => r.attestations)).toEqual(["smoke-ok"]);
    const at = "2026-06-01T00:00:00Z";
    const met = ownedBy(WAVES, { waves: [{ wave: "W1", action: "open", at, by: "admin" }], attestations: [{ criterion: "smoke-ok", met: true, at, by: "rita" }] });
    expect(met.find((r) => r.role === "rm")?.attestations).toEqual([]);
    const failed = ownedBy(WAVES, { waves: [{ wave: "W1", action: "open", at, by: "admin" }], attestations: [{ criterion: "smoke-ok", met: false, at, by: "rita" }] });
    expect(failed.find((r) => r.role === "rm")?.attestations).toEqual(["smoke-ok"]);
  });

  it("shows optional items apart and never as owed, unless a gate names them", () => {
    const rows = ownedBy(OPTIONAL, {});
    expect(rows.find((r) => r.role === "dba")).toMatchObject({ items: ["backup", "gated-extra"], itemCount: 2, optional: ["extra"], optionalCount: 1 });
    expect(rows.find((r) => r.role === UNOWNED)).toMatchObject({ items: [], itemCount: 0, optional: ["nice"], optionalCount: 1, steps: [] });
  });
});

const WAVES = `golive: 1
meta: { id: waves, title: Waves }
roles:
  - { id: rm, title: Release manager, members: [rita] }
  - { id: sre, title: SRE }
checks:
  - { id: errors, kind: http, config: { url: "http://127.0.0.1:9/" } }
waves:
  - id: W1
    title: Pilot
    exit:
      - { id: smoke-ok, title: Smoke test passed, attest: { by: rm } }
      - { id: err-low, title: Errors low, check: errors }
`;

const OPTIONAL = `golive: 1
meta: { id: optional, title: Optional }
roles:
  - { id: dba, title: DBA }
gates:
  - { id: G1, title: Ready, requires: { items: [gated-extra] } }
sections:
  - id: prep
    title: Prep
    items:
      - { id: backup, title: Backup taken, owner: dba }
      - { id: extra, title: Extra backup, owner: dba, optional: true }
      - { id: gated-extra, title: Extra a gate needs, owner: dba, optional: true }
      - { id: nice, title: Nice to have, optional: true }
`;

function ownedBy(yaml: string, input: FactsInput, at = "2026-06-01T00:01:00Z") {
  const loaded = load(yaml);
  return roleOwes(loaded.runbook, computeStatus(loaded, facts(input), new Date(at)));
}
