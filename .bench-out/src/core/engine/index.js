import { checkStatus } from "./checks.js";
import { iso } from "./context.js";
import { gateStatuses } from "./gates.js";
import { decideGo } from "./go-no-go.js";
import { hypercareStatus } from "./hypercare.js";
import { incidentStatuses } from "./incidents.js";
import { itemStatus } from "./items.js";
import { readinessStatuses } from "./readiness.js";
import { judge, replay } from "./replay.js";
import { signoffStatuses } from "./signoffs.js";
import { runForecast, warnPastDeadline } from "./forecast-run.js";
import { stepStatuses } from "./steps.js";
import { timelineStatus } from "./timeline.js";
import { dateOf, safeZone } from "./time.js";
import { waiverStatuses } from "./waivers.js";
import { waveStatus } from "./waves.js";
export { formatDuration, parseDuration, resolveDue, zonedInstant } from "./time.js";
export { reviewRun } from "./review.js";
export { composeReason, ENGLISH, reason, REASON_CODES, reasonTexts } from "./reasons.js";
/**
 * The state of a run at `now`: every item, check, gate, wave, step, phase, checkpoint, sign-off,
 * waiver and incident, and go / no-go with its reasons. Pure: same inputs, same answer.
 */
export function computeStatus(loaded, facts, now, opts = {}) {
    const { book, ctx, refused, laterFacts } = replay(loaded, facts, now, opts);
    const gates = [...gateStatuses(ctx), ...readinessStatuses(ctx)];
    const signoffs = signoffStatuses(ctx);
    const steps = stepStatuses(ctx);
    const timeline = timelineStatus(ctx);
    const incidents = incidentStatuses(ctx);
    const checkpoints = (timeline?.phases ?? []).flatMap((p) => (p.checkpoint ? [p.checkpoint] : []));
    const forecast = runForecast(ctx, steps);
    const late = forecast?.reason;
    if (late)
        warnPastDeadline(late, gates, checkpoints);
    const decision = decideGo({ gates, signoffs, incidents, checkpoints, steps, forecastBlocker: forecast?.pastDeadline === "no_go" ? late : undefined });
    const meta = book.runbook.meta;
    const run = {};
    if (facts.run.id)
        run.id = facts.run.id;
    if (facts.run.name)
        run.name = facts.run.name;
    if (facts.run.kind)
        run.kind = facts.run.kind;
    if (book.runDate)
        run.date = book.runDate;
    if (book.goliveAt)
        run.goliveAt = iso(book.goliveAt);
    const out = {
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
    if (timeline)
        out.timeline = timeline;
    if (forecast)
        out.forecast = forecast;
    const hypercare = hypercareStatus(ctx);
    if (hypercare)
        out.hypercare = hypercare;
    return out;
}
/**
 * The forecast of a run starting at `start`, as of `now` (default: the start): what `golive plan`
 * prints. Clock times fall on the start's date unless the facts name the run's date.
 */
export function planForecast(loaded, facts, start, now = start) {
    const zone = safeZone(loaded.runbook.meta.timezone);
    const run = { ...facts.run, date: facts.run.date ?? dateOf(start, zone), started_at: facts.run.started_at ?? iso(start) };
    const { ctx } = replay(loaded, { ...facts, run }, now);
    return runForecast(ctx, stepStatuses(ctx), start);
}
function decide(loaded, facts, now, d) {
    return judge(replay(loaded, facts, now).ctx, d);
}
/** May this sign-off be recorded now? Member of the role, prerequisites pass, not twice, separation of duties. */
export function canSignOff(loaded, facts, now, fact) {
    return decide(loaded, facts, now, { kind: "signoff", fact });
}
/** May this waiver be granted now? Grantor role, covered target, within max_duration. */
export function canGrantWaiver(loaded, facts, now, fact) {
    return decide(loaded, facts, now, { kind: "waiver", fact });
}
/** May this wave be opened (or closed) now? Previous wave's exit held and soaked, own requires pass. */
export function canOpenWave(loaded, facts, now, fact) {
    return decide(loaded, facts, now, { kind: "wave", fact });
}
/** May this approver record this checkpoint decision now? */
export function canDecideCheckpoint(loaded, facts, now, fact) {
    return decide(loaded, facts, now, { kind: "checkpoint", fact });
}
/** May this step action be recorded now? Order, state, verify checks, rollback deadline. */
export function canStepAction(loaded, facts, now, fact) {
    return decide(loaded, facts, now, { kind: "step", fact });
}
/** May this attestation be recorded now? Member of the attest role, wave open, judgeable value. */
export function canAttest(loaded, facts, now, fact) {
    return decide(loaded, facts, now, { kind: "attestation", fact });
}
/** May this hypercare decision be recorded now? An owner; a close when the period is over and every exit criterion and sign-off holds; an extension while it runs, with a reason. */
export function canDecideHypercare(loaded, facts, now, fact) {
    return decide(loaded, facts, now, { kind: "hypercare", fact });
}
