import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FactFold, factsOf, pointHash, type StoredFact } from "./fact-fold.ts";
import { foldFacts } from "./fold.ts";
import type { FactInput, RunRecord } from "./store.ts";

const run: RunRecord = { id: "r1", name: "run", runbookHash: "h", version: 1, meta: { started_at: "2026-05-28T08:00:00.000Z" }, assignments: { qa: ["quinn"] }, active: true, createdAt: "2026-05-28T08:00:00.000Z", createdBy: "t", kind: "live" };
const at = (i: number) => new Date(Date.UTC(2026, 4, 28, 8, 0, i)).toISOString();

/** A random fact of every kind that folds differently: appended, replaced by id, merged. */
const factArb: fc.Arbitrary<FactInput> = fc.oneof(
  fc.record({ i: fc.nat(59), item: fc.constantFrom("a", "b") }).map(({ i, item }): FactInput => ({ kind: "item", data: { item, state: "done", by: "x", at: at(i), evidence: [] } })),
  fc.record({ i: fc.nat(59), outcome: fc.constantFrom("pass", "fail") }).map(({ i, outcome }): FactInput => ({ kind: "check", data: { check: "api", outcome, at: at(i), duration_ms: 1, conditions: [] } })),
  fc.record({ i: fc.nat(59), id: fc.constantFrom("i1", "i2") }).map(({ i, id }): FactInput => ({ kind: "incident", data: { id, title: id, severity: "P2", opened_at: at(i), opened_by: "x", updates: [] } })),
  fc.record({ i: fc.nat(59), id: fc.constantFrom("i1", "i2") }).map(({ i, id }): FactInput => ({ kind: "incident_update", data: { id, at: at(i), by: "x", text: "t", status: "mitigated" } })),
  fc.record({ i: fc.nat(59), id: fc.constantFrom("i1", "i2") }).map(({ i, id }): FactInput => ({ kind: "incident_resolve", data: { id, at: at(i), by: "x" } })),
  fc.record({ i: fc.nat(59), phase: fc.constantFrom("p1", "p2"), end: fc.boolean() }).map(({ i, phase, end }): FactInput => ({ kind: "phase", data: end ? { phase, ended_at: at(i) } : { phase, started_at: at(i) } })),
  fc.record({ i: fc.nat(59), task: fc.constantFrom("t1", "t2") }).map(({ i, task }): FactInput => ({ kind: "task", data: { task, started_at: at(i) } })),
  fc.nat(59).map((i): FactInput => ({ kind: "signoff", data: { signoff: "s", by: "x", at: at(i) } })),
  fc.nat(59).map((i): FactInput => ({ kind: "hypercare", data: { action: "extend", by: "x", at: at(i), extend_by: "1d", comment: "more" } })),
);

const stored = (facts: readonly FactInput[]): StoredFact[] => facts.map((f, i) => ({ ...f, version: i + 2, chain: null }));
const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

describe("FactFold", () => {
  it("property: folding one fact at a time equals folding the whole log, and every earlier view keeps its state", () => {
    fc.assert(fc.property(fc.array(factArb, { maxLength: 40 }), fc.nat(40), (facts, cut) => {
      const log = stored(facts);
      const fold = new FactFold();
      const views: { n: number; json: unknown; view: ReturnType<FactFold["view"]> }[] = [];
      for (const [n, f] of log.entries()) {
        const view = fold.view();
        views.push({ n, json: plain(view), view });
        fold.apply(f);
      }
      const lists = fold.view();
      expect(plain(factsOf(run, lists, lists.checks))).toEqual(plain(foldFacts(run, log)));
      for (const v of views) expect(plain(v.view)).toEqual(v.json);
      // Resuming from a point (a snapshot) gives the same state and the same chain.
      const k = Math.min(cut, log.length);
      const head = new FactFold();
      for (const f of log.slice(0, k)) head.apply(f);
      const resumed = new FactFold(plain(head.point()) as ReturnType<FactFold["point"]>);
      for (const f of log.slice(k)) resumed.apply(f);
      expect(resumed.chain).toBe(fold.chain);
      expect(plain(resumed.view())).toEqual(plain(lists));
    }));
  });

  it("chains every fact: a changed, dropped or reordered fact changes the link", () => {
    const log = stored([
      { kind: "item", data: { item: "a", state: "done", by: "x", at: at(1), evidence: [] } },
      { kind: "item", data: { item: "b", state: "done", by: "x", at: at(2), evidence: [] } },
    ]);
    const link = (facts: StoredFact[]) => facts.reduce((f, x) => (f.apply(x), f), new FactFold()).chain;
    const base = link(log);
    expect(link([log[0]!, { ...log[1]!, data: { ...log[1]!.data, by: "y" } } as StoredFact])).not.toBe(base);
    expect(link([log[0]!])).not.toBe(base);
    expect(link([{ ...log[1]!, version: 2 }, { ...log[0]!, version: 3 }])).not.toBe(base);
    const p = new FactFold().point();
    expect(pointHash("r1", p)).not.toBe(pointHash("r2", p));
  });
});
