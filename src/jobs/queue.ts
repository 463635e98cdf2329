// Background jobs: one interface over two backends. PostgreSQL uses pg-boss (jobs in the database,
// shared by every instance); the embedded store keeps them in this process. Scheduled checks run
// on it, and any other background work (a notification outbox) can too.

import { createHash } from "node:crypto";

/** How a job is sent. */
export interface SendOptions {
  /**
   * The job's id (a UUID, see `jobId`): a job is sent once per id, so instances sending the same
   * work at once (a check's due slot, a "run now") make one job. Random when absent.
   */
  id?: string;
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
   * never holds up the others. With the queue's GroupPermits they hold across instances.
   */
  groups?: (data: T) => readonly GroupLimit[];
}

/** The job queue: send anywhere, work where registered. */
export interface JobQueue {
  readonly backend: "pg-boss" | "in-process";
  /** Enqueues a job; false when a job with its id was already sent (from any instance). */
  send<T>(queue: string, data: T, opts: SendOptions): Promise<boolean>;
  /** Where a job is: waiting, running, done, failed for good (no retry left); undefined when unknown or forgotten. */
  state(queue: string, id: string): Promise<JobState | undefined>;
  /** Runs the queue's jobs here with `handler`. */
  work<T>(queue: string, handler: JobHandler<T>, opts: WorkOptions<T>): Promise<void>;
  /** Stops fetching; waits for running jobs up to `graceMs`, then aborts them (they are retried elsewhere). */
  stop(graceMs?: number): Promise<void>;
}

/** A job's state: `waiting` includes a failed job waiting for its retry. */
export type JobState = "waiting" | "running" | "completed" | "failed";

/**
 * A job id derived from `parts` (a name-based UUID, RFC 9562 version 8 layout over SHA-256):
 * every instance derives the same id for the same work.
 */
export function jobId(...parts: readonly (string | number)[]): string {
  const h = createHash("sha256").update(JSON.stringify(parts)).digest("hex");
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A job's group and the most of its jobs that may run at once. */
export interface GroupLimit {
  key: string;
  limit: number;
}

/**
 * Group limits across instances: permits kept where every instance sees them (PostgreSQL), one of
 * each of a job's groups taken before it runs and given back when it ends (or expiring with it).
 */
export interface GroupPermits {
  /** Takes a permit of every group for `holder` until `ttlMs` from now; false, holding none, when a group is full. */
  take(groups: readonly GroupLimit[], holder: string, ttlMs: number): Promise<boolean>;
  give(groups: readonly GroupLimit[], holder: string): Promise<void>;
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
