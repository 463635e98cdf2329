import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeStatus } from "./index.ts";
import type { RunStatus } from "./types.ts";
import { access, ask, at, decision, factsWith, HAPPY, HAPPY_OBSERVATIONS, loaded, minute, observation, optionsOf, run, TEXT_ASSIGNED, toFact, type Access, type Decision } from "../../testing/engine-runs.ts";

// Properties over random runs (src/testing/engine-runs.ts): the decision functions and
// computeStatus agree, refused facts change nothing, and the status is plain, deterministic data;
// whoever acts in the roles (the text's members, vouched for or not; the run's assignments).
// properties-access.test.ts holds what an unvouched text may and may not do.

const withoutRefused = (s: RunStatus) => ({ ...s, refused: [] });

/** Every way to pick `n` of `xs`. */
function subsets(xs: number[], n: number): number[][] {
  if (n === 0) return [[]];
  if (xs.length < n) return [];
  const [head, ...rest] = xs as [number, ...number[]];
  return [...subsets(rest, n - 1).map((s) => [head, ...s]), ...subsets(rest, n)];
}

const VOUCHED: Access = { textMembers: true, changes: [] };

// The happy run, then bob grants a waiver of K1 (bob is one of role b's members in the text).
const bobWaives: Decision = { kind: "waiver", target: "K1", by: "bob", m: 0, len: 60, id: "w2" };
const HAPPY_RUN = { decisions: HAPPY, observations: HAPPY_OBSERVATIONS };
const DECIDE_EXAMPLES: [typeof HAPPY_RUN, Decision, Access][] = [
  [HAPPY_RUN, bobWaives, VOUCHED],
  [HAPPY_RUN, bobWaives, { textMembers: false, changes: [] }],
  [HAPPY_RUN, bobWaives, { textMembers: false, assignments: TEXT_ASSIGNED, changes: [] }],
  [HAPPY_RUN, bobWaives, { textMembers: false, assignments: { a: ["ann"], b: ["cat"] }, changes: [] }],
  // Assigned to b only after the run's last fact: at that moment bob acts in it.
  [HAPPY_RUN, bobWaives, { textMembers: false, assignments: {}, changes: [{ m: 450, role: "b", people: ["bob"] }] }],
];

describe("engine properties", () => {
  it("a decision function says yes exactly when computeStatus accepts the fact recorded at that moment, whoever acts in the roles", () => {
    // Both answers must occur with an unvouched text, with and without assignments: counted over
    // the examples (always run), never left to the random runs.
    const seen = new Set<string>();
    fc.assert(
      fc.property(run, decision, access, ({ decisions, observations }, candidate, who) => {
        const last = Math.max(0, ...decisions.map((d) => d.m), ...observations.map((o) => o.m), ...who.changes.map((x) => x.m));
        const c = { ...candidate, m: last + 1 };
        const now = new Date(at(c.m));
        const opts = optionsOf(who);
        const verdict = ask(factsWith(decisions, observations, who), now, c, opts);
        const after = computeStatus(loaded, factsWith([...decisions, c], observations, who), now, opts);
        const refusedAtEnd = after.refused.some((r) => r.at === now.toISOString() && r.kind === c.kind);
        expect(verdict.ok).toBe(!refusedAtEnd);
        if (!verdict.ok) expect(after.refused.find((r) => r.at === now.toISOString())?.reasons).toEqual(verdict.reasons);
        seen.add(`${who.textMembers}|${who.assignments ? "assigned" : "none"}|${verdict.ok}|${verdict.ok || verdict.reasons.some((r) => r.code === "role.text_unapproved")}`);
      }),
      { numRuns: 200, examples: DECIDE_EXAMPLES },
    );
    expect([...seen]).toEqual(expect.arrayContaining([
      "false|none|false|true", // an unvouched text's member, nobody assigned: refused, and says why
      "false|assigned|true|true", // the same member, assigned: accepted
      "false|assigned|false|true", // a member the text names but nobody assigned: refused, says why
      "true|none|true|true", // the vouched text's member: accepted
    ]));
  });

  it("refused facts change nothing: the status is the same without them", () => {
    fc.assert(
      fc.property(run, access, ({ decisions, observations }, who) => {
        const now = new Date(at(8 * 60 + 1));
        const opts = optionsOf(who);
        const s = computeStatus(loaded, factsWith(decisions, observations, who), now, opts);
        const keyOf = (d: Decision) => {
          const f = toFact(d) as { by: string };
          const target = d.kind === "signoff" ? d.signoff : d.kind === "waiver" ? d.target : d.kind === "wave" ? d.wave : d.kind === "checkpoint" ? "CP" : d.kind === "step" ? d.step : d.kind === "hypercare" ? "hypercare" : d.criterion;
          const action = d.kind === "step" || d.kind === "wave" || d.kind === "hypercare" ? d.action : d.kind === "checkpoint" ? d.decision : "";
          return `${d.kind}|${target}|${action}|${f.by}|${at(d.m)}`;
        };
        const refusedCount = new Map<string, number>();
        for (const r of s.refused) {
          const k = `${r.kind}|${r.target}|${r.action ?? ""}|${r.by}|${r.at}`;
          refusedCount.set(k, (refusedCount.get(k) ?? 0) + 1);
        }
        // Every refused fact matches a recorded decision.
        const byKey = new Map<string, number[]>();
        decisions.forEach((d, i) => byKey.set(keyOf(d), [...(byKey.get(keyOf(d)) ?? []), i]));
        for (const [k, n] of refusedCount) expect(byKey.get(k)?.length ?? 0).toBeGreaterThanOrEqual(n);
        // Facts with one key (same kind, target, action, person and minute) may differ only in
        // what they carry (an attestation's value), and the status does not say which of them was
        // refused: the property holds when some choice of the refused ones leaves the status as is.
        const choices: number[][][] = [];
        for (const [k, n] of refusedCount) choices.push(subsets(byKey.get(k) ?? [], n));
        let combos: number[][] = [[]];
        for (const c of choices) combos = combos.flatMap((base) => c.map((pick) => [...base, ...pick])).slice(0, 256);
        const expected = withoutRefused(s);
        const outcomes = combos.map((drop) => {
          const kept = decisions.filter((_, i) => !drop.includes(i));
          return withoutRefused(computeStatus(loaded, factsWith(kept, observations, who), now, opts));
        });
        const same = outcomes.find((o) => JSON.stringify(o) === JSON.stringify(expected));
        expect(same ?? outcomes[0]).toEqual(expected);
      }),
      {
        numRuns: 150,
        // Found by a random run: a rollback and a refused start of one step by one person in the
        // same minute; only the refused fact's action tells them apart.
        examples: [[{ decisions: [
          { kind: "step", step: "1", action: "start", by: "ann", m: 100 },
          { kind: "step", step: "1", action: "done", by: "ann", m: 110 },
          { kind: "step", step: "2a", action: "start", by: "ann", m: 120 },
          { kind: "step", step: "2a", action: "done", by: "ann", m: 125 },
          { kind: "step", step: "2b", action: "start", by: "ann", m: 130 },
          { kind: "step", step: "2b", action: "rollback", by: "ann", m: 150 },
          { kind: "step", step: "2b", action: "start", by: "ann", m: 150 },
        ], observations: [] }, VOUCHED], [{ decisions: [
          // Found by CI: two attestations of K2 by one person in one minute, one with a value
          // (kept) and one without (refused); only the value tells them apart.
          { kind: "wave", wave: "W1", action: "open", by: "ann", m: 30 },
          { kind: "attestation", criterion: "K2", value: 5, met: undefined, by: "cat", m: 70 },
          { kind: "attestation", criterion: "K2", value: undefined, met: undefined, by: "cat", m: 70 },
        ], observations: [
          { kind: "check", check: "c1", outcome: "pass", m: 0 },
          { kind: "item", item: "i1", state: "done", evidence: true, m: 0 },
        ] }, VOUCHED],
        // An unvouched text whose members are assigned, one of them only from minute 60 on: the
        // happy run's refusals (ann's sign-off before that) change nothing either.
        [{ decisions: HAPPY, observations: HAPPY_OBSERVATIONS }, { textMembers: false, assignments: { a: ["bob"], b: ["bob", "cat"] }, changes: [{ m: 60, role: "a", people: ["ann", "bob"] }] }]],
      },
    );
  });

  it("the status is deterministic, plain JSON, and go only without reasons to stop", () => {
    fc.assert(
      fc.property(fc.array(decision, { maxLength: 20 }), fc.array(observation, { maxLength: 10 }), minute, access, (decisions, observations, m, who) => {
        const f = factsWith(decisions, observations, who);
        const s = computeStatus(loaded, f, new Date(at(m)), optionsOf(who));
        expect(JSON.parse(JSON.stringify(s))).toEqual(s);
        expect(computeStatus(loaded, f, new Date(at(m)), optionsOf(who))).toEqual(s);
        if (s.go) {
          expect(s.gates.every((g) => g.state === "passing" || g.state === "waived")).toBe(true);
          expect(s.signoffs.every((x) => x.state === "given")).toBe(true);
          expect(s.steps.some((x) => x.state === "failed" || x.state === "rolling_back")).toBe(false);
        } else expect(s.reasons.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });

  it("hypercare is never closed while a criterion failed, a sign-off was missing or the period ran", () => {
    fc.assert(
      fc.property(run, minute, access, ({ decisions, observations }, m, who) => {
        const now = new Date(at(m));
        const s = computeStatus(loaded, factsWith(decisions, observations, who), now, optionsOf(who));
        const h = s.hypercare;
        if (h?.state !== "closed") {
          if (h?.mayClose) expect(h.criteria.every((c) => c.met) && h.elapsed).toBe(true);
          return;
        }
        // As it stood at the close: every criterion met, every sign-off given, the period over.
        expect(h.criteria.every((c) => c.met)).toBe(true);
        expect(h.criteria.filter((c) => c.kind === "signoff").map((c) => c.state)).toEqual(["given"]);
        expect(Date.parse(h.closedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(h.endsAt ?? ""));
        // And the run without the close, at that moment, allowed it.
        const closedAt = new Date(h.closedAt ?? "");
        const without = decisions.filter((d) => !(d.kind === "hypercare" && d.action === "close" && at(d.m) === h.closedAt));
        const before = computeStatus(loaded, factsWith(without, observations, who), closedAt, optionsOf(who)).hypercare;
        expect(before?.mayClose).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
