import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeStatus } from "./index.ts";
import { access, at, factsWith, HAPPY, HAPPY_OBSERVATIONS, loaded, run, TEXT_ASSIGNED, type Access } from "../../testing/engine-runs.ts";

// Properties of who acts in a role when the runbook text is not vouched for (engine option
// `textMembers: false`, a server's runbook no admin approved): only the run's assignments, as
// they stood at each decision's time; and the text's members, once assigned, act exactly as the
// vouched text's members do; only the explanation (role.text_unapproved) differs.

const TEXT: Record<"a" | "b", string[]> = { a: ["ann", "bob"], b: ["bob", "cat"] };
const unvouched = access.map((who): Access => ({ ...who, textMembers: false }));

/** Who the run assigned to a role at minute `m`: its first list, replaced by each change up to then. */
function assignedAt(who: Access, role: "a" | "b", m: number): string[] {
  const changed = who.changes.filter((c) => c.role === role && c.m <= m).sort((x, y) => x.m - y.m).at(-1);
  return changed ? changed.people : (who.assignments?.[role] ?? []);
}
const minuteOf = (iso: string) => (Date.parse(iso) - Date.parse(at(0))) / 60_000;

type R = { code?: string; causes?: R[] } | null;
/** A reason that says the text's members do not count, or only wraps such reasons. */
const unvouchedOnly = (r: R): boolean => r?.code === "role.text_unapproved" || (!!r?.causes?.length && r.causes.every(unvouchedOnly));

/**
 * The same value without the reasons that say the text's members do not count, and reasons by
 * code and parameters only (a reason's sentence quotes its causes, those among them).
 */
function withoutUnvouched(x: unknown): unknown {
  if (Array.isArray(x)) return x.filter((e) => !unvouchedOnly(e as R)).map(withoutUnvouched);
  if (x && typeof x === "object") {
    return Object.fromEntries(Object.entries(x).filter(([k]) => !("code" in x && k === "text")).map(([k, v]) => [k, withoutUnvouched(v)]));
  }
  return x;
}

describe("engine properties: members named in an unvouched runbook text", () => {
  it("nobody acts by the text alone, and every signer, grantor and GO is the assigned people's at that time", () => {
    let gone = 0;
    fc.assert(
      fc.property(run, unvouched, fc.integer({ min: 200, max: 8 * 60 }), ({ decisions, observations }, who, m) => {
        const s = computeStatus(loaded, factsWith(decisions, observations, who), new Date(at(m)), { textMembers: false });
        // Nobody assigned: no sign-off, vote or waiver holds, never GO.
        if (!who.assignments && who.changes.length === 0) {
          expect(s.go).toBe(false);
          expect(s.signoffs.flatMap((x) => x.signers)).toEqual([]);
          expect(s.waivers).toEqual([]);
          return;
        }
        if (s.go) gone++;
        for (const x of s.signoffs) for (const signer of x.signers) expect(assignedAt(who, x.role as "a" | "b", minuteOf(signer.at))).toContain(signer.by);
        for (const w of s.waivers) expect(assignedAt(who, "b", minuteOf(w.at))).toContain(w.by);
      }),
      {
        numRuns: 300,
        // The undamaged run with the people the text names, assigned: it reaches GO.
        examples: [[{ decisions: HAPPY, observations: HAPPY_OBSERVATIONS }, { textMembers: false, assignments: TEXT_ASSIGNED, changes: [] }, 300]],
      },
    );
    // Not vacuous: assignments alone brought some runs to GO (the example does, on every seed).
    expect(gone).toBeGreaterThan(0);
  });

  it("the text's members, assigned, act exactly as the vouched text's members: only the explanation differs", () => {
    let gone = 0;
    fc.assert(
      fc.property(run, access, fc.integer({ min: 0, max: 8 * 60 }), ({ decisions, observations }, vouched, m) => {
        const vouchedWho: Access = { ...vouched, textMembers: true };
        // The same people, written as assignments: the text's members added to every list.
        const plus = (role: "a" | "b", people: string[] = []) => [...new Set([...TEXT[role], ...people])];
        const assignedWho: Access = {
          textMembers: false,
          assignments: { a: plus("a", vouched.assignments?.a), b: plus("b", vouched.assignments?.b) },
          changes: vouched.changes.map((c) => ({ ...c, people: plus(c.role, c.people) })),
        };
        const now = new Date(at(m));
        const a = computeStatus(loaded, factsWith(decisions, observations, vouchedWho), now, { textMembers: true });
        const b = computeStatus(loaded, factsWith(decisions, observations, assignedWho), now, { textMembers: false });
        expect(withoutUnvouched(b)).toEqual(withoutUnvouched(a));
        if (a.go) gone++;
      }),
      { numRuns: 200, examples: [[{ decisions: HAPPY, observations: HAPPY_OBSERVATIONS }, { textMembers: true, changes: [] }, 300]] },
    );
    expect(gone).toBeGreaterThan(0);
  });
});
