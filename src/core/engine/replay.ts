import type {
  AttestationFact, CheckpointFact, Facts, HypercareFact, SignoffFact, StepFact, WaiverFact, WaveFact,
} from "../model/facts.ts";
import type { LoadedRunbook } from "../model/validate.ts";
import { checkRequirement } from "./checks.ts";
import { makeBook, makeCtx, noneAccepted, type Accepted, type Book, type Ctx, type Prerequisites } from "./context.ts";
import { gateRequirement } from "./gates.ts";
import { itemRequirement } from "./items.ts";
import { judgeSignoff, signoffRequirement } from "./signoffs.ts";
import { judgeHypercare } from "./hypercare.ts";
import { judgeStepFact } from "./steps.ts";
import { ms } from "./time.ts";
import { judgeCheckpoint } from "./timeline.ts";
import type { DecisionKind, RefusedFact, Verdict } from "./types.ts";
import { judgeWaiver } from "./waivers.ts";
import { criterionRequirement, judgeAttestation, judgeWaveFact, waveRequirement } from "./waves.ts";

// Decisions (sign-offs, waivers, wave openings, checkpoint votes, step actions, attestations) are
// judged in the order they happened, each against the run as it stood at that moment: the same
// judge the server asks before recording one. A decision that breaks a rule is refused, never counted.

/** A decision fact with its kind. */
export type DecisionFact =
  | { kind: "signoff"; fact: SignoffFact }
  | { kind: "waiver"; fact: WaiverFact }
  | { kind: "wave"; fact: WaveFact }
  | { kind: "checkpoint"; fact: CheckpointFact }
  | { kind: "step"; fact: StepFact }
  | { kind: "attestation"; fact: AttestationFact }
  | { kind: "hypercare"; fact: HypercareFact };

// Each kind of prerequisite, for requires.ts (see `Prerequisites`).
const PREREQUISITES: Prerequisites = {
  item: itemRequirement,
  check: checkRequirement,
  gate: gateRequirement,
  wave: waveRequirement,
  criterion: criterionRequirement,
  signoff: signoffRequirement,
};

// At the same instant, what enables comes before what depends on it.
const RANK: Record<DecisionKind, number> = { waiver: 0, wave: 1, attestation: 2, step: 3, checkpoint: 4, signoff: 5, hypercare: 6 };

/** The one judge per kind of decision. */
export function judge(ctx: Ctx, d: DecisionFact): Verdict {
  switch (d.kind) {
    case "signoff": return judgeSignoff(ctx, d.fact);
    case "waiver": return judgeWaiver(ctx, d.fact);
    case "wave": return judgeWaveFact(ctx, d.fact);
    case "checkpoint": return judgeCheckpoint(ctx, d.fact);
    case "step": return judgeStepFact(ctx, d.fact);
    case "attestation": return judgeAttestation(ctx, d.fact);
    case "hypercare": return judgeHypercare(ctx, d.fact);
  }
}

function accept(accepted: Accepted, d: DecisionFact): void {
  switch (d.kind) {
    case "signoff": accepted.signoffs.push(d.fact); break;
    case "waiver": accepted.waivers.push(d.fact); break;
    case "wave": accepted.waves.push(d.fact); break;
    case "checkpoint": accepted.checkpoints.push(d.fact); break;
    case "step": accepted.steps.push(d.fact); break;
    case "attestation": accepted.attestations.push(d.fact); break;
    case "hypercare": accepted.hypercare.push(d.fact); break;
  }
}

// Two refused facts on one target by one person at one moment differ only in what they asked.
function actionOf(d: DecisionFact): string | undefined {
  switch (d.kind) {
    case "step": return d.fact.action;
    case "wave": return d.fact.action;
    case "checkpoint": return d.fact.decision;
    case "hypercare": return d.fact.action;
    default: return undefined;
  }
}

function targetOf(d: DecisionFact): string {
  switch (d.kind) {
    case "signoff": return d.fact.signoff;
    case "waiver": return d.fact.target;
    case "wave": return d.fact.wave;
    case "checkpoint": return d.fact.checkpoint;
    case "step": return d.fact.step;
    case "attestation": return d.fact.criterion;
    case "hypercare": return "hypercare";
  }
}

/** What the engine is told besides the runbook and the facts. */
export interface EngineOptions {
  /**
   * Checks that may not run yet (an editor's command checks before an admin approves the
   * runbook): pending whatever results say, never waived, never met.
   */
  held?: ReadonlySet<string> | undefined;
  /**
   * Whether the members the runbook text names act in its roles (default true: the CLI reads the
   * owner's own file). A server says false for a text no admin vouched for; then only the run's
   * assignments do: a decision by someone only the text names is refused, whatever it says (a
   * vote against as well as one for). The text's members, assigned, act as if it were vouched for
   * (src/core/engine/properties-access.test.ts).
   */
  textMembers?: boolean | undefined;
}

/** The run as of `now`, with the decisions that were refused. */
export interface Replayed {
  book: Book;
  ctx: Ctx;
  refused: RefusedFact[];
  /** Facts dated after `now`, left out. */
  laterFacts: number;
}

/** Judges every decision in time order and returns the run as of `now`. */
export function replay(loaded: LoadedRunbook, facts: Facts, now: Date, opts: EngineOptions = {}): Replayed {
  const book = makeBook(loaded, facts, opts.held, opts.textMembers ?? true);
  const t = now.getTime();
  const all: DecisionFact[] = [
    ...facts.waves.map((fact) => ({ kind: "wave" as const, fact })),
    ...facts.waivers.map((fact) => ({ kind: "waiver" as const, fact })),
    ...facts.attestations.map((fact) => ({ kind: "attestation" as const, fact })),
    ...facts.steps.map((fact) => ({ kind: "step" as const, fact })),
    ...facts.checkpoints.map((fact) => ({ kind: "checkpoint" as const, fact })),
    ...facts.signoffs.map((fact) => ({ kind: "signoff" as const, fact })),
    ...facts.hypercare.map((fact) => ({ kind: "hypercare" as const, fact })),
  ];
  const decisions = all
    .map((d, order) => ({ d, t: ms(d.fact.at), order }))
    .filter((e) => e.t <= t)
    .sort((a, b) => a.t - b.t || RANK[a.d.kind] - RANK[b.d.kind] || a.order - b.order);
  const observed = book.itemFacts.countAfter(t) + book.checkResults.countAfter(t)
    + facts.incidents.filter((i) => ms(i.opened_at) > t).length;
  const accepted = noneAccepted();
  const refused: RefusedFact[] = [];
  for (const { d, t: at } of decisions) {
    const verdict = judge(makeCtx(book, accepted, new Date(at), PREREQUISITES), d);
    if (verdict.ok) accept(accepted, d);
    else {
      const r: RefusedFact = { kind: d.kind, target: targetOf(d), by: d.fact.by, at: new Date(at).toISOString(), reasons: verdict.reasons };
      const action = actionOf(d);
      if (action !== undefined) r.action = action;
      refused.push(r);
    }
  }
  return { book, ctx: makeCtx(book, accepted, now, PREREQUISITES), refused, laterFacts: all.length - decisions.length + observed };
}
