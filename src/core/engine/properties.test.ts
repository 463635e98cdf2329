import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FactsInput } from "../model/facts.ts";
import { canAttest, canDecideCheckpoint, canDecideHypercare, canGrantWaiver, canOpenWave, canSignOff, canStepAction, computeStatus } from "./index.ts";
import type { RunStatus } from "./types.ts";
import { facts as parseFacts, load } from "../../testing/engine-kit.ts";

// Properties over random runs: the decision functions and computeStatus agree, refused facts
// change nothing, and the status is plain, deterministic data.

const RB = `
golive: 1
meta: { id: p, title: P, timezone: Asia/Ho_Chi_Minh, date: "2026-05-30" }
roles:
  - { id: a, members: [ann, bob] }
  - { id: b, members: [bob, cat] }
checks:
  - { id: c1, kind: http, config: { url: "http://127.0.0.1:1/" }, conditions: ["status == 200"] }
  - { id: c2, kind: http, config: { url: "http://127.0.0.1:1/" }, conditions: ["status == 200"] }
sections:
  - { id: s, title: S, items: [{ id: i1, title: I1, evidence: required }, { id: i2, title: I2, depends_on: [i1] }] }
gates:
  - { id: G1, title: G1, requires: { checks: [c1], items: [i1] } }
  - { id: G2, title: G2, requires: { gates: [G1], checks: [c2] } }
waves:
  - { id: W1, title: W1, requires: { gates: [G1] }, soak: 2h, exit: [{ id: K1, title: K1, check: c2 }, { id: K2, title: K2, attest: { by: b, condition: "value >= 4" } }] }
  - { id: W2, title: W2, soak: 1h, exit: [{ id: K3, title: K3, attest: { by: a } }] }
steps:
  - { id: "1", title: One, rollback: Undo }
  - { id: "2", title: Two, verify: { checks: [c1] }, steps: [{ id: 2a, title: Two A }, { id: 2b, title: Two B }] }
  - { id: "3", title: Three }
timeline:
  rollback_deadline: "12:00"
  phases:
    - { id: P1, title: P1, start: "08:00", checkpoint: { id: CP, title: CP, at: "10:00", approvers: [a, b], quorum: 2, requires: { gates: [G1] } } }
signoffs:
  - { id: S1, title: S1, role: a, requires: { gates: [G1] } }
  - { id: S2, title: S2, role: b, quorum: 2, separate_from: [S1] }
waivers:
  - { id: WP, title: WP, targets: [G2, K1, c1], grantors: b, max_duration: 3h }
hypercare:
  duration: 2h
  owners: a
  exit: { green_for: 30m, checks: [c1], items: [i2], signoffs: [S2] }
`;
const loaded = load(RB);

const BASE = Date.parse("2026-05-30T06:00:00+07:00");
const minute = fc.integer({ min: 0, max: 8 * 60 });
const at = (m: number) => new Date(BASE + m * 60_000).toISOString();
const early = fc.integer({ min: 0, max: 3 * 60 });
// Mostly members, sometimes an outsider: enough valid decisions for runs to get somewhere.
const person = fc.constantFrom("ann", "bob", "cat", "bob", "eve");

const decision = fc.oneof(
  fc.record({ kind: fc.constant("signoff" as const), signoff: fc.constantFrom("S1", "S2"), by: person, m: minute }),
  fc.record({ kind: fc.constant("waiver" as const), target: fc.constantFrom("G2", "K1", "c1", "G1"), by: person, m: minute, len: fc.integer({ min: -10, max: 300 }), id: fc.constantFrom("w1", "w2", "w3") }),
  fc.record({ kind: fc.constant("wave" as const), wave: fc.constantFrom("W1", "W2"), action: fc.constantFrom("open" as const, "close" as const), by: person, m: minute }),
  fc.record({ kind: fc.constant("checkpoint" as const), decision: fc.constantFrom("go" as const, "no_go" as const), by: person, m: minute }),
  fc.record({ kind: fc.constant("step" as const), step: fc.constantFrom("1", "2", "2a", "2b", "3"), action: fc.constantFrom("start" as const, "verify" as const, "done" as const, "fail" as const, "rollback" as const, "rolled_back" as const), by: person, m: minute }),
  fc.record({ kind: fc.constant("attestation" as const), criterion: fc.constantFrom("K2", "K3"), value: fc.option(fc.constantFrom(3, 4, 5, 5, "x"), { nil: undefined }), met: fc.option(fc.boolean(), { nil: undefined }), by: person, m: minute }),
  fc.record({ kind: fc.constant("hypercare" as const), action: fc.constantFrom("close" as const, "close" as const, "extend" as const), extend: fc.constantFrom("30m", "1h", undefined), by: person, m: minute }),
);
type Decision = typeof decision extends fc.Arbitrary<infer T> ? T : never;

const observation = fc.oneof(
  fc.record({ kind: fc.constant("check" as const), check: fc.constantFrom("c1", "c2"), outcome: fc.constantFrom("pass" as const, "pass" as const, "pass" as const, "fail" as const, "error" as const, "inconclusive" as const), m: early }),
  fc.record({ kind: fc.constant("item" as const), item: fc.constantFrom("i1", "i2"), state: fc.constantFrom("done" as const, "done" as const, "failed" as const, "not_done" as const), evidence: fc.constantFrom(true, true, false), m: early }),
);
type Observation = typeof observation extends fc.Arbitrary<infer T> ? T : never;

// A run that goes well, as a script; the properties run it with random damage (facts dropped,
// people swapped, times moved) plus random extra decisions, so both deep and broken runs occur.
const HAPPY_OBSERVATIONS: Observation[] = [
  { kind: "check", check: "c1", outcome: "pass", m: 0 },
  { kind: "item", item: "i1", state: "done", evidence: true, m: 0 },
  { kind: "item", item: "i2", state: "done", evidence: false, m: 5 },
  { kind: "check", check: "c2", outcome: "pass", m: 60 },
];
const HAPPY: Decision[] = [
  { kind: "wave", wave: "W1", action: "open", by: "ann", m: 30 },
  { kind: "signoff", signoff: "S1", by: "ann", m: 40 },
  { kind: "checkpoint", decision: "go", by: "ann", m: 45 },
  { kind: "checkpoint", decision: "go", by: "cat", m: 46 },
  { kind: "signoff", signoff: "S2", by: "bob", m: 50 },
  { kind: "signoff", signoff: "S2", by: "cat", m: 55 },
  { kind: "attestation", criterion: "K2", value: 5, met: undefined, by: "cat", m: 70 },
  { kind: "waiver", target: "G2", by: "bob", m: 80, len: 120, id: "w1" },
  { kind: "step", step: "1", action: "start", by: "ann", m: 100 },
  { kind: "step", step: "1", action: "done", by: "ann", m: 110 },
  { kind: "step", step: "2a", action: "start", by: "ann", m: 120 },
  { kind: "step", step: "2a", action: "done", by: "ann", m: 125 },
  { kind: "step", step: "2b", action: "start", by: "ann", m: 130 },
  { kind: "step", step: "2b", action: "fail", by: "ann", m: 135 },
  { kind: "step", step: "2b", action: "rollback", by: "ann", m: 140 },
  { kind: "step", step: "2b", action: "rolled_back", by: "ann", m: 145 },
  { kind: "step", step: "2b", action: "start", by: "ann", m: 150 },
  { kind: "step", step: "2b", action: "done", by: "ann", m: 155 },
  { kind: "wave", wave: "W2", action: "open", by: "ann", m: 160 },
  { kind: "step", step: "3", action: "start", by: "ann", m: 165 },
  { kind: "step", step: "3", action: "done", by: "ann", m: 170 },
  { kind: "attestation", criterion: "K3", value: undefined, met: true, by: "bob", m: 180 },
  { kind: "step", step: "1", action: "rollback", by: "ann", m: 400 },
  { kind: "hypercare", action: "extend", extend: "30m", by: "bob", m: 200 },
  { kind: "hypercare", action: "close", extend: undefined, by: "ann", m: 280 },
];
const damage = fc.record({ drop: fc.integer({ min: 0, max: 99 }), swap: fc.option(person, { nil: undefined }), shift: fc.option(fc.integer({ min: -90, max: 90 }), { nil: undefined }) });
const run = fc
  .tuple(
    fc.array(damage, { minLength: HAPPY.length + HAPPY_OBSERVATIONS.length, maxLength: HAPPY.length + HAPPY_OBSERVATIONS.length }),
    fc.array(decision, { maxLength: 6 }),
    fc.array(observation, { maxLength: 4 }),
  )
  .map(([dmg, extraDecisions, extraObservations]) => {
    const hurt = <T extends { m: number }>(x: T, i: number): T[] => {
      const d = dmg[i];
      if (!d || d.drop < 10) return [];
      const out = { ...x, m: Math.max(0, x.m + (d.shift !== undefined && d.drop < 30 ? d.shift : 0)) };
      if ("by" in out && d.swap !== undefined && d.drop < 25) (out as { by: string }).by = d.swap;
      return [out];
    };
    return {
      decisions: [...HAPPY.flatMap((x, i) => hurt(x, i)), ...extraDecisions],
      observations: [...HAPPY_OBSERVATIONS.flatMap((x, i) => hurt(x, HAPPY.length + i)), ...extraObservations],
    };
  });

function toFacts(decisions: Decision[], observations: Observation[]): FactsInput {
  // Hypercare starts at go-live, 08:00 (minute 120).
  const f = { run: { golive_at: at(120) }, checks: [], items: [], signoffs: [], waivers: [], waves: [], checkpoints: [], steps: [], attestations: [], hypercare: [] } as Required<Pick<FactsInput, "run" | "checks" | "items" | "signoffs" | "waivers" | "waves" | "checkpoints" | "steps" | "attestations" | "hypercare">>;
  for (const o of observations) {
    if (o.kind === "check") f.checks.push({ check: o.check, outcome: o.outcome, at: at(o.m) });
    else f.items.push({ item: o.item, state: o.state, by: "ann", at: at(o.m), evidence: o.evidence ? [{ kind: "text", value: "ok" }] : [] });
  }
  for (const d of decisions) f[bucket(d)].push(toFact(d) as never);
  return f;
}

function bucket(d: Decision) {
  return ({ signoff: "signoffs", waiver: "waivers", wave: "waves", checkpoint: "checkpoints", step: "steps", attestation: "attestations", hypercare: "hypercare" } as const)[d.kind];
}

function toFact(d: Decision) {
  switch (d.kind) {
    case "signoff": return { signoff: d.signoff, by: d.by, at: at(d.m) };
    case "waiver": return { id: d.id, policy: "WP", target: d.target, by: d.by, at: at(d.m), expires: at(d.m + d.len), reason: "r" };
    case "wave": return { wave: d.wave, action: d.action, by: d.by, at: at(d.m) };
    case "checkpoint": return { checkpoint: "CP", decision: d.decision, by: d.by, at: at(d.m) };
    case "step": return { step: d.step, action: d.action, by: d.by, at: at(d.m) };
    case "hypercare": return { action: d.action, by: d.by, at: at(d.m), ...(d.extend ? { extend_by: d.extend, comment: "longer" } : {}) };
    case "attestation": {
      const out: Record<string, unknown> = { criterion: d.criterion, by: d.by, at: at(d.m), evidence: [] };
      if (d.value !== undefined) out.value = d.value;
      if (d.met !== undefined) out.met = d.met;
      return out;
    }
  }
}

function ask(facts: ReturnType<typeof parseFacts>, now: Date, d: Decision) {
  const fact = toFact(d);
  switch (d.kind) {
    case "signoff": return canSignOff(loaded, facts, now, fact as never);
    case "waiver": return canGrantWaiver(loaded, facts, now, fact as never);
    case "wave": return canOpenWave(loaded, facts, now, fact as never);
    case "checkpoint": return canDecideCheckpoint(loaded, facts, now, fact as never);
    case "step": return canStepAction(loaded, facts, now, fact as never);
    case "attestation": return canAttest(loaded, facts, now, parseFacts({ attestations: [fact as never] }).attestations[0]!);
    case "hypercare": return canDecideHypercare(loaded, facts, now, fact as never);
  }
}

const withoutRefused = (s: RunStatus) => ({ ...s, refused: [] });

/** Every way to pick `n` of `xs`. */
function subsets(xs: number[], n: number): number[][] {
  if (n === 0) return [[]];
  if (xs.length < n) return [];
  const [head, ...rest] = xs as [number, ...number[]];
  return [...subsets(rest, n - 1).map((s) => [head, ...s]), ...subsets(rest, n)];
}

describe("engine properties", () => {
  it("a decision function says yes exactly when computeStatus accepts the fact recorded at that moment", () => {
    fc.assert(
      fc.property(run, decision, ({ decisions, observations }, candidate) => {
        const last = Math.max(0, ...decisions.map((d) => d.m), ...observations.map((o) => o.m));
        const c = { ...candidate, m: last + 1 };
        const now = new Date(at(c.m));
        const before = parseFacts(toFacts(decisions, observations));
        const verdict = ask(before, now, c);
        const after = computeStatus(loaded, parseFacts(toFacts([...decisions, c], observations)), now);
        const refusedAtEnd = after.refused.some((r) => r.at === now.toISOString() && r.kind === c.kind);
        expect(verdict.ok).toBe(!refusedAtEnd);
        if (!verdict.ok) expect(after.refused.find((r) => r.at === now.toISOString())?.reasons).toEqual(verdict.reasons);
      }),
      { numRuns: 200 },
    );
  });

  it("refused facts change nothing: the status is the same without them", () => {
    fc.assert(
      fc.property(run, ({ decisions, observations }) => {
        const now = new Date(at(8 * 60 + 1));
        const s = computeStatus(loaded, parseFacts(toFacts(decisions, observations)), now);
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
          return withoutRefused(computeStatus(loaded, parseFacts(toFacts(kept, observations)), now));
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
        ], observations: [] }], [{ decisions: [
          // Found by CI: two attestations of K2 by one person in one minute, one with a value
          // (kept) and one without (refused); only the value tells them apart.
          { kind: "wave", wave: "W1", action: "open", by: "ann", m: 30 },
          { kind: "attestation", criterion: "K2", value: 5, met: undefined, by: "cat", m: 70 },
          { kind: "attestation", criterion: "K2", value: undefined, met: undefined, by: "cat", m: 70 },
        ], observations: [
          { kind: "check", check: "c1", outcome: "pass", m: 0 },
          { kind: "item", item: "i1", state: "done", evidence: true, m: 0 },
        ] }]],
      },
    );
  });

  it("the status is deterministic, plain JSON, and go only without reasons to stop", () => {
    fc.assert(
      fc.property(fc.array(decision, { maxLength: 20 }), fc.array(observation, { maxLength: 10 }), minute, (decisions, observations, m) => {
        const f = parseFacts(toFacts(decisions, observations));
        const s = computeStatus(loaded, f, new Date(at(m)));
        expect(JSON.parse(JSON.stringify(s))).toEqual(s);
        expect(computeStatus(loaded, f, new Date(at(m)))).toEqual(s);
        if (s.go) {
          expect(s.gates.every((g) => g.state === "passing" || g.state === "waived")).toBe(true);
          expect(s.signoffs.every((x) => x.state === "given")).toBe(true);
          expect(s.steps.some((x) => x.state === "failed" || x.state === "rolling_back")).toBe(false);
        } else expect(s.reasons.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });

  it("members named in the runbook text not counting: nobody acts by the text alone, and a GO is the assigned people's", () => {
    // Often the very people the text names (the happy run can then reach GO), else any of them.
    const assigned = fc.oneof(
      fc.constant<Record<string, string[]>>({ a: ["ann", "bob"], b: ["bob", "cat"] }),
      fc.record({ a: fc.subarray(["ann", "bob", "cat", "eve"]), b: fc.subarray(["ann", "bob", "cat", "eve"]) }),
    );
    let gone = 0;
    fc.assert(
      fc.property(run, fc.option(assigned, { nil: undefined }), fc.integer({ min: 200, max: 8 * 60 }), ({ decisions, observations }, assignments, m) => {
        const f = parseFacts({ ...toFacts(decisions, observations), ...(assignments ? { assignments } : {}) });
        const now = new Date(at(m));
        const s = computeStatus(loaded, f, now, { textMembers: false });
        // Without assignments nobody acts in a role: no sign-off, vote or waiver holds, never GO.
        if (!assignments) {
          expect(s.go).toBe(false);
          expect(s.signoffs.flatMap((x) => x.signers)).toEqual([]);
          expect(s.waivers).toEqual([]);
          return;
        }
        if (s.go) gone++;
        // Every signer of a sign-off is assigned to its role.
        for (const x of s.signoffs) for (const signer of x.signers) expect(assignments[x.role as "a" | "b"]).toContain(signer.by);
        for (const w of s.waivers) expect(assignments.b).toContain(w.by);
      }),
      {
        numRuns: 300,
        // The undamaged run with the people the text names, assigned: it reaches GO.
        examples: [[{ decisions: HAPPY, observations: HAPPY_OBSERVATIONS }, { a: ["ann", "bob"], b: ["bob", "cat"] }, 300]],
      },
    );
    // Not vacuous: assignments alone brought some runs to GO.
    expect(gone).toBeGreaterThan(0);
  });

  it("hypercare is never closed while a criterion failed, a sign-off was missing or the period ran", () => {
    fc.assert(
      fc.property(run, minute, ({ decisions, observations }, m) => {
        const now = new Date(at(m));
        const s = computeStatus(loaded, parseFacts(toFacts(decisions, observations)), now);
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
        const before = computeStatus(loaded, parseFacts(toFacts(without, observations)), closedAt).hypercare;
        expect(before?.mayClose).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
