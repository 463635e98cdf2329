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
      { role: "dba", items: ["backup"], itemCount: 1, signoffs: [], checkpoints: [], steps: ["S2"] },
      { role: UNOWNED, items: ["freeze", "notes"], itemCount: 2, signoffs: [], checkpoints: [], steps: ["S1"] },
    ]);
  });

  it("counts open items from the server's summary when the status carries the first page only", () => {
    const loaded = loadRunbookText(YAML, "owes.yaml", checkKinds);
    if (!loaded.ok) throw new Error("fixture invalid");
    const status = computeStatus(loaded.loaded, Facts.parse({}), new Date("2026-06-01T00:00:00Z"));
    // As a paged status: no item on the page, every open one counted by the server.
    const rows = roleOwes(loaded.loaded.runbook, { ...status, items: [] }, { offset: 0, limit: 0, total: 3, counts: { not_done: 3 }, open_by_owner: { dba: 1, "": 2 } });
    expect(rows.map((r) => [r.role, r.itemCount, r.steps])).toEqual([["dba", 1, ["S2"]], [UNOWNED, 2, ["S1"]]]);
  });

  it("drops the unowned row once that work is done", () => {
    const by = { at: "2026-06-01T00:00:00Z", by: "admin" };
    const rows = owes({
      items: [{ item: "freeze", state: "done", ...by }, { item: "notes", state: "not_applicable", ...by }],
      steps: [{ step: "S1", action: "start", ...by }, { step: "S1", action: "done", ...by }],
    });
    expect(rows.map((r) => r.role)).toEqual(["dba"]);
  });
});
