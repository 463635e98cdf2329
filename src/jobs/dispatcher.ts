import { randomUUID } from "node:crypto";
import type { FetchedJob, GroupLimit, GroupPermits, JobBackend, JobHandler, WorkOptions } from "./queue.ts";

interface Held {
  job: FetchedJob;
  groups: readonly GroupLimit[];
  controller: AbortController;
  /** While set, a job whose groups were full on another instance is not tried again before it. */
  blockedUntil: number;
  timer: NodeJS.Timeout;
  /** Set once the job is failed for its timeout: its end must not complete it. */
  settled: boolean;
}

interface Worker {
  queue: string;
  handler: JobHandler<unknown>;
  opts: WorkOptions<unknown>;
  running: Set<Held>;
  /** Fetched, waiting for a group slot (not counted against `concurrency`). */
  waiting: Held[];
}

/** Jobs held waiting for their group per slot of concurrency: bounds what one instance takes. */
const WAITING_PER_SLOT = 4;

/**
 * Fetches jobs from a backend and runs them: `concurrency` at once per queue, per-group limits
 * (a job of a full group waits without a slot; with `permits`, across instances), a timeout per
 * job (aborted, then failed so the backend retries it), polling every `pollMs` and at once when a
 * slot frees or `wake()` is called.
 */
export class Dispatcher {
  private readonly workers = new Map<string, Worker>();
  private readonly groupCounts = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private again = false;
  private stopped = false;

  constructor(
    private readonly backend: JobBackend,
    private readonly pollMs: number,
    private readonly onError: (e: unknown) => void,
    private readonly permits?: GroupPermits,
  ) {}

  register<T>(queue: string, handler: JobHandler<T>, opts: WorkOptions<T>): void {
    if (this.workers.has(queue)) throw new Error(`a worker for queue ${queue} is registered already`);
    this.workers.set(queue, { queue, handler: handler as JobHandler<unknown>, opts: opts as WorkOptions<unknown>, running: new Set(), waiting: [] });
    this.wake();
  }

  /** Looks for jobs now (after a local send, or when a slot freed). */
  wake(): void {
    if (this.stopped) return;
    if (this.polling) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.polling = true;
    void this.pollAll().finally(() => {
      this.polling = false;
      if (this.again) {
        this.again = false;
        this.wake();
      } else this.schedule();
    });
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.wake();
    }, this.pollMs);
    this.timer.unref();
  }

  private async pollAll(): Promise<void> {
    for (const w of this.workers.values()) {
      const free = w.opts.concurrency - w.running.size;
      const room = w.opts.concurrency * WAITING_PER_SLOT - w.waiting.length;
      const max = Math.min(free, room);
      if (this.stopped) continue;
      if (max <= 0) {
        // Nothing to fetch, but jobs blocked on other instances' permits may go now.
        this.startWaiting(w);
        continue;
      }
      let jobs: FetchedJob[];
      try {
        jobs = await this.backend.fetch(w.queue, max);
      } catch (e) {
        this.onError(e);
        continue;
      }
      for (const job of jobs) this.admit(w, job);
      this.startWaiting(w);
    }
  }

  private admit(w: Worker, job: FetchedJob): void {
    const controller = new AbortController();
    const held: Held = { job, groups: w.opts.groups?.(job.data) ?? [], controller, settled: false, blockedUntil: 0, timer: setTimeout(() => this.expire(w, held), job.timeoutMs) };
    held.timer.unref();
    w.waiting.push(held);
  }

  private groupsFree(held: Held): boolean {
    return held.groups.every((g) => (this.groupCounts.get(g.key) ?? 0) < g.limit);
  }

  /** Starts waiting jobs, oldest first, whose groups have room, while the queue has slots. */
  private startWaiting(w: Worker): void {
    const now = Date.now();
    for (let i = 0; i < w.waiting.length && w.running.size < w.opts.concurrency && !this.stopped; ) {
      const held = w.waiting[i] as Held;
      if (held.blockedUntil > now || !this.groupsFree(held)) {
        i++;
        continue;
      }
      w.waiting.splice(i, 1);
      this.run(w, held);
    }
  }

  private count(held: Held, by: number): void {
    for (const g of held.groups) this.groupCounts.set(g.key, (this.groupCounts.get(g.key) ?? 0) + by);
  }

  private run(w: Worker, held: Held): void {
    w.running.add(held);
    this.count(held, 1);
    const { job } = held;
    const holder = `${job.id}:${randomUUID()}`;
    const permitted = this.permits && held.groups.length ? this.permits.take(held.groups, holder, job.timeoutMs) : Promise.resolve(true);
    void permitted
      .catch((e: unknown) => {
        this.onError(e);
        return false;
      })
      .then(async (ok) => {
        if (!ok) {
          // Full on other instances: back to the head of the line, tried again after a poll.
          w.running.delete(held);
          this.count(held, -1);
          if (held.settled) return;
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
          if (held.settled) return;
          await w.handler({ id: job.id, queue: w.queue, data: job.data, timeoutMs: job.timeoutMs, signal: held.controller.signal }).then(
            () => this.settle(w, held, undefined),
            (e: unknown) => this.settle(w, held, e instanceof Error ? e.message : String(e)),
          );
        } finally {
          if (this.permits && held.groups.length) await this.permits.give(held.groups, holder).catch(this.onError);
          w.running.delete(held);
          this.count(held, -1);
          this.startWaiting(w);
          this.wake();
        }
      });
  }

  private async settle(w: Worker, held: Held, error: string | undefined): Promise<void> {
    clearTimeout(held.timer);
    if (held.settled) return;
    held.settled = true;
    try {
      if (error === undefined) await this.backend.complete(w.queue, held.job.id);
      else await this.backend.fail(w.queue, held.job.id, error);
    } catch (e) {
      this.onError(e);
    }
  }

  /** A job past its timeout: aborted, and failed now so that the backend retries it. */
  private expire(w: Worker, held: Held): void {
    held.controller.abort(new Error(`job timed out after ${held.job.timeoutMs} ms`));
    const at = w.waiting.indexOf(held);
    if (at >= 0) w.waiting.splice(at, 1);
    void this.settle(w, held, `timed out after ${held.job.timeoutMs} ms`);
  }

  /** Stops fetching; fails waiting jobs at once, waits up to `graceMs` for running ones, then aborts them. */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const waits: Promise<void>[] = [];
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
    while (running() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    for (const w of this.workers.values()) {
      for (const held of w.running) {
        held.controller.abort(new Error("instance stopping"));
        await this.settle(w, held, "instance stopped while the job ran");
      }
    }
  }
}
