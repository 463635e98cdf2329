// Small pieces the scheduler is made of: a FIFO semaphore, timers, and the reasons an attempt
// was aborted (so the cause says "timeout after 5s" whatever the provider threw).

/** Bounded concurrency: at most `size` holders; waiters are served in order. */
export class Semaphore {
  private free: number;
  private readonly waiters: (() => void)[] = [];

  constructor(size: number) {
    this.free = Math.max(1, Math.floor(size));
  }

  /** Waits for a slot; rejects if the signal aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new CancelledError());
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(grant);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new CancelledError());
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(grant);
    });
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.free++;
  }
}

/** The run was cancelled (Ctrl-C). */
export class CancelledError extends Error {
  override name = "CancelledError";
  constructor() {
    super("cancelled");
  }
}

/** An attempt ran out of time. */
export class TimeoutError extends Error {
  override name = "TimeoutError";
  constructor(readonly ms: number) {
    super(`timeout after ${formatMs(ms)}`);
  }
}

/** `500ms`, `5s`, `1.5s`, `2m`, `1m30s`. */
export function formatMs(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Number((ms / 1_000).toFixed(1))}s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1_000);
  return s === 0 ? `${m}m` : `${m}m${s}s`;
}

/** Waits `ms`, or rejects with CancelledError when the signal aborts. */
export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new CancelledError());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Runs `work` with a signal that aborts after `ms` or when `parent` aborts, and settles by then
 * even if the work ignores its signal (a hostile target never holds a check past its timeout).
 */
export async function withDeadline<T>(ms: number, parent: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let onAbort: (() => void) | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(controller.signal.reason instanceof Error ? controller.signal.reason : new CancelledError());
    controller.signal.addEventListener("abort", onAbort, { once: true });
  });
  const timer = setTimeout(() => controller.abort(new TimeoutError(ms)), ms);
  const cancel = () => controller.abort(new CancelledError());
  if (parent?.aborted) cancel();
  else parent?.addEventListener("abort", cancel, { once: true });
  try {
    const running = (async () => work(controller.signal))();
    // A provider that rejects after the deadline won: nobody listens, so nothing is unhandled.
    running.catch(() => undefined);
    return await Promise.race([running, deadline]);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener("abort", cancel);
    if (onAbort) controller.signal.removeEventListener("abort", onAbort);
    // Stop whatever the work left running (sockets, children) once the attempt is over.
    if (!controller.signal.aborted) controller.abort(new CancelledError());
  }
}
