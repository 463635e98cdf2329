import { randomUUID } from "node:crypto";
import { Dispatcher } from "./dispatcher.ts";
import type { FetchedJob, JobBackend, JobHandler, JobQueue, JobState, SendOptions, WorkOptions } from "./queue.ts";

interface Pending extends FetchedJob {
  retries: number;
}

/** Ended jobs whose state is remembered (for `state` and to send an id once), oldest forgotten first. */
const REMEMBER_ENDED = 10_000;

/** Jobs kept in this process, for the embedded store (one instance): same rules as pg-boss. */
class MemoryBackend implements JobBackend {
  private readonly pending = new Map<string, Pending[]>();
  private readonly active = new Map<string, Pending>();
  /** Jobs waiting or running, by queue and id. */
  private readonly live = new Map<string, JobState>();
  /** Ended jobs (a Map keeps insertion order: the oldest are forgotten first). */
  private readonly ended = new Map<string, JobState>();

  private setState(queue: string, id: string, state: JobState): void {
    const key = `${queue}\u0000${id}`;
    if (state === "waiting" || state === "running") {
      this.live.set(key, state);
      return;
    }
    this.live.delete(key);
    this.ended.set(key, state);
    if (this.ended.size > REMEMBER_ENDED) this.ended.delete(this.ended.keys().next().value as string);
  }

  state(queue: string, id: string): JobState | undefined {
    const key = `${queue}\u0000${id}`;
    return this.live.get(key) ?? this.ended.get(key);
  }

  send(queue: string, data: unknown, opts: SendOptions): boolean {
    const id = opts.id ?? randomUUID();
    if (this.state(queue, id) !== undefined) return false;
    const list = this.pending.get(queue) ?? [];
    list.push({ id, data, timeoutMs: opts.timeoutMs, retries: opts.retries });
    this.pending.set(queue, list);
    this.setState(queue, id, "waiting");
    return true;
  }

  fetch(queue: string, max: number): Promise<FetchedJob[]> {
    const list = this.pending.get(queue) ?? [];
    const taken = list.splice(0, max);
    for (const job of taken) {
      this.active.set(job.id, job);
      this.setState(queue, job.id, "running");
    }
    return Promise.resolve(taken);
  }

  complete(queue: string, id: string): Promise<void> {
    this.active.delete(id);
    this.setState(queue, id, "completed");
    return Promise.resolve();
  }

  fail(queue: string, id: string): Promise<void> {
    const job = this.active.get(id);
    this.active.delete(id);
    if (job && job.retries > 0) {
      const list = this.pending.get(queue) ?? [];
      list.push({ ...job, retries: job.retries - 1 });
      this.pending.set(queue, list);
      this.setState(queue, id, "waiting");
    } else this.setState(queue, id, "failed");
    return Promise.resolve();
  }
}

/** The in-process job queue (embedded store). */
export class MemoryJobQueue implements JobQueue {
  readonly backend = "in-process";
  private readonly jobs = new MemoryBackend();
  private readonly dispatcher: Dispatcher;

  constructor(opts: { pollMs?: number; onError: (e: unknown) => void }) {
    this.dispatcher = new Dispatcher(this.jobs, opts.pollMs ?? 1_000, opts.onError);
  }

  send<T>(queue: string, data: T, opts: SendOptions): Promise<boolean> {
    const sent = this.jobs.send(queue, data, opts);
    if (sent) this.dispatcher.wake();
    return Promise.resolve(sent);
  }

  state(queue: string, id: string): Promise<JobState | undefined> {
    return Promise.resolve(this.jobs.state(queue, id));
  }

  work<T>(queue: string, handler: JobHandler<T>, opts: WorkOptions<T>): Promise<void> {
    this.dispatcher.register(queue, handler, opts);
    return Promise.resolve();
  }

  stop(graceMs = 10_000): Promise<void> {
    return this.dispatcher.stop(graceMs);
  }
}
