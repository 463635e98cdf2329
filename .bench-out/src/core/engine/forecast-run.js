import { planActivities } from "../model/plan.js";
import { iso, say } from "./context.js";
import { gateMet } from "./gates.js";
import { forecastPlan } from "./forecast.js";
import { ms, resolveDue } from "./time.js";
import { rollbackDeadline } from "./timeline.js";
/** The plan placed on the run's clock (its date and zone, shifted when rebaselined). */
export function place(ctx) {
    const book = ctx.book;
    const activities = planActivities(book.runbook);
    const at = (text) => (text ? resolveDue(text, ctx.due)?.getTime() : undefined);
    const rawPlanned = new Map();
    for (const a of activities) {
        const t = at(a.at);
        if (t !== undefined)
            rawPlanned.set(a.id, t);
    }
    const tlStart = at(book.runbook.timeline?.start ?? book.runbook.timeline?.phases[0]?.start);
    let planStart = tlStart;
    for (const t of rawPlanned.values())
        if (planStart === undefined || t < planStart)
            planStart = t;
    const baseline = book.facts.run.baseline_start;
    const shift = baseline && planStart !== undefined ? ms(baseline) - planStart : 0;
    const planned = new Map([...rawPlanned].map(([id, t]) => [id, t + shift]));
    const notBefore = new Map();
    for (const a of activities) {
        const t = at(a.notBefore);
        if (t !== undefined)
            notBefore.set(a.id, t + shift);
    }
    const d = rollbackDeadline(book)?.getTime();
    return { activities, planned, notBefore, planStart: planStart === undefined ? undefined : planStart + shift, shift, deadline: d === undefined ? undefined : d + shift };
}
/** The activity planned to finish last at or before the rollback deadline: the cutover's end when the runbook does not name it. */
export function finishByDeadline(p) {
    if (p.deadline === undefined)
        return undefined;
    let best;
    for (const a of p.activities) {
        const start = p.planned.get(a.id);
        if (start === undefined)
            continue;
        const end = start + a.durationMs;
        if (end <= p.deadline && (!best || end >= best.end))
            best = { id: a.id, end };
    }
    return best?.id;
}
/** Actual times known as of the context: task facts, linked steps and items, step facts. */
export function actuals(ctx, steps) {
    const out = new Map();
    const upTo = (text) => (text !== undefined && ms(text) <= ctx.t ? ms(text) : undefined);
    const stepActual = new Map();
    for (const s of steps) {
        const a = {};
        const start = upTo(s.startedAt);
        if (start !== undefined)
            a.start = start;
        if (s.state === "done" || s.state === "rolled_back") {
            const end = upTo(s.endedAt);
            if (end !== undefined)
                a.finish = end;
        }
        if (a.start !== undefined || a.finish !== undefined)
            stepActual.set(s.id, a);
    }
    for (const [id, a] of stepActual)
        out.set(id, a);
    const phaseFacts = new Map(ctx.book.facts.phases.map((f) => [f.phase, f]));
    for (const phase of ctx.book.runbook.timeline?.phases ?? []) {
        // A phase that started began with its first task; one that ended finished all its tasks.
        const pf = phaseFacts.get(phase.id);
        const phaseStart = upTo(pf?.started_at);
        const phaseEnd = upTo(pf?.ended_at);
        phase.tasks.forEach((task, i) => {
            const a = { ...(task.step ? stepActual.get(task.step) : undefined) };
            if (task.item) {
                const f = ctx.book.itemFacts.latest(task.item, ctx.t);
                if (f && (f.state === "done" || f.state === "not_applicable"))
                    a.finish = ms(f.at);
            }
            if (i === 0 && a.start === undefined && phaseStart !== undefined)
                a.start = phaseStart;
            if (a.finish === undefined && phaseEnd !== undefined)
                a.finish = phaseEnd;
            out.set(task.id, a);
        });
    }
    for (const f of ctx.book.facts.tasks) {
        const a = out.get(f.task) ?? {};
        const start = upTo(f.started_at);
        const end = upTo(f.ended_at);
        if (start !== undefined)
            a.start = start;
        if (end !== undefined)
            a.finish = end;
        out.set(f.task, a);
    }
    return out;
}
/**
 * The forecast of the run as of the context: from `start` (default: the run's start, its go-live
 * moment, else the plan's planned start). Undefined when the plan is empty or cannot be placed.
 */
export function runForecast(ctx, steps, start) {
    const p = place(ctx);
    if (!p.activities.length)
        return undefined;
    const facts = ctx.book.facts.run;
    const from = start?.getTime() ?? (facts.started_at ? ms(facts.started_at) : undefined) ?? ctx.book.goliveAt?.getTime() ?? p.planStart;
    if (from === undefined)
        return undefined;
    const settings = ctx.book.runbook.timeline?.forecast;
    const opts = { start: from, now: Math.max(ctx.t, from), planned: p.planned, notBefore: p.notBefore, actuals: actuals(ctx, steps) };
    const finish = settings?.finish ?? finishByDeadline(p);
    if (finish)
        opts.finish = finish;
    if (p.deadline !== undefined)
        opts.deadline = p.deadline;
    const f = forecastPlan(p.activities, opts);
    const byId = new Map(p.activities.map((a) => [a.id, a]));
    const tasks = f.activities.map((x) => {
        const a = byId.get(x.id);
        const out = {
            id: x.id, kind: a?.kind ?? "task", title: a?.title ?? x.id, start: iso(new Date(x.start)), finish: iso(new Date(x.finish)),
            durationMs: a?.durationMs ?? 0, slackMs: x.slack, late: x.late, critical: x.critical, state: x.state, after: a?.after ?? [],
        };
        if (a?.phase)
            out.phase = a.phase;
        if (a?.stream)
            out.stream = a.stream;
        if (x.plannedStart !== undefined)
            out.plannedStart = iso(new Date(x.plannedStart));
        if (x.plannedFinish !== undefined)
            out.plannedFinish = iso(new Date(x.plannedFinish));
        return out;
    });
    const out = {
        start: iso(new Date(from)), finish: iso(new Date(f.finish)), pastDeadline: settings?.past_deadline ?? "warn",
        criticalPath: f.criticalPath, tasks, shiftMs: p.shift,
    };
    if (f.finishId)
        out.finishTask = f.finishId;
    if (f.deadline !== undefined) {
        out.rollbackDeadline = iso(new Date(f.deadline));
        out.fitsDeadline = f.fitsDeadline ?? true;
        out.marginMs = f.deadline - f.finish;
        if (!out.fitsDeadline) {
            out.reason = say(ctx, "forecast.past_deadline", { finish: out.finish, deadline: out.rollbackDeadline, lateMs: f.finish - f.deadline, ...(f.finishId ? { task: f.finishId } : {}) });
        }
    }
    return out;
}
/** The past-deadline reason as a warning on every undecided checkpoint and every gate not yet met. */
export function warnPastDeadline(reason, gates, checkpoints) {
    for (const g of gates)
        if (!gateMet(g))
            (g.warnings ??= []).push(reason);
    for (const c of checkpoints)
        if (c.decision === "pending")
            (c.warnings ??= []).push(reason);
}
