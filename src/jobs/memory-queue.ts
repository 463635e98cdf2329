import { randomUUID } from "node:crypto";
import { Dispatcher } from "./dispatcher.ts";
import type { FetchedJob, JobBackend, JobHandler, JobQueue, SendOptions, WorkOptions } from "./queue.ts";

interface Pending extends FetchedJob {
  key: string | undefined;
  retries: number;
}

/** Jobs kept in this process, for the embedded store (one instance): same rules as pg-boss. */
class MemoryBackend implements JobBackend {
  private readonly pending = new Map<string, Pending[]>();
  private readonly active = new Map<string, Pending>();
  /** The last slot each key was sent for. */
  private readonly slots = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  send(queue: string, data: unknown, opts: SendOptions): boolean {
    if (opts.key !== undefined) {
      const slotKey = `${queue}\u0000${opts.key}`;
      const slot = opts.slotMs ? Math.floor(this.now() / opts.slotMs) : undefined;
      if (slot !== undefined && this.slots.get(slotKey) === slot) return false;
      if (this.pending.get(queue)?.some((p) => p.key === opts.key)) return false;
      if (slot !== undefined) this.slots.set(slotKey, slot);
    }
    const list = this.pending.get(queue) ?? [];
    list.push({ id: randomUUID(), data, timeoutMs: opts.timeoutMs, key: opts.key, retries: opts.retries });
    this.pending.set(queue, list);
    return true;
  }

  fetch(queue: string, max: number): Promise<FetchedJob[]> {
    const list = this.pending.get(queue) ?? [];
    const taken = list.splice(0, max);
    for (const job of taken) this.active.set(job.id, job);
    return Promise.resolve(taken);
  }

  complete(_queue: string, id: string): Promise<void> {
    this.active.delete(id);
    return Promise.resolve();
  }

  fail(queue: string, id: string): Promise<void> {
    const job = this.active.get(id);
    this.active.delete(id);
    if (job && job.retries > 0) {
      const list = this.pending.get(queue) ?? [];
      list.push({ ...job, retries: job.retries - 1 });
      this.pending.set(queue, list);
    }
    return Promise.resolve();
  }
}

/** The in-process job queue (embedded store). */
export class MemoryJobQueue implements JobQueue {
  readonly backend = "in-process";
  private readonly jobs: MemoryBackend;
  private readonly dispatcher: Dispatcher;

  constructor(opts: { pollMs?: number; now?: () => number; onError: (e: unknown) => void }) {
    this.jobs = new MemoryBackend(opts.now ?? Date.now);
    this.dispatcher = new Dispatcher(this.jobs, opts.pollMs ?? 1_000, opts.onError);
  }

  send<T>(queue: string, data: T, opts: SendOptions): Promise<boolean> {
    const sent = this.jobs.send(queue, data, opts);
    if (sent) this.dispatcher.wake();
    return Promise.resolve(sent);
  }

  work<T>(queue: string, handler: JobHandler<T>, opts: WorkOptions<T>): Promise<void> {
    this.dispatcher.register(queue, handler, opts);
    return Promise.resolve();
  }

  stop(graceMs = 10_000): Promise<void> {
    return this.dispatcher.stop(graceMs);
  }
}
