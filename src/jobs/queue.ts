// Background jobs: one interface over two backends. PostgreSQL uses pg-boss (jobs in the database,
// shared by every instance); the embedded store keeps them in this process. Scheduled checks run
// on it, and any other background work (a notification outbox) can too.

/** How a job is sent. */
export interface SendOptions {
  /** Jobs with the same key and time slot are one job: sending it again (from any instance) is a no-op. */
  key?: string;
  /** The slot's length: with `key`, at most one job per key per slot of this many milliseconds. */
  slotMs?: number;
  /** A job running longer is failed (and retried); a job whose worker died is retried after it. */
  timeoutMs: number;
  /** Further attempts after a failure or a timeout. */
  retries: number;
}

/** A job as a handler sees it. */
export interface Job<T> {
  id: string;
  queue: string;
  data: T;
  /** Its timeout: a lease the job takes should last this long. */
  timeoutMs: number;
  /** Aborted when the job times out or the instance stops. */
  signal: AbortSignal;
}

export type JobHandler<T> = (job: Job<T>) => Promise<void>;

/** What a worker may run at once on this instance. */
export interface WorkOptions<T> {
  /** Jobs of this queue running at once on this instance. */
  concurrency: number;
  /**
   * Per-group limits (e.g. `run:ID` and `target:HOST`, each with its limit): a job whose group is
   * full waits in this instance without taking one of the `concurrency` slots, so a busy group
   * never holds up the others.
   */
  groups?: (data: T) => readonly { key: string; limit: number }[];
}

/** The job queue: send anywhere, work where registered. */
export interface JobQueue {
  readonly backend: "pg-boss" | "in-process";
  /** Enqueues a job; false when an equal one (same key and slot) was already sent. */
  send<T>(queue: string, data: T, opts: SendOptions): Promise<boolean>;
  /** Runs the queue's jobs here with `handler`. */
  work<T>(queue: string, handler: JobHandler<T>, opts: WorkOptions<T>): Promise<void>;
  /** Stops fetching; waits for running jobs up to `graceMs`, then aborts them (they are retried elsewhere). */
  stop(graceMs?: number): Promise<void>;
}

/** A job fetched from a backend, before it runs. */
export interface FetchedJob {
  id: string;
  data: unknown;
  timeoutMs: number;
}

/** What a backend does; the Dispatcher does the rest (limits, timeouts, fairness). */
export interface JobBackend {
  fetch(queue: string, max: number): Promise<FetchedJob[]>;
  complete(queue: string, id: string): Promise<void>;
  fail(queue: string, id: string, error: string): Promise<void>;
}
