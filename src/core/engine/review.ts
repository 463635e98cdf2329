import type { LoadedRunbook } from "../model/validate.ts";
import type { Facts } from "../model/facts.ts";
import { iso, type Ctx } from "./context.ts";
import { forecastPlan } from "./forecast.ts";
import { actuals, finishByDeadline, place } from "./forecast-run.ts";
import { replay, type EngineOptions } from "./replay.ts";
import { stepStatuses } from "./steps.ts";
import { parseDuration } from "./time.ts";
import { timelineStatus } from "./timeline.ts";
import type { RunReview, TaskReview } from "./types.ts";

// The review of a run (a rehearsal or the go-live): planned against actual per task, the critical
// path as planned and as run, when each checkpoint was decided, the recovery time against its target.

const isoOf = (t: number | undefined) => (t === undefined ? undefined : iso(new Date(t)));

/** The review of a run as of `now` (checkpoint votes judged as the status judges them: `opts`). Pure: same inputs, same answer. */
export function reviewRun(loaded: LoadedRunbook, facts: Facts, now: Date, opts: EngineOptions = {}): RunReview {
  const { ctx } = replay(loaded, facts, now, opts);
  return review(ctx);
}

function review(ctx: Ctx): RunReview {
  const p = place(ctx);
  const steps = stepStatuses(ctx);
  const known = actuals(ctx, steps);
  const finish = ctx.book.runbook.timeline?.forecast?.finish ?? finishByDeadline(p);
  const base = { ...(finish ? { finish } : {}), ...(p.deadline !== undefined ? { deadline: p.deadline } : {}), planned: p.planned, notBefore: p.notBefore };
  const started = ctx.book.facts.run.started_at ? Date.parse(ctx.book.facts.run.started_at) : undefined;
  const plannedStart = p.planStart;
  const asPlanned = plannedStart !== undefined ? forecastPlan(p.activities, { ...base, start: plannedStart }) : undefined;
  const runStart = started ?? plannedStart;
  const asRun = runStart !== undefined ? forecastPlan(p.activities, { ...base, start: runStart, now: Math.max(ctx.t, runStart), actuals: known }) : undefined;
  const plannedById = new Map(asPlanned?.activities.map((a) => [a.id, a]));

  const tasks = p.activities.map((a): TaskReview => {
    const out: TaskReview = { id: a.id, kind: a.kind, title: a.title, plannedDurationMs: a.durationMs };
    if (a.phase) out.phase = a.phase;
    const plan = plannedById.get(a.id);
    const ps = p.planned.get(a.id) ?? plan?.start;
    if (ps !== undefined) {
      out.plannedStart = iso(new Date(ps));
      out.plannedFinish = iso(new Date(ps + a.durationMs));
    }
    const act = known.get(a.id);
    if (act?.start !== undefined) {
      out.actualStart = iso(new Date(act.start));
      if (ps !== undefined) out.startVarianceMs = act.start - ps;
    }
    if (act?.finish !== undefined) {
      out.actualFinish = iso(new Date(act.finish));
      if (ps !== undefined) out.finishVarianceMs = act.finish - (ps + a.durationMs);
      if (act.start !== undefined) {
        out.actualDurationMs = act.finish - act.start;
        out.durationVarianceMs = out.actualDurationMs - a.durationMs;
      }
    }
    return out;
  });

  const checkpoints = (timelineStatus(ctx)?.phases ?? []).flatMap((ph) => {
    const c = ph.checkpoint;
    if (!c) return [];
    // Decided when the no-go came, or when the last go that made the quorum came.
    const goes = c.votes.filter((v) => v.decision === "go").map((v) => Date.parse(v.at)).sort((a, b) => a - b);
    const noGo = c.votes.find((v) => v.decision === "no_go");
    const decidedAt = c.decision === "no_go" && noGo ? Date.parse(noGo.at) : c.decision === "go" ? goes[c.quorum - 1] : undefined;
    const planned = c.at ? Date.parse(c.at) + p.shift : undefined;
    return [{
      id: c.id, title: c.title, phase: ph.id, decision: c.decision,
      ...(planned !== undefined ? { plannedAt: iso(new Date(planned)) } : {}),
      ...(decidedAt !== undefined ? { decidedAt: iso(new Date(decidedAt)) } : {}),
      ...(decidedAt !== undefined && planned !== undefined ? { varianceMs: decidedAt - planned } : {}),
    }];
  });

  const out: RunReview = {
    run: { ...(ctx.book.facts.run.id ? { id: ctx.book.facts.run.id } : {}), ...(ctx.book.facts.run.name ? { name: ctx.book.facts.run.name } : {}), kind: ctx.book.facts.run.kind ?? "live" },
    now: iso(ctx.now), shiftMs: p.shift, tasks, checkpoints,
    criticalPath: { planned: asPlanned?.criticalPath ?? [], asRun: asRun?.criticalPath ?? [] },
  };
  const ps = isoOf(plannedStart);
  if (ps) out.plannedStart = ps;
  const as = isoOf(started);
  if (as) out.actualStart = as;
  const pf = isoOf(asPlanned?.finish);
  if (pf) out.plannedFinish = pf;
  if (asRun) {
    out.finish = iso(new Date(asRun.finish));
    const fin = asRun.finishId ? known.get(asRun.finishId)?.finish : undefined;
    out.finished = fin !== undefined;
    if (asPlanned) out.finishVarianceMs = asRun.finish - asPlanned.finish;
  }
  const rec = ctx.book.runbook.timeline?.recovery;
  if (rec) {
    const from = known.get(rec.from)?.start;
    const to = known.get(rec.to)?.finish;
    const targetMs = parseDuration(rec.target) ?? 0;
    out.recovery = { from: rec.from, to: rec.to, targetMs };
    if (from !== undefined && to !== undefined) {
      out.recovery.actualMs = to - from;
      out.recovery.met = to - from <= targetMs;
    }
  }
  return out;
}
