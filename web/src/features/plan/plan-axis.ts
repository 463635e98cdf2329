import type { ForecastStatus, TimelineStatus } from "../../api/types.ts";

// The time axis of the plan view: which span the bars are drawn on, and positions on it.

/** A span of epoch ms. */
export interface Span {
  from: number;
  to: number;
}

/** Tasks longer than this (24 h of hypercare) run off the right edge rather than squash the day. */
const LONG_MS = 6 * 3_600_000;

/** The span that holds the plan and the forecast, the deadline, the checkpoints and now (when close). */
export function planAxis(f: ForecastStatus, timeline: TimelineStatus | undefined, now: number): Span {
  const times: number[] = [];
  for (const t of f.tasks) {
    if (t.durationMs > LONG_MS) continue;
    for (const x of [t.plannedStart, t.plannedFinish, t.start, t.finish]) if (x) times.push(Date.parse(x));
  }
  if (f.rollbackDeadline) times.push(Date.parse(f.rollbackDeadline));
  for (const p of timeline?.phases ?? []) if (p.checkpoint?.at) times.push(Date.parse(p.checkpoint.at));
  if (!times.length) times.push(Date.parse(f.start));
  let from = Math.min(...times);
  let to = Math.max(...times);
  if (now >= from - 3_600_000 && now <= to + 3_600_000) {
    from = Math.min(from, now);
    to = Math.max(to, now);
  }
  return { from, to: Math.max(to, from + 60_000) };
}

/** Left offset and width in percent of a span on the axis, clipped to it. */
export function place(span: Span, axis: Span): { left: string; width: string } {
  const w = axis.to - axis.from;
  const a = Math.max(axis.from, Math.min(span.from, axis.to));
  const b = Math.max(a, Math.min(span.to, axis.to));
  return { left: `${((a - axis.from) / w) * 100}%`, width: `${Math.max(0.5, ((b - a) / w) * 100)}%` };
}

/** Left offset in percent of an instant, or undefined when it is off the axis. */
export function at(t: number, axis: Span): string | undefined {
  return t < axis.from || t > axis.to ? undefined : `${((t - axis.from) / (axis.to - axis.from)) * 100}%`;
}

/** Whole hours on the axis, for the scale. */
export function hours(axis: Span): number[] {
  const out: number[] = [];
  for (let t = Math.ceil(axis.from / 3_600_000) * 3_600_000; t <= axis.to; t += 3_600_000) out.push(t);
  return out;
}
