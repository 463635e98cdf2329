import type { AuditEvent, Store } from "../store/store.ts";

/** Receives a run's events in order; returns false when the connection is gone. */
export type Deliver = (event: AuditEvent) => boolean;

interface Subscriber {
  runId: string;
  cursor: number;
  deliver: Deliver;
  /** Events that arrived while the subscriber's replay was being read. */
  pending: AuditEvent[] | null;
}

/**
 * The change feed: reads new audit events from the store (the database is the only source, so
 * every instance sees every change) and hands each run's events to its subscribers in order.
 * Polls on an interval and at once after a local write; listeners (caches) hear every event.
 */
export class ChangeFeed {
  private cursor = 0;
  private readonly subs = new Set<Subscriber>();
  private readonly listeners = new Set<(e: AuditEvent) => void>();
  private polling: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly store: Store, private readonly pollMs: number) {}

  /**
   * Starts from the current head; with `poll: false` nothing runs by itself (tests call poll()).
   * Where the store can notify (PostgreSQL), a change made anywhere is read at once; the timer
   * stays as the fallback for notifications lost while the listening connection was down.
   */
  async start(opts: { poll: boolean }): Promise<void> {
    this.cursor = (await this.store.auditHead()).seq;
    if (!opts.poll) return;
    if (this.store.listen) {
      this.unlisten = await this.store.listen(
        () => void this.poll().catch(() => undefined),
        (listening) => (this.listening = listening),
      );
      this.listening = true;
    }
    this.schedule();
  }

  private unlisten: (() => Promise<void>) | null = null;

  /**
   * False while the store can notify but the listening connection is down (it reconnects with
   * backoff): changes from other instances then arrive by the poll only. /readyz says so.
   */
  listening: boolean | undefined = undefined;

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const unlisten = this.unlisten;
    this.unlisten = null;
    await unlisten?.().catch(() => undefined);
  }

  get size(): number {
    return this.subs.size;
  }

  /** Hears every event (e.g. to drop cached status). */
  onEvent(fn: (e: AuditEvent) => void): void {
    this.listeners.add(fn);
  }

  /** Reads what is new now; concurrent calls coalesce into one more read. */
  poll(): Promise<void> {
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
      } finally {
        this.polling = null;
      }
    })();
    return this.polling;
  }

  /**
   * Subscribes to a run's events after `afterSeq`: the missed ones are replayed from the store,
   * then live ones follow, none twice, none skipped. Returns the unsubscribe function.
   */
  async subscribe(runId: string, afterSeq: number, deliver: Deliver): Promise<() => void> {
    const sub: Subscriber = { runId, cursor: afterSeq, deliver, pending: [] };
    this.subs.add(sub);
    const unsubscribe = () => void this.subs.delete(sub);
    try {
      for (;;) {
        const page = await this.store.listAudit({ runId, afterSeq: sub.cursor, limit: 500 });
        for (const e of page) if (!this.send(sub, e)) return unsubscribe;
        if (page.length < 500) break;
      }
      const buffered = sub.pending ?? [];
      sub.pending = null;
      for (const e of buffered) if (!this.send(sub, e)) break;
    } catch (e) {
      unsubscribe();
      throw e;
    }
    return unsubscribe;
  }

  private send(sub: Subscriber, e: AuditEvent): boolean {
    if (e.seq <= sub.cursor) return true;
    sub.cursor = e.seq;
    if (sub.deliver(e)) return true;
    this.subs.delete(sub);
    return false;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const events = await this.store.listAudit({ afterSeq: this.cursor, limit: 1000 });
      for (const e of events) {
        this.cursor = e.seq;
        for (const fn of this.listeners) fn(e);
        if (e.runId === null) continue;
        for (const sub of [...this.subs]) {
          if (sub.runId !== e.runId) continue;
          if (sub.pending) sub.pending.push(e);
          else this.send(sub, e);
        }
      }
      if (events.length < 1000) return;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.poll().catch(() => undefined).finally(() => this.schedule());
    }, this.pollMs);
    this.timer.unref();
  }
}
