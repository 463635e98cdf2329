import { randomUUID } from "node:crypto";
/** Jobs held waiting for their group per slot of concurrency: bounds what one instance takes. */
const WAITING_PER_SLOT = 4;
/**
 * Fetches jobs from a backend and runs them: `concurrency` at once per queue, per-group limits
 * (a job of a full group waits without a slot; with `permits`, across instances), a timeout per
 * job (aborted, then failed so the backend retries it), polling every `pollMs` and at once when a
 * slot frees or `wake()` is called.
 */
export class Dispatcher {
    backend;
    pollMs;
    onError;
    permits;
    workers = new Map();
    groupCounts = new Map();
    timer = null;
    polling = false;
    again = false;
    stopped = false;
    constructor(backend, pollMs, onError, permits) {
        this.backend = backend;
        this.pollMs = pollMs;
        this.onError = onError;
        this.permits = permits;
    }
    register(queue, handler, opts) {
        if (this.workers.has(queue))
            throw new Error(`a worker for queue ${queue} is registered already`);
        this.workers.set(queue, { queue, handler: handler, opts: opts, running: new Set(), waiting: [] });
        this.wake();
    }
    /** Looks for jobs now (after a local send, or when a slot freed). */
    wake() {
        if (this.stopped)
            return;
        if (this.polling) {
            this.again = true;
            return;
        }
        if (this.timer)
            clearTimeout(this.timer);
        this.timer = null;
        this.polling = true;
        void this.pollAll().finally(() => {
            this.polling = false;
            if (this.again) {
                this.again = false;
                this.wake();
            }
            else
                this.schedule();
        });
    }
    schedule() {
        if (this.stopped || this.timer)
            return;
        this.timer = setTimeout(() => {
            this.timer = null;
            this.wake();
        }, this.pollMs);
        this.timer.unref();
    }
    async pollAll() {
        for (const w of this.workers.values()) {
            const free = w.opts.concurrency - w.running.size;
            const room = w.opts.concurrency * WAITING_PER_SLOT - w.waiting.length;
            const max = Math.min(free, room);
            if (this.stopped)
                continue;
            if (max <= 0) {
                // Nothing to fetch, but jobs blocked on other instances' permits may go now.
                this.startWaiting(w);
                continue;
            }
            let jobs;
            try {
                jobs = await this.backend.fetch(w.queue, max);
            }
            catch (e) {
                this.onError(e);
                continue;
            }
            for (const job of jobs)
                this.admit(w, job);
            this.startWaiting(w);
        }
    }
    admit(w, job) {
        const controller = new AbortController();
        const held = { job, groups: w.opts.groups?.(job.data) ?? [], controller, settled: false, blockedUntil: 0, timer: setTimeout(() => this.expire(w, held), job.timeoutMs) };
        held.timer.unref();
        w.waiting.push(held);
    }
    groupsFree(held) {
        return held.groups.every((g) => (this.groupCounts.get(g.key) ?? 0) < g.limit);
    }
    /** Starts waiting jobs, oldest first, whose groups have room, while the queue has slots. */
    startWaiting(w) {
        const now = Date.now();
        for (let i = 0; i < w.waiting.length && w.running.size < w.opts.concurrency && !this.stopped;) {
            const held = w.waiting[i];
            if (held.blockedUntil > now || !this.groupsFree(held)) {
                i++;
                continue;
            }
            w.waiting.splice(i, 1);
            this.run(w, held);
        }
    }
    count(held, by) {
        for (const g of held.groups)
            this.groupCounts.set(g.key, (this.groupCounts.get(g.key) ?? 0) + by);
    }
    run(w, held) {
        w.running.add(held);
        this.count(held, 1);
        const { job } = held;
        const holder = `${job.id}:${randomUUID()}`;
        const permitted = this.permits && held.groups.length ? this.permits.take(held.groups, holder, job.timeoutMs) : Promise.resolve(true);
        void permitted
            .catch((e) => {
            this.onError(e);
            return false;
        })
            .then(async (ok) => {
            if (!ok) {
                // Full on other instances: back to the head of the line, tried again after a poll.
                w.running.delete(held);
                this.count(held, -1);
                if (held.settled)
                    return;
                if (this.stopped) {
                    void this.settle(w, held, "instance stopping before the job started");
                    return;
                }
                held.blockedUntil = Date.now() + this.pollMs;
                w.waiting.unshift(held);
                this.startWaiting(w);
                return;
            }
            try {
                // Timed out (failed for retry) while it waited for its permits: not run here.
                if (held.settled)
                    return;
                await w.handler({ id: job.id, queue: w.queue, data: job.data, timeoutMs: job.timeoutMs, signal: held.controller.signal }).then(() => this.settle(w, held, undefined), (e) => this.settle(w, held, e instanceof Error ? e.message : String(e)));
            }
            finally {
                if (this.permits && held.groups.length)
                    await this.permits.give(held.groups, holder).catch(this.onError);
                w.running.delete(held);
                this.count(held, -1);
                this.startWaiting(w);
                this.wake();
            }
        });
    }
    async settle(w, held, error) {
        clearTimeout(held.timer);
        if (held.settled)
            return;
        held.settled = true;
        try {
            if (error === undefined)
                await this.backend.complete(w.queue, held.job.id);
            else
                await this.backend.fail(w.queue, held.job.id, error);
        }
        catch (e) {
            this.onError(e);
        }
    }
    /** A job past its timeout: aborted, and failed now so that the backend retries it. */
    expire(w, held) {
        held.controller.abort(new Error(`job timed out after ${held.job.timeoutMs} ms`));
        const at = w.waiting.indexOf(held);
        if (at >= 0)
            w.waiting.splice(at, 1);
        void this.settle(w, held, `timed out after ${held.job.timeoutMs} ms`);
    }
    /** Stops fetching; fails waiting jobs at once, waits up to `graceMs` for running ones, then aborts them. */
    async stop(graceMs) {
        this.stopped = true;
        if (this.timer)
            clearTimeout(this.timer);
        this.timer = null;
        const waits = [];
        for (const w of this.workers.values()) {
            for (const held of w.waiting.splice(0)) {
                held.controller.abort(new Error("instance stopping"));
                waits.push(this.settle(w, held, "instance stopping before the job started"));
            }
        }
        await Promise.all(waits);
        const deadline = Date.now() + graceMs;
        const running = () => [...this.workers.values()].reduce((n, w) => n + w.running.size, 0);
        // Jobs are the server's own work: nothing to wait on but their end, checked at a short interval.
        while (running() > 0 && Date.now() < deadline)
            await new Promise((r) => setTimeout(r, 50));
        for (const w of this.workers.values()) {
            for (const held of w.running) {
                held.controller.abort(new Error("instance stopping"));
                await this.settle(w, held, "instance stopped while the job ran");
            }
        }
    }
}
