// Small pieces the scheduler is made of: a FIFO semaphore, timers, and the reasons an attempt
// was aborted (so the cause says "timeout after 5s" whatever the provider threw).
import { setMaxListeners } from "node:events";
/** Bounded concurrency: at most `size` holders; waiters are served in order. */
export class Semaphore {
    free;
    waiters = [];
    constructor(size) {
        this.free = Math.max(1, Math.floor(size));
    }
    /** Takes a free slot if there is one (nobody waits then, FIFO holds); false otherwise. */
    tryAcquire(signal) {
        if (this.free > 0 && !signal?.aborted) {
            this.free--;
            return true;
        }
        return false;
    }
    /** Waits for a slot; rejects if the signal aborts first. */
    acquire(signal) {
        if (signal?.aborted)
            return Promise.reject(new CancelledError());
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
                if (i >= 0)
                    this.waiters.splice(i, 1);
                reject(new CancelledError());
            };
            signal?.addEventListener("abort", onAbort, { once: true });
            this.waiters.push(grant);
        });
    }
    release() {
        const next = this.waiters.shift();
        if (next)
            next();
        else
            this.free++;
    }
}
/** The run was cancelled (Ctrl-C). */
export class CancelledError extends Error {
    name = "CancelledError";
    constructor() {
        super("cancelled");
    }
}
/** An attempt ran out of time. */
export class TimeoutError extends Error {
    ms;
    name = "TimeoutError";
    constructor(ms) {
        super(`timeout after ${formatMs(ms)}`);
        this.ms = ms;
    }
}
/** `500ms`, `5s`, `1.5s`, `2m`, `1m30s`. */
export function formatMs(ms) {
    if (ms < 1_000)
        return `${Math.round(ms)}ms`;
    if (ms < 60_000)
        return `${Number((ms / 1_000).toFixed(1))}s`;
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
export function isoTime(ms) {
    const whole = Math.floor(ms);
    const second = Math.floor(whole / 1000);
    if (second !== lastSecond) {
        lastSecond = second;
        const iso = new Date(second * 1000).toISOString();
        secondPrefix = iso.length === 24 ? iso.slice(0, 20) : "";
    }
    if (secondPrefix === "")
        return new Date(whole).toISOString();
    const milli = whole - second * 1000;
    return `${secondPrefix}${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z`;
}
/** Waits `ms`, or rejects with CancelledError when the signal aborts. */
export function realSleep(ms, signal) {
    if (signal?.aborted)
        return Promise.reject(new CancelledError());
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
// Attempts a batch takes at most: every probe adds a listener to the shared signal, and an
// EventTarget walks its listeners on every add and remove, so a long list costs more than the
// controllers it saves (measured with bench/checks.ts: 16 beats 100).
export const BATCH_SIZE = 16;
/** How long a batch takes in attempts: 1% of the timeout, between 1 and 50 ms. */
export function batchSpan(ms) {
    return Math.min(50, Math.max(1, ms / 100));
}
function openBatch(now, span) {
    const controller = new AbortController();
    // Up to `concurrency` probes listen to it at once; that is by design, not a listener leak.
    setMaxListeners(0, controller.signal);
    return { controller, until: now + span, pending: 0, size: 0, expired: undefined };
}
// One object per attempt: no timer, controller or event listener of its own. This runs once per
// probe, thousands of times a run.
class Deadline {
    group;
    ms;
    due;
    batch;
    resolve;
    reject;
    settled = false;
    constructor(group, ms, 
    /** When it expires, on the performance.now() clock. */
    due, batch, resolve, reject) {
        this.group = group;
        this.ms = ms;
        this.due = due;
        this.batch = batch;
        this.resolve = resolve;
        this.reject = reject;
    }
    /** Settles now with the reason as the error and aborts the work (with its whole batch: cancel). */
    abort(reason) {
        if (this.settled)
            return;
        this.fail(reason);
        this.batch.controller.abort(reason);
    }
    /** Settles now with a timeout; the work is aborted once the rest of its batch is done too. */
    expire() {
        if (this.settled)
            return;
        const reason = new TimeoutError(this.ms);
        this.batch.expired ??= reason;
        this.fail(reason);
    }
    ok(value) {
        if (this.settle())
            this.resolve(value);
    }
    fail(error) {
        if (this.settle())
            this.reject(error instanceof Error ? error : new Error(String(error)));
    }
    settle() {
        if (this.settled)
            return false;
        this.settled = true;
        const batch = this.batch;
        if (--batch.pending === 0 && batch.expired !== undefined)
            batch.controller.abort(batch.expired);
        this.group.settled(this);
        return true;
    }
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
    parent;
    span;
    /** Attempts running, kept only when the run can be cancelled. */
    active;
    lanes = new Map();
    running = 0;
    timer;
    timerDue = Infinity;
    onCancel = () => {
        for (const d of [...(this.active ?? [])])
            d.abort(new CancelledError());
    };
    constructor(parent, 
    /** A batch's span for a timeout (injected in tests). */
    span = batchSpan) {
        this.parent = parent;
        this.span = span;
        if (parent)
            this.active = new Set();
        parent?.addEventListener("abort", this.onCancel);
    }
    run(ms, work) {
        if (this.parent?.aborted)
            return Promise.reject(new CancelledError());
        return new Promise((resolve, reject) => {
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
            const d = new Deadline(this, ms, now + ms, batch, resolve, reject);
            lane.items.push(d);
            this.running++;
            this.active?.add(d);
            if (d.due < this.timerDue)
                this.arm(d.due, now);
            try {
                work(batch.controller.signal).then((value) => d.ok(value), (error) => d.fail(error));
            }
            catch (e) {
                d.fail(e);
            }
        });
    }
    /** Called by an attempt as it settles. */
    settled(d) {
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
        if (!lane)
            return;
        while (lane.head < lane.items.length && lane.items[lane.head]?.settled === true)
            lane.head++;
        // Settled attempts behind a long one still running are dropped in bulk, not one by one.
        if (lane.head > 1_024 && lane.head * 2 > lane.items.length) {
            lane.items = lane.items.slice(lane.head);
            lane.head = 0;
        }
    }
    arm(due, now) {
        clearTimeout(this.timer);
        this.timerDue = due;
        this.timer = setTimeout(this.sweep, Math.min(MAX_DELAY_MS, Math.max(0, due - now)));
    }
    // Expires what is due, then waits for the oldest attempt still running.
    sweep = () => {
        this.timer = undefined;
        this.timerDue = Infinity;
        const now = performance.now();
        let next = Infinity;
        for (const lane of this.lanes.values()) {
            // Expiring one settles it, which may move the lane on: read head and items afresh.
            while (lane.head < lane.items.length) {
                const d = lane.items[lane.head];
                if (d.settled)
                    lane.head++;
                else if (d.due <= now) {
                    lane.head++;
                    d.expire();
                }
                else {
                    next = Math.min(next, d.due);
                    break;
                }
            }
        }
        if (next < Infinity && this.running > 0)
            this.arm(next, now);
    };
    /** Stops listening to the run's signal (the run is over). */
    dispose() {
        this.parent?.removeEventListener("abort", this.onCancel);
    }
}
