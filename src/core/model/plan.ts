import { parseDuration } from "../engine/time.ts";
import { flattenSteps } from "./access.ts";
import type { Path } from "./expand.ts";
import type { Runbook, Step } from "./runbook.ts";

// The plan: the runbook's timeline tasks and deploy steps as one graph of activities with
// predecessors and durations, the input of the forecast. Built from the model alone (no dates).

/** One task or (leaf) step of the plan. */
export interface Activity {
  id: string;
  kind: "task" | "step";
  title: string;
  /** The phase of a task. */
  phase?: string;
  owner?: string | string[] | undefined;
  stream?: string | undefined;
  /** Predecessor activity ids (a parent step stands for its sub-steps), as declared or by default. */
  after: string[];
  /** The ids as written in `after:` (for locating a reference), or undefined when defaulted. */
  declaredAfter?: string[];
  /** Duration in ms: as written, else the gap to the next task's time in the phase (steps: their window). */
  durationMs: number;
  /** Whether the duration is written rather than derived. */
  estimated: boolean;
  /** When it is planned to start, as written (`at` of a task, `window.start` of a step). */
  at?: string;
  notBefore?: string;
  /** Where it is written in the runbook. */
  path: Path;
}

/** Minutes since midnight of an `HH:MM` text; undefined for other due texts (`+2h`, ISO dates). */
function clockMinutes(text: string | undefined): number | undefined {
  const m = text ? /^(\d{1,2}):(\d{2})$/.exec(text) : null;
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** The gap between two clock times in ms, when both are clock times and the second is later. */
function gapMs(from: string | undefined, to: string | undefined): number | undefined {
  const a = clockMinutes(from);
  const b = clockMinutes(to);
  return a !== undefined && b !== undefined && b >= a ? (b - a) * 60_000 : undefined;
}

/**
 * The plan's activities in document order: the timeline's tasks (each after the previous task
 * unless it says `after:`), then the leaf deploy steps (each after the previous step at its level,
 * as the step engine orders them). A parent step named in `after:` stands for all its sub-steps.
 */
export function planActivities(runbook: Runbook): Activity[] {
  const out: Activity[] = [];
  const flat = flattenSteps(runbook.steps);
  const leaves = new Map<string, string[]>();
  const leavesOf = (s: Step): string[] => {
    const known = leaves.get(s.id);
    if (known) return known;
    const list = s.steps.length ? s.steps.flatMap(leavesOf) : [s.id];
    leaves.set(s.id, list);
    return list;
  };
  for (const f of flat) leavesOf(f.step);
  const expand = (ids: string[]) => [...new Set(ids.flatMap((id) => leaves.get(id) ?? [id]))];

  let previous: string | undefined;
  (runbook.timeline?.phases ?? []).forEach((phase, i) => {
    phase.tasks.forEach((task, j) => {
      const written = task.duration !== undefined ? parseDuration(task.duration) : undefined;
      const next = phase.tasks.slice(j + 1).find((t) => (clockMinutes(t.at) ?? -1) > (clockMinutes(task.at) ?? Infinity));
      const derived = gapMs(task.at, next?.at ?? phase.end) ?? 0;
      const a: Activity = {
        id: task.id, kind: "task", title: task.title, phase: phase.id, owner: task.owner, stream: task.stream,
        after: expand(task.after ?? (previous ? [previous] : [])),
        durationMs: written ?? derived, estimated: written !== undefined, at: task.at,
        path: ["timeline", "phases", i, "tasks", j],
      };
      if (task.after) a.declaredAfter = task.after;
      if (task.not_before) a.notBefore = task.not_before;
      out.push(a);
      previous = task.id;
    });
  });

  const stepPaths = new Map<string, Path>();
  const walk = (list: Step[], path: Path) => list.forEach((s, i) => {
    stepPaths.set(s.id, [...path, i]);
    walk(s.steps, [...path, i, "steps"]);
  });
  walk(runbook.steps, ["steps"]);
  for (const f of flat) {
    const s = f.step;
    if (s.steps.length) continue;
    const written = s.duration !== undefined ? parseDuration(s.duration) : undefined;
    const a: Activity = {
      id: s.id, kind: "step", title: s.title, owner: s.owner, stream: s.stream,
      after: expand(f.after), durationMs: written ?? gapMs(s.window?.start, s.window?.end) ?? 0,
      estimated: written !== undefined, path: stepPaths.get(s.id) ?? ["steps"],
    };
    if (s.after) a.declaredAfter = s.after;
    if (s.window?.start) a.at = s.window.start;
    if (s.not_before) a.notBefore = s.not_before;
    out.push(a);
  }
  return out;
}

/**
 * The activities in an order where every predecessor comes first (Kahn's algorithm, linear in
 * activities + edges), and those left over because they sit on a cycle. Unknown predecessors are
 * ignored here (validation reports them).
 */
export function topologicalOrder(activities: readonly Activity[]): { order: Activity[]; cyclic: Activity[] } {
  const index = new Map<string, number>();
  activities.forEach((a, i) => { if (!index.has(a.id)) index.set(a.id, i); });
  const indegree = new Int32Array(activities.length);
  const successors: number[][] = activities.map(() => []);
  activities.forEach((a, i) => {
    for (const p of a.after) {
      const j = index.get(p);
      if (j === undefined || j === i) continue;
      successors[j]?.push(i);
      indegree[i] = (indegree[i] ?? 0) + 1;
    }
  });
  const queue: number[] = [];
  activities.forEach((_, i) => { if (indegree[i] === 0) queue.push(i); });
  const order: Activity[] = [];
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head] as number;
    order.push(activities[i] as Activity);
    for (const k of successors[i] ?? []) {
      indegree[k] = (indegree[k] ?? 0) - 1;
      if (indegree[k] === 0) queue.push(k);
    }
  }
  const placed = new Set(order);
  return { order, cyclic: activities.filter((a) => !placed.has(a) || a.after.includes(a.id)) };
}
