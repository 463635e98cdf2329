import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { computeStatus } from "./index.ts";
import { itemSatisfied } from "./items.ts";
import { at, facts, load, now, plain } from "../../testing/engine-kit.ts";

const RB = `
golive: 1
meta: { id: t, title: T, timezone: Asia/Ho_Chi_Minh, date: "2026-05-30" }
roles: [{ id: sec, members: [sam] }]
sections:
  - id: prep
    title: Preparation
    items:
      - { id: backup, title: Backup taken }
      - { id: notes, title: Release notes drafted, optional: true }
      - { id: smoke, title: Smoke test passed }
    sections:
      - { id: comms, title: Communication, items: [{ id: announce, title: Users told }] }
gates:
  - { id: G-1, title: Tested, requires: { items: [smoke] } }
waivers:
  - { id: risk, title: Accepted risk, targets: [announce], grantors: sec, max_duration: 1d }
`;
const done = (item: string) => ({ item, state: "done" as const, by: "ann", at: at("08:00") });

describe("readiness: GO never while a required item is open", () => {
  const loaded = load(RB);

  it("required items no gate names block the go through their section, named by title", () => {
    const s = computeStatus(loaded, facts(), now("09:00"));
    expect(s.verdict).toBe("no_go");
    const prep = s.gates.find((g) => g.id === "ready:prep");
    expect(prep).toMatchObject({ section: "prep", title: "Preparation", state: "pending" });
    // The gated item counts through its gate; the optional item not at all.
    expect(prep?.requires.map((r) => [r.id, r.title])).toEqual([["backup", "Backup taken"]]);
    expect(s.gates.find((g) => g.id === "ready:comms")?.requires.map((r) => r.id)).toEqual(["announce"]);
    const blocker = s.reasons.find((r) => r.code === "go.readiness" && r.params.section === "prep");
    expect(blocker).toMatchObject({ params: { gate: "ready:prep", title: "Preparation", open: 1, more: 0 } });
    expect(blocker?.text).toBe("section ‘Preparation’ not ready, 1 required item open: ‘Backup taken’ is not done");
    expect(plain(s.reasons)).toContain("gate ‘Tested’ pending: ‘Smoke test passed’ is not done");
  });

  it("go once every required item is done or waived; an open optional item does not block", () => {
    const waived = { waivers: [{ id: "w1", policy: "risk", target: "announce", by: "sam", at: at("07:00"), expires: at("23:00"), reason: "told by mail" }] };
    const s = computeStatus(loaded, facts({ items: [done("backup"), done("smoke")], ...waived }), now("09:00"));
    expect(s.items.find((i) => i.id === "notes")?.state).toBe("not_done");
    expect(s.gates.map((g) => [g.id, g.state])).toEqual([["G-1", "passing"], ["ready:prep", "passing"], ["ready:comms", "passing"]]);
    expect(s.verdict).toBe("go");
  });

  it("a failed item fails its section's readiness", () => {
    const failed = { item: "backup", state: "failed" as const, by: "ann", at: at("08:00"), note: "disk full" };
    const s = computeStatus(loaded, facts({ items: [failed] }), now("09:00"));
    expect(s.gates.find((g) => g.id === "ready:prep")?.state).toBe("failed");
  });

  it("a long section names its first open items and counts the rest", () => {
    const items = Array.from({ length: 8 }, (_, i) => ({ id: `i${i}`, title: `Task ${i}` }));
    const s = computeStatus(load(stringify({ golive: 1, meta: { id: "l", title: "L" }, sections: [{ id: "s", title: "Long", items }] })), facts(), now("09:00"));
    expect(s.reasons[0]?.text).toBe("section ‘Long’ not ready, 8 required items open: ‘Task 0’ is not done; ‘Task 1’ is not done; ‘Task 2’ is not done; ‘Task 3’ is not done; ‘Task 4’ is not done (+3 more)");
  });
});

// Random runbooks: sections of items (some optional, some with dependencies), gates naming random
// items, random item facts. Whatever the shape, an open required item means no-go.
const shape = fc.record({
  sections: fc.array(fc.array(fc.record({ optional: fc.boolean(), dependsOnPrevious: fc.boolean() }), { maxLength: 5 }), { minLength: 1, maxLength: 4 }),
  gates: fc.array(fc.array(fc.nat(30), { maxLength: 4 }), { maxLength: 3 }),
  states: fc.array(fc.constantFrom("done" as const, "done" as const, "not_done" as const, "failed" as const, "not_applicable" as const, null), { minLength: 20, maxLength: 20 }),
});

describe("readiness property", () => {
  it("any runbook with an open required item is no-go; with none open and nothing else asked, go", () => {
    fc.assert(
      fc.property(shape, ({ sections, gates, states }) => {
        let n = 0;
        const ids: string[] = [];
        const runbookSections = sections.map((items, si) => ({
          id: `s${si}`,
          title: `Section ${si}`,
          items: items.map((it, ii) => {
            const id = `i${n++}`;
            ids.push(id);
            return { id, title: `Item ${id}`, optional: it.optional, ...(it.dependsOnPrevious && ii > 0 ? { depends_on: [`i${n - 2}`] } : {}) };
          }),
        }));
        const runbookGates = gates
          .map((picks, gi) => ({ id: `G${gi}`, title: `Gate ${gi}`, requires: { items: [...new Set(picks.filter((p) => p < ids.length).map((p) => `i${p}`))] } }))
          .filter((g) => g.requires.items.length > 0);
        const loaded = load(stringify({ golive: 1, meta: { id: "p", title: "P" }, sections: runbookSections, gates: runbookGates }));
        const itemFacts = ids.flatMap((id, i) => {
          const state = states[i % states.length];
          return state ? [{ item: id, state, by: "ann", at: at("08:00") }] : [];
        });
        const s = computeStatus(loaded, facts({ items: itemFacts }), now("09:00"));
        const optional = new Set(runbookSections.flatMap((sec) => sec.items.filter((i) => i.optional).map((i) => i.id)));
        const gated = new Set(runbookGates.flatMap((g) => g.requires.items));
        // Required: not optional, or named by a gate (a gate waits for what it names).
        const openRequired = s.items.filter((i) => (!optional.has(i.id) || gated.has(i.id)) && !itemSatisfied(i.state));
        if (openRequired.length > 0) expect(s.verdict).toBe("no_go");
        else expect(s.verdict).toBe("go");
        expect(s.go).toBe(s.verdict === "go");
      }),
      { numRuns: 300 },
    );
  });
});
