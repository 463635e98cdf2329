import { randomUUID } from "node:crypto";
import { Dispatcher } from "./dispatcher.js";
/** Ended jobs whose state is remembered (for `state` and to send an id once), oldest forgotten first. */
const REMEMBER_ENDED = 10_000;
/** Jobs kept in this process, for the embedded store (one instance): same rules as pg-boss. */
class MemoryBackend {
    pending = new Map();
    active = new Map();
    /** Jobs waiting or running, by queue and id. */
    live = new Map();
    /** Ended jobs (a Map keeps insertion order: the oldest are forgotten first). */
    ended = new Map();
    setState(queue, id, state) {
        const key = `${queue}\u0000${id}`;
        if (state === "waiting" || state === "running") {
            this.live.set(key, state);
            return;
        }
        this.live.delete(key);
        this.ended.set(key, state);
        if (this.ended.size > REMEMBER_ENDED)
            this.ended.delete(this.ended.keys().next().value);
    }
    state(queue, id) {
        const key = `${queue}\u0000${id}`;
        return this.live.get(key) ?? this.ended.get(key);
    }
    send(queue, data, opts) {
        const id = opts.id ?? randomUUID();
        if (this.state(queue, id) !== undefined)
            return false;
        const list = this.pending.get(queue) ?? [];
        list.push({ id, data, timeoutMs: opts.timeoutMs, retries: opts.retries });
        this.pending.set(queue, list);
        this.setState(queue, id, "waiting");
        return true;
    }
    fetch(queue, max) {
        const list = this.pending.get(queue) ?? [];
        const taken = list.splice(0, max);
        for (const job of taken) {
            this.active.set(job.id, job);
            this.setState(queue, job.id, "running");
        }
        return Promise.resolve(taken);
    }
    complete(queue, id) {
        this.active.delete(id);
        this.setState(queue, id, "completed");
        return Promise.resolve();
    }
    fail(queue, id) {
        const job = this.active.get(id);
        this.active.delete(id);
        if (job && job.retries > 0) {
            const list = this.pending.get(queue) ?? [];
            list.push({ ...job, retries: job.retries - 1 });
            this.pending.set(queue, list);
            this.setState(queue, id, "waiting");
        }
        else
            this.setState(queue, id, "failed");
        return Promise.resolve();
    }
}
/** The in-process job queue (embedded store). */
export class MemoryJobQueue {
    backend = "in-process";
    jobs = new MemoryBackend();
    dispatcher;
    constructor(opts) {
        this.dispatcher = new Dispatcher(this.jobs, opts.pollMs ?? 1_000, opts.onError);
    }
    send(queue, data, opts) {
        const sent = this.jobs.send(queue, data, opts);
        if (sent)
            this.dispatcher.wake();
        return Promise.resolve(sent);
    }
    state(queue, id) {
        return Promise.resolve(this.jobs.state(queue, id));
    }
    work(queue, handler, opts) {
        this.dispatcher.register(queue, handler, opts);
        return Promise.resolve();
    }
    stop(graceMs = 10_000) {
        return this.dispatcher.stop(graceMs);
    }
}
