import { parseDuration } from "../engine/time.js";
import { flattenSteps } from "./access.js";
/** Minutes since midnight of an `HH:MM` text; undefined for other due texts (`+2h`, ISO dates). */
function clockMinutes(text) {
    const m = text ? /^(\d{1,2}):(\d{2})$/.exec(text) : null;
    return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}
/** The gap between two clock times in ms, when both are clock times and the second is later. */
function gapMs(from, to) {
    const a = clockMinutes(from);
    const b = clockMinutes(to);
    return a !== undefined && b !== undefined && b >= a ? (b - a) * 60_000 : undefined;
}
/**
 * The plan's activities in document order: the timeline's tasks (each after the previous task
 * unless it says `after:`), then the leaf deploy steps (each after the previous step at its level,
 * as the step engine orders them). A parent step named in `after:` stands for all its sub-steps.
 */
export function planActivities(runbook) {
    const out = [];
    const flat = flattenSteps(runbook.steps);
    const leaves = new Map();
    const leavesOf = (s) => {
        const known = leaves.get(s.id);
        if (known)
            return known;
        const list = s.steps.length ? s.steps.flatMap(leavesOf) : [s.id];
        leaves.set(s.id, list);
        return list;
    };
    for (const f of flat)
        leavesOf(f.step);
    const expand = (ids) => [...new Set(ids.flatMap((id) => leaves.get(id) ?? [id]))];
    let previous;
    (runbook.timeline?.phases ?? []).forEach((phase, i) => {
        phase.tasks.forEach((task, j) => {
            const written = task.duration !== undefined ? parseDuration(task.duration) : undefined;
            const next = phase.tasks.slice(j + 1).find((t) => (clockMinutes(t.at) ?? -1) > (clockMinutes(task.at) ?? Infinity));
            const derived = gapMs(task.at, next?.at ?? phase.end) ?? 0;
            const a = {
                id: task.id, kind: "task", title: task.title, phase: phase.id, owner: task.owner, stream: task.stream,
                after: expand(task.after ?? (previous ? [previous] : [])),
                durationMs: written ?? derived, estimated: written !== undefined, at: task.at,
                path: ["timeline", "phases", i, "tasks", j],
            };
            if (task.after)
                a.declaredAfter = task.after;
            if (task.not_before)
                a.notBefore = task.not_before;
            out.push(a);
            previous = task.id;
        });
    });
    const stepPaths = new Map();
    const walk = (list, path) => list.forEach((s, i) => {
        stepPaths.set(s.id, [...path, i]);
        walk(s.steps, [...path, i, "steps"]);
    });
    walk(runbook.steps, ["steps"]);
    for (const f of flat) {
        const s = f.step;
        if (s.steps.length)
            continue;
        const written = s.duration !== undefined ? parseDuration(s.duration) : undefined;
        const a = {
            id: s.id, kind: "step", title: s.title, owner: s.owner, stream: s.stream,
            after: expand(f.after), durationMs: written ?? gapMs(s.window?.start, s.window?.end) ?? 0,
            estimated: written !== undefined, path: stepPaths.get(s.id) ?? ["steps"],
        };
        if (s.after)
            a.declaredAfter = s.after;
        if (s.window?.start)
            a.at = s.window.start;
        if (s.not_before)
            a.notBefore = s.not_before;
        out.push(a);
    }
    return out;
}
/**
 * The activities in an order where every predecessor comes first (Kahn's algorithm, linear in
 * activities + edges), and those left over because they sit on a cycle. Unknown predecessors are
 * ignored here (validation reports them).
 */
export function topologicalOrder(activities) {
    const index = new Map();
    activities.forEach((a, i) => { if (!index.has(a.id))
        index.set(a.id, i); });
    const indegree = new Int32Array(activities.length);
    const successors = activities.map(() => []);
    activities.forEach((a, i) => {
        for (const p of a.after) {
            const j = index.get(p);
            if (j === undefined || j === i)
                continue;
            successors[j]?.push(i);
            indegree[i] = (indegree[i] ?? 0) + 1;
        }
    });
    const queue = [];
    activities.forEach((_, i) => { if (indegree[i] === 0)
        queue.push(i); });
    const order = [];
    for (let head = 0; head < queue.length; head++) {
        const i = queue[head];
        order.push(activities[i]);
        for (const k of successors[i] ?? []) {
            indegree[k] = (indegree[k] ?? 0) - 1;
            if (indegree[k] === 0)
                queue.push(k);
        }
    }
    const placed = new Set(order);
    return { order, cyclic: activities.filter((a) => !placed.has(a) || a.after.includes(a.id)) };
}
