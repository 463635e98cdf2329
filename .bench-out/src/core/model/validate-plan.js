import { closest } from "../text/closest.js";
import { planActivities, topologicalOrder } from "./plan.js";
/**
 * What the forecast needs to be sound: task `after:` references that name a task or step, one
 * name per activity (a task and a step may not share an id), the forecast's finish and the
 * recovery target naming activities, and no dependency cycle through a task (cycles among steps
 * alone are reported with the steps). Returns every problem at once.
 */
export function validatePlan(runbook) {
    const problems = [];
    const activities = planActivities(runbook);
    const taskIds = new Set();
    const stepIds = new Set();
    const walk = (list) => list.forEach((s) => (stepIds.add(s.id), walk(s.steps)));
    walk(runbook.steps);
    const names = () => [...taskIds, ...stepIds];
    (runbook.timeline?.phases ?? []).forEach((p, i) => p.tasks.forEach((t, j) => {
        taskIds.add(t.id);
        if (stepIds.has(t.id))
            problems.push({ path: ["timeline", "phases", i, "tasks", j, "id"], message: `task id '${t.id}' is also a step id; the plan needs one name per task or step` });
    }));
    const unknown = (id, path) => {
        if (taskIds.has(id) || stepIds.has(id))
            return;
        const hint = closest(id, names());
        problems.push({ path, message: `unknown task or step '${id}'${hint ? `; did you mean '${hint}'?` : ""}` });
    };
    for (const a of activities) {
        // Step `after:` references are checked with the steps (they name steps only).
        if (a.kind === "task")
            a.declaredAfter?.forEach((id, k) => unknown(id, [...a.path, "after", k]));
    }
    const forecast = runbook.timeline?.forecast;
    if (forecast?.finish)
        unknown(forecast.finish, ["timeline", "forecast", "finish"]);
    const recovery = runbook.timeline?.recovery;
    if (recovery) {
        unknown(recovery.from, ["timeline", "recovery", "from"]);
        unknown(recovery.to, ["timeline", "recovery", "to"]);
    }
    problems.push(...cycles(activities));
    return problems;
}
/** One problem per dependency cycle that passes through a task, at that task's `after`. */
function cycles(activities) {
    const { cyclic } = topologicalOrder(activities);
    if (!cyclic.length)
        return [];
    const byId = new Map(cyclic.map((a) => [a.id, a]));
    const out = [];
    const seen = new Set();
    for (const start of cyclic) {
        if (start.kind !== "task" || seen.has(start.id))
            continue;
        const cycle = findCycle(start, byId);
        if (!cycle)
            continue;
        const key = [...cycle].sort().join(",");
        cycle.forEach((id) => seen.add(id));
        if (seen.has(`key:${key}`))
            continue;
        seen.add(`key:${key}`);
        out.push({ path: [...start.path, "after"], message: `task dependency cycle: ${[...cycle, cycle[0]].join(" -> ")}` });
    }
    return out;
}
/** A cycle through `start` among the cyclic activities, by depth-first search. */
function findCycle(start, byId) {
    const stack = [];
    const visited = new Set();
    const visit = (a) => {
        stack.push(a.id);
        visited.add(a.id);
        for (const p of a.after) {
            if (p === start.id)
                return true;
            const next = byId.get(p);
            if (next && !visited.has(p) && visit(next))
                return true;
        }
        stack.pop();
        return false;
    };
    return visit(start) ? stack : undefined;
}
