import { describe, expect, it } from "vitest";
import { checkKinds } from "../../../../src/checks/kinds.ts";
import { computeStatus } from "../../../../src/core/engine/index.ts";
import { Facts } from "../../../../src/core/model/facts.ts";
import { loadRunbookText } from "../../../../src/format/load.ts";
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

function owes(facts: unknown) {
  const loaded = loadRunbookText(YAML, "owes.yaml", checkKinds);
  if (!loaded.ok) throw new Error("fixture invalid");
  const status = computeStatus(loaded.loaded, Facts.parse(facts), new Date("2026-06-01T00:00:00Z"));
  return roleOwes(loaded.loaded.runbook, status);
}

describe("what each role still owes", () => {
  it("lists a role's open items and steps, and the open work nobody owns in a row of its own", () => {
    expect(owes({})).toEqual([
      { role: "dba", items: ["backup"], itemCount: 1, optional: [], optionalCount: 0, signoffs: [], checkpoints: [], attestations: [], steps: ["S2"] },
      { role: UNOWNED, items: ["freeze", "notes"], itemCount: 2, optional: [], optionalCount: 0, signoffs: [], checkpoints: [], attestations: [], steps: ["S1"] },
    ]);
  });

  it("counts open items from the server's summary when the status carries the first page only", () => {
    const loaded = loadRunbookText(YAML, "owes.yaml", checkKinds);
    if (!loaded.ok) throw new Error("fixture invalid");
    const status = computeStatus(loaded.loaded, Facts.parse({}), new Date("2026-06-01T00:00:00Z"));
    // As a paged status: no item on the page, every open one counted by the server.
    const rows = roleOwes(loaded.loaded.runbook, { ...status, items: [] }, { offset: 0, limit: 0, total: 3, counts: { not_done: 3 }, open_by_owner: { dba: 1, "": 2 }, optional_open_by_owner: { dba: 4 } });
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

function ownedBy(yaml: string, facts: unknown) {
  const loaded = loadRunbookText(yaml, "t.yaml", checkKinds);
  if (!loaded.ok) throw new Error(`fixture invalid: ${JSON.stringify(loaded)}`.slice(0, 2000));
  const status = computeStatus(loaded.loaded, Facts.parse(facts), new Date("2026-06-01T00:01:00Z"));
  return roleOwes(loaded.loaded.runbook, status);
}
