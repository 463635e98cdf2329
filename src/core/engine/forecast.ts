import { topologicalOrder, type Activity } from "../model/plan.ts";

// The forecast: earliest start and finish of every task and step from actual times where known,
// estimates otherwise and fixed starts; the critical path; slack; late flags. One forward and one
// backward pass over a topological order: linear in activities + edges. Times are epoch ms.

/** What is known of an activity that has begun. */
export interface Actual {
  start?: number;
  finish?: number;
}

/** What the forecast is computed from, besides the activities. */
export interface ForecastOptions {
  /** When the run starts (or started): no activity starts before it. */
  start: number;
  /** As of when: an activity not yet started starts no earlier, a running one finishes no earlier. */
  now?: number;
  /** Planned start of each activity (its `at`), where it can be placed. */
  planned?: ReadonlyMap<string, number>;
  /** Fixed starts (`not_before`), resolved. */
  notBefore?: ReadonlyMap<string, number>;
  actuals?: ReadonlyMap<string, Actual>;
  /** The activity whose finish ends the cutover; default: the last to finish. */
  finish?: string;
  /** The rollback deadline. */
  deadline?: number;
}

/** One activity's forecast. */
export interface ActivityForecast {
  id: string;
  start: number;
  finish: number;
  /** How long it may slip without moving the plan's finish (or the cutover's finish). */
  slack: number;
  /** It starts or finishes later than planned. */
  late: boolean;
  critical: boolean;
  state: "pending" | "running" | "done";
  plannedStart?: number;
  plannedFinish?: number;
}

/** The forecast of a plan. */
export interface PlanForecast {
  /** The forecast finish of the cutover (the finish activity, else the last to finish). */
  finish: number;
  finishId?: string;
  deadline?: number;
  /** Finish at or before the deadline; undefined without a deadline. */
  fitsDeadline?: boolean;
  /** The chain of activities that decides the finish, first to last. */
  criticalPath: string[];
  /** In the order the activities were given. */
  activities: ActivityForecast[];
  /** Activities on a dependency cycle, left out (validation reports them). */
  cyclic: string[];
}

/**
 * Forecasts a plan. An activity starts when all its predecessors have finished, not before the
 * run's start, its fixed start or `now`; it lasts its duration. Actual times replace the
 * estimates: a started activity keeps its start, a running one finishes no earlier than `now`.
 */
export function forecastPlan(activities: readonly Activity[], opts: ForecastOptions): PlanForecast {
  const { order, cyclic } = topologicalOrder(activities);
  const n = order.length;
  const pos = new Map<string, number>();
  order.forEach((a, i) => pos.set(a.id, i));
  const es = new Float64Array(n);
  const ef = new Float64Array(n);
  const driver = new Int32Array(n).fill(-1);
  const states: ActivityForecast["state"][] = new Array<ActivityForecast["state"]>(n);
  const now = opts.now;
  for (let i = 0; i < n; i++) {
    const a = order[i] as Activity;
    let start = opts.start;
    let by = -1;
    for (const p of a.after) {
      const j = pos.get(p);
      if (j === undefined || j === i) continue;
      const f = ef[j] as number;
      if (f > start || (f === start && by < 0)) { start = f; by = j; }
    }
    const fixed = opts.notBefore?.get(a.id);
    if (fixed !== undefined && fixed > start) { start = fixed; by = -1; }
    const act = opts.actuals?.get(a.id);
    let finish: number;
    if (act?.finish !== undefined) {
      start = act.start ?? Math.min(start, act.finish);
      finish = Math.max(act.finish, start);
      by = -1;
      states[i] = "done";
    } else if (act?.start !== undefined) {
      start = act.start;
      finish = Math.max(start + a.durationMs, now ?? start);
      by = -1;
      states[i] = "running";
    } else {
      if (now !== undefined && now > start) { start = now; by = -1; }
      finish = start + a.durationMs;
      states[i] = "pending";
    }
    es[i] = start;
    ef[i] = finish;
    driver[i] = by;
  }

  // The finish: the named activity, else the last to finish (the later one in order on a tie).
  let fin = -1;
  const named = opts.finish !== undefined ? pos.get(opts.finish) : undefined;
  if (named !== undefined) fin = named;
  else for (let i = 0; i < n; i++) if (fin < 0 || (ef[i] as number) >= (ef[fin] as number)) fin = i;

  // Backward pass: latest finish without moving the plan's end; the finish activity's own finish
  // is held, so the chain that decides the cutover's finish has no slack.
  let end = -Infinity;
  for (let i = 0; i < n; i++) end = Math.max(end, ef[i] as number);
  const lf = new Float64Array(n).fill(end);
  if (fin >= 0) lf[fin] = Math.min(lf[fin] as number, ef[fin] as number);
  for (let i = n - 1; i >= 0; i--) {
    const a = order[i] as Activity;
    const ls = (lf[i] as number) - ((ef[i] as number) - (es[i] as number));
    for (const p of a.after) {
      const j = pos.get(p);
      if (j !== undefined && j !== i && ls < (lf[j] as number)) lf[j] = ls;
    }
  }

  const path: string[] = [];
  for (let i = fin; i >= 0; i = driver[i] as number) path.push((order[i] as Activity).id);
  path.reverse();
  const onPath = new Set(path);

  const byId = new Map<string, ActivityForecast>();
  for (let i = 0; i < n; i++) {
    const a = order[i] as Activity;
    const slack = Math.max(0, (lf[i] as number) - (ef[i] as number));
    const out: ActivityForecast = { id: a.id, start: es[i] as number, finish: ef[i] as number, slack, late: false, critical: onPath.has(a.id), state: states[i] ?? "pending" };
    const planned = opts.planned?.get(a.id);
    if (planned !== undefined) {
      out.plannedStart = planned;
      out.plannedFinish = planned + a.durationMs;
      out.late = out.start > planned || out.finish > out.plannedFinish;
    }
    byId.set(a.id, out);
  }
  const result: PlanForecast = {
    finish: fin >= 0 ? (ef[fin] as number) : opts.start,
    criticalPath: path,
    activities: activities.flatMap((a) => byId.get(a.id) ?? []),
    cyclic: cyclic.map((a) => a.id),
  };
  if (fin >= 0) result.finishId = (order[fin] as Activity).id;
  if (opts.deadline !== undefined) {
    result.deadline = opts.deadline;
    result.fitsDeadline = result.finish <= opts.deadline;
  }
  return result;
}
