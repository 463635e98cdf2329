import { topologicalOrder } from "../model/plan.js";
/**
 * Forecasts a plan. An activity starts when all its predecessors have finished, not before the
 * run's start, its fixed start or `now`; it lasts its duration. Actual times replace the
 * estimates: a started activity keeps its start, a running one finishes no earlier than `now`.
 */
export function forecastPlan(activities, opts) {
    const { order, cyclic } = topologicalOrder(activities);
    const n = order.length;
    const pos = new Map();
    order.forEach((a, i) => pos.set(a.id, i));
    const es = new Float64Array(n);
    const ef = new Float64Array(n);
    const driver = new Int32Array(n).fill(-1);
    const states = new Array(n);
    const now = opts.now;
    for (let i = 0; i < n; i++) {
        const a = order[i];
        let start = opts.start;
        let by = -1;
        for (const p of a.after) {
            const j = pos.get(p);
            if (j === undefined || j === i)
                continue;
            const f = ef[j];
            if (f > start || (f === start && by < 0)) {
                start = f;
                by = j;
            }
        }
        const fixed = opts.notBefore?.get(a.id);
        if (fixed !== undefined && fixed > start) {
            start = fixed;
            by = -1;
        }
        const act = opts.actuals?.get(a.id);
        let finish;
        if (act?.finish !== undefined) {
            start = act.start ?? Math.min(start, act.finish);
            finish = Math.max(act.finish, start);
            by = -1;
            states[i] = "done";
        }
        else if (act?.start !== undefined) {
            start = act.start;
            finish = Math.max(start + a.durationMs, now ?? start);
            by = -1;
            states[i] = "running";
        }
        else {
            if (now !== undefined && now > start) {
                start = now;
                by = -1;
            }
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
    if (named !== undefined)
        fin = named;
    else
        for (let i = 0; i < n; i++)
            if (fin < 0 || ef[i] >= ef[fin])
                fin = i;
    // Backward pass: latest finish without moving the plan's end; the finish activity's own finish
    // is held, so the chain that decides the cutover's finish has no slack.
    let end = -Infinity;
    for (let i = 0; i < n; i++)
        end = Math.max(end, ef[i]);
    const lf = new Float64Array(n).fill(end);
    if (fin >= 0)
        lf[fin] = Math.min(lf[fin], ef[fin]);
    for (let i = n - 1; i >= 0; i--) {
        const a = order[i];
        const ls = lf[i] - (ef[i] - es[i]);
        for (const p of a.after) {
            const j = pos.get(p);
            if (j !== undefined && j !== i && ls < lf[j])
                lf[j] = ls;
        }
    }
    const path = [];
    for (let i = fin; i >= 0; i = driver[i])
        path.push(order[i].id);
    path.reverse();
    const onPath = new Set(path);
    const byId = new Map();
    for (let i = 0; i < n; i++) {
        const a = order[i];
        const slack = Math.max(0, lf[i] - ef[i]);
        const out = { id: a.id, start: es[i], finish: ef[i], slack, late: false, critical: onPath.has(a.id), state: states[i] ?? "pending" };
        const planned = opts.planned?.get(a.id);
        if (planned !== undefined) {
            out.plannedStart = planned;
            out.plannedFinish = planned + a.durationMs;
            out.late = out.start > planned || out.finish > out.plannedFinish;
        }
        byId.set(a.id, out);
    }
    const result = {
        finish: fin >= 0 ? ef[fin] : opts.start,
        criticalPath: path,
        activities: activities.flatMap((a) => byId.get(a.id) ?? []),
        cyclic: cyclic.map((a) => a.id),
    };
    if (fin >= 0)
        result.finishId = order[fin].id;
    if (opts.deadline !== undefined) {
        result.deadline = opts.deadline;
        result.fitsDeadline = result.finish <= opts.deadline;
    }
    return result;
}
