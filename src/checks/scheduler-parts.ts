// Small pieces the scheduler is made of: a FIFO semaphore, timers, and the reasons an attempt
// was aborted (so the cause says "timeout after 5s" whatever the provider threw).

/** Bounded concurrency: at most `size` holders; waiters are served in order. */
export class Semaphore {
  private free: number;
  private readonly waiters: (() => void)[] = [];

  constructor(size: number) {
    this.free = Math.max(1, Math.floor(size));
  }

  /** Takes a free slot if there is one (nobody waits then, FIFO holds); false otherwise. */
  tryAcquire(signal?: AbortSignal): boolean {
    if (this.free > 0 && !signal?.aborted) {
      this.free--;
      return true;
    }
    return false;
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

// Date#toISOString costs microseconds a call, and checks start many to a second: the text up
// to the second is made once per second and the milliseconds are added to it.
let lastSecond = NaN;
// "2026-05-28T06:00:00." for that second; empty for years outside 0000-9999 (written with a
// sign and six digits: no fast path for those).
let secondPrefix = "";

/** `new Date(ms).toISOString()`, for the epoch milliseconds of a check's start. */
export function isoTime(ms: number): string {
  const whole = Math.floor(ms);
  const second = Math.floor(whole / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    const iso = new Date(second * 1000).toISOString();
    secondPrefix = iso.length === 24 ? iso.slice(0, 20) : "";
  }
  if (secondPrefix === "") return new Date(whole).toISOString();
  const milli = whole - second * 1000;
  return `${secondPrefix}${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z`;
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

// One object per attempt, its timer argument; no event listeners: this runs once per probe,
// thousands of times a run, and EventTarget listeners cost more than the probe's own bookkeeping.
class Deadline<T> {
  readonly controller = new AbortController();
  private settled = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly group: Deadlines,
    private readonly ms: number,
    private readonly resolve: (value: T) => void,
    private readonly reject: (error: Error) => void,
  ) {
    this.timer = setTimeout(expire, ms, this as Deadline<unknown>);
  }

  /** Aborts the work and settles now, with the reason as the error. */
  abort(reason: Error): void {
    if (this.settled) return;
    this.controller.abort(reason);
    this.fail(reason);
  }

  expire(): void {
    this.abort(new TimeoutError(this.ms));
  }

  ok(value: T): void {
    if (this.settle()) this.resolve(value);
  }

  fail(error: unknown): void {
    if (this.settle()) this.reject(error instanceof Error ? error : new Error(String(error)));
  }

  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    clearTimeout(this.timer);
    this.group.active?.delete(this as Deadline<unknown>);
    return true;
  }
}

function expire(d: Deadline<unknown>): void {
  d.expire();
}

/**
 * Deadlines of a run's attempts: each attempt's work gets a signal that aborts after its timeout
 * or when the run is cancelled, and the attempt settles by then even if the work ignores the
 * signal (a hostile target never holds a check past its timeout). A result or error the work
 * produces after that is dropped. One listener on the run's signal serves every attempt.
 */
export class Deadlines {
  /** Attempts running, kept only when the run can be cancelled. */
  readonly active: Set<Deadline<unknown>> | undefined;
  private readonly onCancel = () => {
    for (const d of [...(this.active ?? [])]) d.abort(new CancelledError());
  };

  constructor(private readonly parent?: AbortSignal) {
    if (parent) this.active = new Set();
    parent?.addEventListener("abort", this.onCancel);
  }

  run<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.parent?.aborted) return Promise.reject(new CancelledError());
    return new Promise<T>((resolve, reject) => {
      const d = new Deadline<T>(this, ms, resolve, reject);
      this.active?.add(d as Deadline<unknown>);
      try {
        work(d.controller.signal).then(
          (value) => d.ok(value),
          (error: unknown) => d.fail(error),
        );
      } catch (e) {
        d.fail(e);
      }
    });
  }

  /** Stops listening to the run's signal (the run is over). */
  dispose(): void {
    this.parent?.removeEventListener("abort", this.onCancel);
  }
}
