import { describe, expect, it } from "vitest";
import { checkKinds } from "../checks/kinds.ts";
import { computeStatus } from "../core/engine/index.ts";
import { emptyFacts } from "../core/model/facts.ts";
import { loadRunbookText } from "../format/load.ts";
import { itemsPage, pageStatus, STATUS_ITEMS_PAGE } from "./status-page.ts";

/** A runbook of `n` items in sections of 100 (owners alternate), a gate naming 150 of them. */
function bigRunbook(n: number) {
  const lines = ["golive: 1", "meta: { id: big, title: Big, date: 2026-05-28 }", "roles:", "  - { id: qa, title: QA, members: [q] }", "  - { id: ops, title: Ops, members: [o] }", "sections:"];
  for (let s = 0; s < n / 100; s++) {
    lines.push(`  - id: s${s}`, `    title: Section ${s}`, `    owner: ${s % 2 ? "ops" : "qa"}`, "    items:");
    for (let i = 0; i < 100; i++) lines.push(`      - { id: i${s}-${i}, title: "Item ${s}.${i}" }`);
  }
  lines.push("gates:", `  - { id: g0, title: Gate 0, requires: { items: [${Array.from({ length: 150 }, (_, i) => `i${Math.floor(i / 100)}-${i % 100}`).join(", ")}] } }`);
  const r = loadRunbookText(`${lines.join("\n")}\n`, "big.yaml", checkKinds);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.loaded;
}

describe("a huge runbook's status", () => {
  const loaded = bigRunbook(1_200);
  const facts = emptyFacts();
  facts.items.push({ item: "i0-1", state: "done", by: "q", at: "2026-05-28T09:00:00Z", evidence: [] });
  facts.items.push({ item: "i11-99", state: "done", by: "o", at: "2026-05-28T09:00:00Z", evidence: [] });
  const full = computeStatus(loaded, facts, new Date("2026-05-28T10:00:00Z"));

  it("carries the first page of items and counts every one, by state and by owner", () => {
    const { status, items_page } = pageStatus(full, loaded.runbook);
    expect(status.items).toEqual(full.items.slice(0, STATUS_ITEMS_PAGE));
    expect(items_page).toMatchObject({ offset: 0, limit: STATUS_ITEMS_PAGE, total: 1_200 });
    // The done item on the last page is counted although the page does not carry it.
    expect(items_page?.counts).toEqual({ done: 2, not_done: 1_198 });
    expect(items_page?.open_by_owner).toEqual({ qa: 599, ops: 599 });
    expect(items_page?.optional_open_by_owner).toEqual({});
    expect(JSON.stringify(status).length).toBeLessThan(JSON.stringify(full).length);
  });

  it("never trims the verdict, its reasons or a gate's reasons; requirements keep state and met", () => {
    const { status } = pageStatus(full, loaded.runbook);
    expect(status.verdict).toBe("no_go");
    expect(status.reasons).toEqual(full.reasons);
    const g = status.gates.find((x) => x.id === "g0");
    const fg = full.gates.find((x) => x.id === "g0");
    expect(g?.reasons).toEqual(fg?.reasons);
    expect(g?.state).toBe(fg?.state);
    expect(g?.requires.map((r) => [r.id, r.state, r.met])).toEqual(fg?.requires.map((r) => [r.id, r.state, r.met]));
    expect(g?.requires.filter((r) => !r.met)).toHaveLength(149);
  });

  it("pages add up to every item, in runbook order", () => {
    const pages = [0, 500, 1_000].map((o) => itemsPage(full.items, o, 500));
    expect(pages.map((p) => p.items.length)).toEqual([500, 500, 200]);
    expect(pages.flatMap((p) => p.items)).toEqual(full.items);
    expect(pages[2]?.total).toBe(1_200);
  });

  it("leaves a runbook within one page as the engine computed it", () => {
    const small = bigRunbook(300);
    const s = computeStatus(small, emptyFacts(), new Date("2026-05-28T10:00:00Z"));
    expect(pageStatus(s, small.runbook)).toEqual({ status: s });
  });
});

describe("a paged status's count of open items by owner", () => {
  it("counts optional items no gate names apart from the owed ones; a gated optional item is owed", () => {
    const yaml = `golive: 1
meta: { id: opt, title: Opt }
roles:
  - { id: dba, title: DBA }
gates:
  - { id: G1, title: Ready, requires: { items: [gated] } }
sections:
  - id: prep
    title: Prep
    owner: dba
    items:
      - { id: backup, title: Backup taken }
      - { id: extra, title: Extra backup, optional: true }
      - { id: gated, title: Extra a gate needs, optional: true }
      - { id: nice, title: Nice to have, optional: true, owner: [] }
`;
    const r = loadRunbookText(yaml, "opt.yaml", checkKinds);
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
    const { items_page } = pageStatus(computeStatus(r.loaded, emptyFacts(), new Date("2026-05-28T10:00:00Z")), r.loaded.runbook, 1);
    expect(items_page?.open_by_owner).toEqual({ dba: 2 });
    expect(items_page?.optional_open_by_owner).toEqual({ dba: 1, "": 1 });
  });
});
