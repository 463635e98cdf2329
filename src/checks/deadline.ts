import { ProbeError, type ProbeContext } from "./provider.ts";

/** The signal a probe's I/O uses: the caller's, plus our own timer at the check's timeout. */
export interface Deadline {
  signal: AbortSignal;
  timeoutMs: number;
  /** Why the signal fired: `timeout after 5s`, or the caller's reason (cancelled). */
  reason(): string;
}

/** `500ms`, `2s`, `1.5s`, `2m`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Number((ms / 1000).toFixed(3))}s`;
}

/** Runs `fn` under a deadline; whatever it throws after the deadline fired becomes that reason, unless it is already a ProbeError. */
export async function withDeadline<T>(ctx: ProbeContext, fn: (deadline: Deadline) => Promise<T>): Promise<T> {
  const timer = AbortSignal.timeout(ctx.timeoutMs);
  const signal = AbortSignal.any([ctx.signal, timer]);
  const deadline: Deadline = {
    signal,
    timeoutMs: ctx.timeoutMs,
    reason() {
      if (ctx.signal.aborted) {
        const r: unknown = ctx.signal.reason;
        if (r instanceof Error && r.name !== "TimeoutError" && r.name !== "AbortError") return r.message;
        if (r instanceof Error && r.name === "AbortError") return "cancelled";
      }
      return `timeout after ${formatMs(ctx.timeoutMs)}`;
    },
  };
  try {
    return await fn(deadline);
  } catch (err) {
    if (signal.aborted && !(err instanceof ProbeError)) throw new ProbeError(deadline.reason());
    throw err;
  }
}
