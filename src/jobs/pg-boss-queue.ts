import { setTimeout as delay } from "node:timers/promises";
import PgBoss from "pg-boss";
import { Dispatcher } from "./dispatcher.ts";
import type { FetchedJob, GroupPermits, JobBackend, JobHandler, JobQueue, JobState, SendOptions, WorkOptions } from "./queue.ts";

export interface PgBossQueueOptions {
  /** How often this instance looks for jobs (besides at once after a local send or a freed slot). */
  pollMs?: number;
  /** How often timed-out jobs (a worker that died) are failed for retry; one instance does it per period. */
  maintenanceSeconds?: number;
  onError: (e: unknown) => void;
  /** Where the workers' group limits are kept so that they hold across instances. */
  permits?: GroupPermits;
}

/** The pg-boss schema golive's jobs live in, beside golive's tables. */
export const JOBS_SCHEMA = "golive_jobs";

/**
 * Jobs in PostgreSQL through pg-boss 10: every instance sends and fetches from the same tables
 * (`FOR UPDATE SKIP LOCKED`, so a job runs on one instance); a job whose instance died is failed
 * by pg-boss's maintenance once its `expire_in` passes, and retried elsewhere.
 */
export class PgBossJobQueue implements JobQueue {
  readonly backend = "pg-boss";
  private readonly queues = new Set<string>();
  private dispatcher: Dispatcher;

  private constructor(private readonly boss: PgBoss, opts: PgBossQueueOptions) {
    const backend: JobBackend = {
      fetch: async (queue, max): Promise<FetchedJob[]> => {
        const jobs = await this.boss.fetch<unknown>(queue, { batchSize: max });
        return jobs.map((j) => ({ id: j.id, data: j.data, timeoutMs: Number((j as unknown as { expireInSeconds: number }).expireInSeconds) * 1000 }));
      },
      complete: async (queue, id) => {
        await this.boss.complete(queue, id);
      },
      fail: async (queue, id, error) => {
        await this.boss.fail(queue, id, { message: error });
      },
    };
    this.dispatcher = new Dispatcher(backend, opts.pollMs ?? 1_000, opts.onError, opts.permits);
  }

  /** Connects and installs (or migrates) pg-boss's schema; safe when several instances start at once. */
  static async start(url: string, opts: PgBossQueueOptions): Promise<PgBossJobQueue> {
    const boss = new PgBoss({
      connectionString: url,
      schema: JOBS_SCHEMA,
      max: 4,
      supervise: true,
      schedule: false,
      maintenanceIntervalSeconds: opts.maintenanceSeconds ?? 10,
      monitorStateIntervalSeconds: 60,
    });
    boss.on("error", opts.onError);
    await boss.start();
    return new PgBossJobQueue(boss, opts);
  }

  private async ensureQueue(queue: string): Promise<void> {
    if (this.queues.has(queue)) return;
    // Instances starting together create it at the same moment: one wins, the others see a
    // unique violation or are chosen as a deadlock's victim; they look again and retry.
    for (let attempt = 1; !(await this.boss.getQueue(queue)); attempt++) {
      try {
        await this.boss.createQueue(queue, { name: queue, policy: "standard" });
      } catch (e) {
        if (attempt >= 5) throw e;
        await delay(100 * attempt + Math.floor(Math.random() * 100));
      }
    }
    this.queues.add(queue);
  }

  async send<T>(queue: string, data: T, opts: SendOptions): Promise<boolean> {
    await this.ensureQueue(queue);
    const options: PgBoss.SendOptions = { expireInSeconds: Math.max(1, Math.ceil(opts.timeoutMs / 1000)), retryLimit: opts.retries, retryDelay: 1 };
    // The id is the job table's key (INSERT … ON CONFLICT DO NOTHING): a second send is a no-op.
    if (opts.id !== undefined) options.id = opts.id;
    const id = await this.boss.send(queue, data as object, options);
    if (id) this.dispatcher.wake();
    return id !== null;
  }

  async state(queue: string, id: string): Promise<JobState | undefined> {
    await this.ensureQueue(queue);
    const job = await this.boss.getJobById(queue, id, { includeArchive: true });
    if (!job) return undefined;
    switch (job.state) {
      case "created":
      case "retry":
        return "waiting";
      case "active":
        return "running";
      case "completed":
        return "completed";
      default:
        return "failed";
    }
  }

  async work<T>(queue: string, handler: JobHandler<T>, opts: WorkOptions<T>): Promise<void> {
    await this.ensureQueue(queue);
    this.dispatcher.register(queue, handler, opts);
  }

  async stop(graceMs = 10_000): Promise<void> {
    await this.dispatcher.stop(graceMs);
    await this.boss.stop({ graceful: false, close: true, wait: true });
  }
}
