// Random runs of one small runbook for the engine's property tests (src/core/engine/properties*.test.ts):
// the runbook, decisions and observations as fast-check arbitraries, a happy run to damage, the
// facts they make, and who acts in the roles (the text's members, vouched or not; assignments).
import fc from "fast-check";
import { canAttest, canDecideCheckpoint, canDecideHypercare, canGrantWaiver, canOpenWave, canSignOff, canStepAction } from "../core/engine/index.ts";
import type { EngineOptions } from "../core/engine/index.ts";
import type { Facts, FactsInput } from "../core/model/facts.ts";
import { facts as parseFacts, load } from "./engine-kit.ts";

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
export const loaded = load(RB);

const BASE = Date.parse("2026-05-30T06:00:00+07:00");
export const minute = fc.integer({ min: 0, max: 8 * 60 });
export const at = (m: number) => new Date(BASE + m * 60_000).toISOString();
export const early = fc.integer({ min: 0, max: 3 * 60 });
// Mostly members, sometimes an outsider: enough valid decisions for runs to get somewhere.
export const person = fc.constantFrom("ann", "bob", "cat", "bob", "eve");

export const decision = fc.oneof(
  fc.record({ kind: fc.constant("signoff" as const), signoff: fc.constantFrom("S1", "S2"), by: person, m: minute }),
  fc.record({ kind: fc.constant("waiver" as const), target: fc.constantFrom("G2", "K1", "c1", "G1"), by: person, m: minute, len: fc.integer({ min: -10, max: 300 }), id: fc.constantFrom("w1", "w2", "w3") }),
  fc.record({ kind: fc.constant("wave" as const), wave: fc.constantFrom("W1", "W2"), action: fc.constantFrom("open" as const, "close" as const), by: person, m: minute }),
  fc.record({ kind: fc.constant("checkpoint" as const), decision: fc.constantFrom("go" as const, "no_go" as const), by: person, m: minute }),
  fc.record({ kind: fc.constant("step" as const), step: fc.constantFrom("1", "2", "2a", "2b", "3"), action: fc.constantFrom("start" as const, "verify" as const, "done" as const, "fail" as const, "rollback" as const, "rolled_back" as const), by: person, m: minute }),
  fc.record({ kind: fc.constant("attestation" as const), criterion: fc.constantFrom("K2", "K3"), value: fc.option(fc.constantFrom(3, 4, 5, 5, "x"), { nil: undefined }), met: fc.option(fc.boolean(), { nil: undefined }), by: person, m: minute }),
  fc.record({ kind: fc.constant("hypercare" as const), action: fc.constantFrom("close" as const, "close" as const, "extend" as const), extend: fc.constantFrom("30m", "1h", undefined), by: person, m: minute }),
);
export type Decision = typeof decision extends fc.Arbitrary<infer T> ? T : never;

export const observation = fc.oneof(
  fc.record({ kind: fc.constant("check" as const), check: fc.constantFrom("c1", "c2"), outcome: fc.constantFrom("pass" as const, "pass" as const, "pass" as const, "fail" as const, "error" as const, "inconclusive" as const), m: early }),
  fc.record({ kind: fc.constant("item" as const), item: fc.constantFrom("i1", "i2"), state: fc.constantFrom("done" as const, "done" as const, "failed" as const, "not_done" as const), evidence: fc.constantFrom(true, true, false), m: early }),
);
export type Observation = typeof observation extends fc.Arbitrary<infer T> ? T : never;

// A run that goes well, as a script; the properties run it with random damage (facts dropped,
// people swapped, times moved) plus random extra decisions, so both deep and broken runs occur.
export const HAPPY_OBSERVATIONS: Observation[] = [
  { kind: "check", check: "c1", outcome: "pass", m: 0 },
  { kind: "item", item: "i1", state: "done", evidence: true, m: 0 },
  { kind: "item", item: "i2", state: "done", evidence: false, m: 5 },
  { kind: "check", check: "c2", outcome: "pass", m: 60 },
];
export const HAPPY: Decision[] = [
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
export const run = fc
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

export function toFacts(decisions: Decision[], observations: Observation[]): FactsInput {
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

export function toFact(d: Decision) {
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

export function ask(facts: Facts, now: Date, d: Decision, opts: EngineOptions = {}) {
  const fact = toFact(d);
  switch (d.kind) {
    case "signoff": return canSignOff(loaded, facts, now, fact as never, opts);
    case "waiver": return canGrantWaiver(loaded, facts, now, fact as never, opts);
    case "wave": return canOpenWave(loaded, facts, now, fact as never, opts);
    case "checkpoint": return canDecideCheckpoint(loaded, facts, now, fact as never, opts);
    case "step": return canStepAction(loaded, facts, now, fact as never, opts);
    case "attestation": return canAttest(loaded, facts, now, parseFacts({ attestations: [fact as never] }).attestations[0]!, opts);
    case "hypercare": return canDecideHypercare(loaded, facts, now, fact as never, opts);
  }
}


/**
 * Who acts in the roles of a run: whether the members the runbook text names count (on a server,
 * once an admin vouched for the text; always for a local file), the run's first assignments and
 * later changes of one role's list.
 */
export interface Access {
  textMembers: boolean;
  assignments?: Record<string, string[]> | undefined;
  changes: { m: number; role: "a" | "b"; people: string[] }[];
}

/** The members the text names, assigned: with an unvouched text the happy run can still go. */
export const TEXT_ASSIGNED: Record<string, string[]> = { a: ["ann", "bob"], b: ["bob", "cat"] };

const people = fc.subarray(["ann", "bob", "cat", "eve"]);

/** The text vouched for and nobody assigned (the CLI's case) as often as any other. */
export const access: fc.Arbitrary<Access> = fc.oneof(
  fc.constant<Access>({ textMembers: true, changes: [] }),
  fc.record({
    textMembers: fc.boolean(),
    assignments: fc.option(fc.oneof(fc.constant(TEXT_ASSIGNED), fc.record({ a: people, b: people })), { nil: undefined }),
    changes: fc.array(fc.record({ m: minute, role: fc.constantFrom("a" as const, "b" as const), people }), { maxLength: 2 }),
  }),
);

/** The run's facts with its assignments, as the server records them (changes in time order). */
export function factsWith(decisions: Decision[], observations: Observation[], who: Access): Facts {
  const changes = [...who.changes].sort((x, y) => x.m - y.m);
  return parseFacts({
    ...toFacts(decisions, observations),
    assignments: who.assignments ?? {},
    assignment_changes: changes.map((c) => ({ assignments: { [c.role]: c.people }, by: "adm", at: at(c.m) })),
  });
}

/** The engine options that go with it. */
export function optionsOf(who: Access): EngineOptions {
  return { textMembers: who.textMembers };
}
