/**
 * The change feed: reads new audit events from the store (the database is the only source, so
 * every instance sees every change) and hands each run's events to its subscribers in order.
 * Polls on an interval and at once after a local write; listeners (caches) hear every event.
 */
export class ChangeFeed {
    store;
    pollMs;
    cursor = 0;
    subs = new Set();
    listeners = new Set();
    polling = null;
    again = false;
    timer = null;
    stopped = false;
    constructor(store, pollMs) {
        this.store = store;
        this.pollMs = pollMs;
    }
    /**
     * Starts from the current head; with `poll: false` nothing runs by itself (tests call poll()).
     * Where the store can notify (PostgreSQL), a change made anywhere is read at once; the timer
     * stays as the fallback for notifications lost while the listening connection was down.
     */
    async start(opts) {
        this.cursor = (await this.store.auditHead()).seq;
        if (!opts.poll)
            return;
        if (this.store.listen) {
            this.unlisten = await this.store.listen(() => void this.poll().catch(() => undefined), (listening) => (this.listening = listening));
            this.listening = true;
        }
        this.schedule();
    }
    unlisten = null;
    /**
     * False while the store can notify but the listening connection is down (it reconnects with
     * backoff): changes from other instances then arrive by the poll only. /readyz says so.
     */
    listening = undefined;
    async stop() {
        this.stopped = true;
        if (this.timer)
            clearTimeout(this.timer);
        this.timer = null;
        const unlisten = this.unlisten;
        this.unlisten = null;
        await unlisten?.().catch(() => undefined);
    }
    get size() {
        return this.subs.size;
    }
    /** Hears every event (e.g. to drop cached status). */
    onEvent(fn) {
        this.listeners.add(fn);
    }
    /** Reads what is new now; concurrent calls coalesce into one more read. */
    poll() {
        if (this.polling) {
            this.again = true;
            return this.polling;
        }
        this.polling = (async () => {
            try {
                do {
                    this.again = false;
                    await this.drain();
                } while (this.again);
            }
            finally {
                this.polling = null;
            }
        })();
        return this.polling;
    }
    /**
     * Subscribes to a run's events after `afterSeq`: the missed ones are replayed from the store,
     * then live ones follow, none twice, none skipped. Returns the unsubscribe function.
     */
    async subscribe(runId, afterSeq, deliver) {
        const sub = { runId, cursor: afterSeq, deliver, pending: [] };
        this.subs.add(sub);
        const unsubscribe = () => void this.subs.delete(sub);
        try {
            for (;;) {
                const page = await this.store.listAudit({ runId, afterSeq: sub.cursor, limit: 500 });
                for (const e of page)
                    if (!this.send(sub, e))
                        return unsubscribe;
                if (page.length < 500)
                    break;
            }
            const buffered = sub.pending ?? [];
            sub.pending = null;
            for (const e of buffered)
                if (!this.send(sub, e))
                    break;
        }
        catch (e) {
            unsubscribe();
            throw e;
        }
        return unsubscribe;
    }
    send(sub, e) {
        if (e.seq <= sub.cursor)
            return true;
        sub.cursor = e.seq;
        if (sub.deliver(e))
            return true;
        this.subs.delete(sub);
        return false;
    }
    async drain() {
        for (;;) {
            const events = await this.store.listAudit({ afterSeq: this.cursor, limit: 1000 });
            for (const e of events) {
                this.cursor = e.seq;
                for (const fn of this.listeners)
                    fn(e);
                if (e.runId === null)
                    continue;
                for (const sub of [...this.subs]) {
                    if (sub.runId !== e.runId)
                        continue;
                    if (sub.pending)
                        sub.pending.push(e);
                    else
                        this.send(sub, e);
                }
            }
            if (events.length < 1000)
                return;
        }
    }
    schedule() {
        if (this.stopped)
            return;
        this.timer = setTimeout(() => {
            this.poll().catch(() => undefined).finally(() => this.schedule());
        }, this.pollMs);
        this.timer.unref();
    }
}
