// Small pieces the scheduler is made of: a FIFO semaphore, timers, and the reasons an attempt
// was aborted (so the cause says "timeout after 5s" whatever the provider threw).
import { setMaxListeners } from "node:events";

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

// Attempts of one timeout that start within a few milliseconds of each other share one abort
// controller: an AbortController costs a check more than the rest of the scheduler's bookkeeping
// on the hot path (measured with bench/checks.ts), and their deadlines are that close anyway.
// Each attempt still settles at its own deadline; the shared signal fires once every attempt of
// the batch has settled or expired, so no attempt's work is aborted before its own deadline, and
// an expired attempt's work is stopped at most `batchSpan` later.
interface Batch {
  readonly controller: AbortController;
  /** On the performance.now() clock: attempts starting later open a new batch. */
  readonly until: number;
  /** Attempts of the batch not settled yet. */
  pending: number;
  /** Attempts it took. */
  size: number;
  /** Why the signal fires once nothing is pending: the first attempt that expired. */
  expired: Error | undefined;
}

// Attempts a batch takes at most: every probe adds a listener to the shared signal, and an
// EventTarget walks its listeners on every add and remove, so a long list costs more than the
// controllers it saves (measured with bench/checks.ts: 16 beats 100).
export const BATCH_SIZE = 16;

/** How long a batch takes in attempts: 1% of the timeout, between 1 and 50 ms. */
export function batchSpan(ms: number): number {
  return Math.min(50, Math.max(1, ms / 100));
}

function openBatch(now: number, span: number): Batch {
  const controller = new AbortController();
  // Up to `concurrency` probes listen to it at once; that is by design, not a listener leak.
  setMaxListeners(0, controller.signal);
  return { controller, until: now + span, pending: 0, size: 0, expired: undefined };
}

// One object per attempt: no timer, controller or event listener of its own. This runs once per
// probe, thousands of times a run.
class Deadline<T> {
  settled = false;

  constructor(
    private readonly group: Deadlines,
    readonly ms: number,
    /** When it expires, on the performance.now() clock. */
    readonly due: number,
    readonly batch: Batch,
    private readonly resolve: (value: T) => void,
    private readonly reject: (error: Error) => void,
  ) {}

  /** Settles now with the reason as the error and aborts the work (with its whole batch: cancel). */
  abort(reason: Error): void {
    if (this.settled) return;
    this.fail(reason);
    this.batch.controller.abort(reason);
  }

  /** Settles now with a timeout; the work is aborted once the rest of its batch is done too. */
  expire(): void {
    if (this.settled) return;
    const reason = new TimeoutError(this.ms);
    this.batch.expired ??= reason;
    this.fail(reason);
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
    const batch = this.batch;
    if (--batch.pending === 0 && batch.expired !== undefined) batch.controller.abort(batch.expired);
    this.group.settled(this as Deadline<unknown>);
    return true;
  }
}

/** The attempts of one timeout, in the order they started, which is the order they expire in. */
interface Lane {
  items: Deadline<unknown>[];
  /** Items before it are settled. */
  head: number;
  /** The batch new attempts join while it is open. */
  batch: Batch | undefined;
}

// setTimeout's longest delay; a later deadline is re-armed when this one passes.
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Deadlines of a run's attempts: each attempt's work gets a signal that aborts after its timeout
 * (shared with the attempts of its batch, see Batch) or when the run is cancelled, and the
 * attempt settles by its own deadline even if the work ignores the
 * signal (a hostile target never holds a check past its timeout). A result or error the work
 * produces after that is dropped. One timer serves every attempt: attempts of one timeout expire
 * in the order they started, so the timer only ever waits for the oldest one still running of
 * each timeout. One listener on the run's signal serves every attempt.
 */
export class Deadlines {
  /** Attempts running, kept only when the run can be cancelled. */
  readonly active: Set<Deadline<unknown>> | undefined;
  private readonly lanes = new Map<number, Lane>();
  private running = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerDue = Infinity;
  private readonly onCancel = () => {
    for (const d of [...(this.active ?? [])]) d.abort(new CancelledError());
  };

  constructor(
    private readonly parent?: AbortSignal,
    /** A batch's span for a timeout (injected in tests). */
    private readonly span: (ms: number) => number = batchSpan,
  ) {
    if (parent) this.active = new Set();
    parent?.addEventListener("abort", this.onCancel);
  }

  run<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.parent?.aborted) return Promise.reject(new CancelledError());
    return new Promise<T>((resolve, reject) => {
      const now = performance.now();
      let lane = this.lanes.get(ms);
      if (!lane) {
        lane = { items: [], head: 0, batch: undefined };
        this.lanes.set(ms, lane);
      }
      let batch = lane.batch;
      if (batch === undefined || now > batch.until || batch.size >= BATCH_SIZE || batch.controller.signal.aborted) {
        batch = openBatch(now, this.span(ms));
        lane.batch = batch;
      }
      batch.pending++;
      batch.size++;
      const d = new Deadline<T>(this, ms, now + ms, batch, resolve, reject);
      lane.items.push(d as Deadline<unknown>);
      this.running++;
      this.active?.add(d as Deadline<unknown>);
      if (d.due < this.timerDue) this.arm(d.due, now);
      try {
        work(batch.controller.signal).then(
          (value) => d.ok(value),
          (error: unknown) => d.fail(error),
        );
      } catch (e) {
        d.fail(e);
      }
    });
  }

  /** Called by an attempt as it settles. */
  settled(d: Deadline<unknown>): void {
    this.active?.delete(d);
    if (--this.running === 0) {
      // Nothing runs: no timer keeps the process up, and the lanes start over.
      clearTimeout(this.timer);
      this.timer = undefined;
      this.timerDue = Infinity;
      for (const lane of this.lanes.values()) {
        lane.items = [];
        lane.head = 0;
      }
      return;
    }
    const lane = this.lanes.get(d.ms);
    if (!lane) return;
    while (lane.head < lane.items.length && lane.items[lane.head]?.settled === true) lane.head++;
    // Settled attempts behind a long one still running are dropped in bulk, not one by one.
    if (lane.head > 1_024 && lane.head * 2 > lane.items.length) {
      lane.items = lane.items.slice(lane.head);
      lane.head = 0;
    }
  }

  private arm(due: number, now: number): void {
    clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(this.sweep, Math.min(MAX_DELAY_MS, Math.max(0, due - now)));
  }

  // Expires what is due, then waits for the oldest attempt still running.
  private readonly sweep = (): void => {
    this.timer = undefined;
    this.timerDue = Infinity;
    const now = performance.now();
    let next = Infinity;
    for (const lane of this.lanes.values()) {
      // Expiring one settles it, which may move the lane on: read head and items afresh.
      while (lane.head < lane.items.length) {
        const d = lane.items[lane.head] as Deadline<unknown>;
        if (d.settled) lane.head++;
        else if (d.due <= now) {
          lane.head++;
          d.expire();
        } else {
          next = Math.min(next, d.due);
          break;
        }
      }
    }
    if (next < Infinity && this.running > 0) this.arm(next, now);
  };

  /** Stops listening to the run's signal (the run is over). */
  dispose(): void {
    this.parent?.removeEventListener("abort", this.onCancel);
  }
}
