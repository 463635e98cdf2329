import type {
  AttestationFact, CheckpointFact, Facts, HypercareFact, SignoffFact, StepFact, WaiverFact, WaveFact,
} from "../model/facts.ts";
import type { LoadedRunbook } from "../model/validate.ts";
import { checkStatus } from "./checks.ts";
import { iso } from "./context.ts";
import { gateStatuses } from "./gates.ts";
import { decideGo } from "./go-no-go.ts";
import { hypercareStatus } from "./hypercare.ts";
import { incidentStatuses } from "./incidents.ts";
import { itemStatus } from "./items.ts";
import { readinessStatuses } from "./readiness.ts";
import { judge, replay, type DecisionFact, type EngineOptions } from "./replay.ts";
import { signoffStatuses } from "./signoffs.ts";
import { runForecast, warnPastDeadline } from "./forecast-run.ts";
import { stepStatuses } from "./steps.ts";
import { timelineStatus } from "./timeline.ts";
import { dateOf, safeZone } from "./time.ts";
import type { CheckpointStatus, ForecastStatus, RunStatus, Verdict } from "./types.ts";
import { waiverStatuses } from "./waivers.ts";
import { waveStatus } from "./waves.ts";

export type * from "./types.ts";
export type { EngineOptions } from "./replay.ts";
export { formatDuration, parseDuration, resolveDue, zonedInstant } from "./time.ts";
export { reviewRun } from "./review.ts";
export { composeReason, ENGLISH, reason, REASON_CODES, reasonTexts } from "./reasons.ts";
export { unvouchedMembers } from "./context.ts";
export { severityBlocksGo } from "./incidents.ts";

/**
 * The state of a run at `now`: every item, check, gate, wave, step, phase, checkpoint, sign-off,
 * waiver and incident, and go / no-go with its reasons. Pure: same inputs, same answer.
 */
export function computeStatus(loaded: LoadedRunbook, facts: Facts, now: Date, opts: EngineOptions = {}): RunStatus {
  const { book, ctx, refused, laterFacts } = replay(loaded, facts, now, opts);
  const gates = [...gateStatuses(ctx), ...readinessStatuses(ctx)];
  const signoffs = signoffStatuses(ctx);
  const steps = stepStatuses(ctx);
  const timeline = timelineStatus(ctx);
  const incidents = incidentStatuses(ctx);
  const checkpoints = (timeline?.phases ?? []).flatMap((p): CheckpointStatus[] => (p.checkpoint ? [p.checkpoint] : []));
  const forecast = runForecast(ctx, steps);
  const late = forecast?.reason;
  if (late) warnPastDeadline(late, gates, checkpoints);
  const decision = decideGo({ gates, signoffs, incidents, checkpoints, steps, forecastBlocker: forecast?.pastDeadline === "no_go" ? late : undefined });
  const meta = book.runbook.meta;
  const run: RunStatus["run"] = {};
  if (facts.run.id) run.id = facts.run.id;
  if (facts.run.name) run.name = facts.run.name;
  if (facts.run.kind) run.kind = facts.run.kind;
  if (book.runDate) run.date = book.runDate;
  if (book.goliveAt) run.goliveAt = iso(book.goliveAt);
  const out: RunStatus = {
    runbook: { id: meta.id, title: meta.title, timezone: book.zone },
    run,
    now: iso(now),
    go: decision.go,
    verdict: decision.go ? "go" : "no_go",
    reasons: decision.reasons,
    gates,
    waves: book.runbook.waves.map((w) => waveStatus(ctx, w.id)),
    signoffs,
    items: [...book.items.keys()].map((id) => itemStatus(ctx, id)),
    checks: [...book.checks.keys()].map((id) => checkStatus(ctx, id)),
    steps,
    waivers: waiverStatuses(ctx),
    incidents,
    refused,
    laterFacts,
  };
  if (timeline) out.timeline = timeline;
  if (forecast) out.forecast = forecast;
  const hypercare = hypercareStatus(ctx);
  if (hypercare) out.hypercare = hypercare;
  return out;
}

/**
 * The forecast of a run starting at `start`, as of `now` (default: the start): what `golive plan`
 * prints. Clock times fall on the start's date unless the facts name the run's date.
 */
export function planForecast(loaded: LoadedRunbook, facts: Facts, start: Date, now: Date = start): ForecastStatus | undefined {
  const zone = safeZone(loaded.runbook.meta.timezone);
  const run = { ...facts.run, date: facts.run.date ?? dateOf(start, zone), started_at: facts.run.started_at ?? iso(start) };
  const { ctx } = replay(loaded, { ...facts, run }, now);
  return runForecast(ctx, stepStatuses(ctx), start);
}

function decide(loaded: LoadedRunbook, facts: Facts, now: Date, d: DecisionFact, opts: EngineOptions): Verdict {
  return judge(replay(loaded, facts, now, opts).ctx, d);
}

/** May this sign-off be recorded now? Member of the role, prerequisites pass, not twice, separation of duties. */
export function canSignOff(loaded: LoadedRunbook, facts: Facts, now: Date, fact: SignoffFact, opts: EngineOptions = {}): Verdict {
  return decide(loaded, facts, now, { kind: "signoff", fact }, opts);
}

/** May this waiver be granted now? Grantor role, covered target, within max_duration. */
export function canGrantWaiver(loaded: LoadedRunbook, facts: Facts, now: Date, fact: WaiverFact, opts: EngineOptions = {}): Verdict {
  return decide(loaded, facts, now, { kind: "waiver", fact }, opts);
}

/** May this wave be opened (or closed) now? Previous wave's exit held and soaked, own requires pass. */
export function canOpenWave(loaded: LoadedRunbook, facts: Facts, now: Date, fact: WaveFact, opts: EngineOptions = {}): Verdict {
  return decide(loaded, facts, now, { kind: "wave", fact }, opts);
}

/** May this approver record this checkpoint decision now? */
export function canDecideCheckpoint(loaded: LoadedRunbook, facts: Facts, now: Date, fact: CheckpointFact, opts: EngineOptions = {}): Verdict {
  return decide(loaded, facts, now, { kind: "checkpoint", fact }, opts);
}

/** May this step action be recorded now? Order, state, verify checks, rollback deadline. */
export function canStepAction(loaded: LoadedRunbook, facts: Facts, now: Date, fact: StepFact, opts: EngineOptions = {}): Verdict {
  return decide(loaded, facts, now, { kind: "step", fact }, opts);
}

/** May this attestation be recorded now? Member of the attest role, wave open, judgeable value. */
export function canAttest(loaded: LoadedRunbook, facts: Facts, now: Date, fact: AttestationFact, opts: EngineOptions = {}): Verdict {
  return decide(loaded, facts, now, { kind: "attestation", fact }, opts);
}

/** May this hypercare decision be recorded now? An owner; a close when the period is over and every exit criterion and sign-off holds; an extension while it runs, with a reason. */
export function canDecideHypercare(loaded: LoadedRunbook, facts: Facts, now: Date, fact: HypercareFact, opts: EngineOptions = {}): Verdict {
  return decide(loaded, facts, now, { kind: "hypercare", fact }, opts);
}
