import { createHash } from "node:crypto";
import { planChecks } from "../checks/plan.ts";
import type { PlannedCheck } from "../checks/scheduler.ts";
import { parseDuration } from "../core/engine/index.ts";
import type { LoadedRunbook } from "../core/model/validate.ts";
import { MinHeap } from "../jobs/min-heap.ts";
import { jobId, type JobQueue } from "../jobs/queue.ts";
import type { Store } from "../store/store.ts";
import { checkLease, SCHEDULER_ACTOR, type CheckService } from "./checks-service.ts";
import type { Clock } from "./clock.ts";
import type { RunService } from "./runs.ts";

/** The queue scheduled checks go through. */
export const CHECK_QUEUE = "golive-checks";
/** The shortest interval a check runs at on schedule. */
export const MIN_EVERY_MS = 5_000;
/** How often a check without an `interval` of its own runs, unless the server says otherwise. */
export const DEFAULT_EVERY_MS = 300_000;
/** How often the runs and their runbooks are read again (a new run, a closed one). */
const REFRESH_MS = 5_000;

/** One check's due slot, as a job. */
export interface CheckJob {
  runId: string;
  checkId: string;
  /** When its slot began (ms since the epoch); the slot lasts `everyMs`. */
  slotMs: number;
  everyMs: number;
  /** Where it probes (host[:port]), for the per-target limit. */
  target: string;
}

export interface CheckScheduleOptions {
  allowCommands: boolean;
  /** How often a check without its own `interval` runs. */
  defaultEveryMs?: number;
  /** This instance's name (leases). */
  instanceId: string;
  /** Checks running at once on this instance (all runs). */
  concurrency?: number;
  /** Checks of one run running at once on this instance. */
  perRun?: number;
  /** Checks of one target (host) running at once on this instance. */
  perTarget?: number;
  /** Runs not checked on schedule (their systems are known to be absent); run-now still runs them. */
  skipRuns?: ReadonlySet<string>;
}

/** host[:port] a check probes, from its config as written (secrets unresolved); its kind when none. */
export function checkTarget(check: { kind: string; config: Record<string, unknown> }): string {
  const { url, host, port } = check.config;
  if (typeof url === "string") {
    try {
      return new URL(url).host || url;
    } catch {
      return url;
    }
  }
  if (typeof host === "string") return typeof port === "number" || typeof port === "string" ? `${host}:${port}` : host;
  return check.kind;
}

/** The longest a check can take: every sample's attempts at their timeout, the waits between them, and a margin. */
export function worstCaseMs(c: PlannedCheck): number {
  const samples = c.forMs !== undefined ? Math.floor(c.forMs / Math.max(1, c.intervalMs)) + 1 : Math.max(1, c.count);
  const perSample = c.timeoutMs * (c.retries + 1) + 5_000 * c.retries;
  return samples * perSample + (samples - 1) * c.intervalMs + 10_000;
}

/**
 * Where a check's slots start within its interval: spread by run and check (so that checks of one
 * interval are not all due at the same instant), the same on every instance.
 */
export function slotOffset(runId: string, checkId: string, everyMs: number): number {
  return createHash("sha256").update(`${runId}\u0000${checkId}`).digest().readUInt32BE(0) % everyMs;
}

/** The slot `nowMs` falls in, for a check with this interval and offset. */
export function slotAt(nowMs: number, everyMs: number, offsetMs: number): number {
  return Math.floor((nowMs - offsetMs) / everyMs);
}

/** A check this instance schedules: its next slot is due at `dueMs`. */
interface Entry {
  runId: string;
  checkId: string;
  everyMs: number;
  offsetMs: number;
  target: string;
  timeoutMs: number;
  dueMs: number;
  /** False once the check left the schedule (its run closed): dropped when it comes up. */
  live: boolean;
}

/** What a runbook's checks need for scheduling (kept per runbook hash: runbooks are immutable). */
type Spec = Pick<Entry, "checkId" | "everyMs" | "target" | "timeoutMs">;

/**
 * Scheduled checks on the job queue. Each check is due once per slot of its interval, slots being
 * fixed in time (epoch-aligned, offset per check), so every instance computes the same slots; the
 * job of a slot has an id derived from run, check and slot, so instances sending it at once make
 * one job and it runs once. This instance sleeps until the next due slot (a heap by due time):
 * a round costs the checks that are due, not the runs' history. Any instance's worker runs a job
 * under the check's lease (never twice at once, even beside a "run now"), unless the check has a
 * result from within the slot already.
 */
export class CheckSchedule {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private planning = false;
  private readonly entries = new Map<string, Entry>();
  private readonly due = new MinHeap<Entry>((a, b) => a.dueMs < b.dueMs);
  private readonly specs = new Map<string, Spec[]>();
  private refreshedAtMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: Store,
    private readonly runs: RunService,
    private readonly checks: CheckService,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly opts: CheckScheduleOptions,
  ) {}

  private everyMs(interval: string | undefined): number {
    return Math.max(MIN_EVERY_MS, (interval ? parseDuration(interval) : undefined) ?? this.opts.defaultEveryMs ?? DEFAULT_EVERY_MS);
  }

  /** The checks of a runbook that run on schedule. */
  private specsOf(hash: string, loaded: LoadedRunbook): Spec[] {
    let specs = this.specs.get(hash);
    if (specs) return specs;
    const scheduled = loaded.runbook.checks.filter((c) => {
      if (c.kind === "command" && !this.opts.allowCommands) return false;
      // A load test is an action (minutes of traffic at the target), not a monitor: it runs
      // on schedule only when the runbook gives it an interval; otherwise on "run now".
      return c.kind !== "load" || c.interval !== undefined;
    });
    const planned = new Map(planChecks(loaded, scheduled.map((c) => c.id)).map((p) => [p.id, p]));
    specs = scheduled.flatMap((c) => {
      const p = planned.get(c.id);
      return p ? [{ checkId: c.id, everyMs: this.everyMs(c.interval), target: checkTarget(c), timeoutMs: worstCaseMs(p) }] : [];
    });
    this.specs.set(hash, specs);
    return specs;
  }

  /** Reads the active runs again: their checks join the schedule (due at once), a closed run's leave it. */
  private async refresh(nowMs: number): Promise<void> {
    // Set first: a database that does not answer is asked again after REFRESH_MS, not in a loop.
    this.refreshedAtMs = nowMs;
    const seen = new Set<string>();
    for (const run of await this.store.listRuns()) {
      if (!run.active || this.opts.skipRuns?.has(run.id)) continue;
      await this.checks.rollupIfDue(run.id, nowMs);
      const loaded = await this.runs.loaded(run.runbookHash);
      // An editor's command checks wait for an admin's approval of the runbook: off the schedule
      // until then, on it from the refresh after the approval.
      const { held } = await this.runs.approvalGrants(run.runbookHash, loaded);
      for (const spec of this.specsOf(run.runbookHash, loaded)) {
        if (held.has(spec.checkId)) continue;
        const key = `${run.id}\u0000${spec.checkId}`;
        seen.add(key);
        const cur = this.entries.get(key);
        if (cur && cur.everyMs === spec.everyMs && cur.target === spec.target && cur.timeoutMs === spec.timeoutMs) continue;
        if (cur) cur.live = false;
        const offsetMs = slotOffset(run.id, spec.checkId, spec.everyMs);
        const entry: Entry = { ...spec, runId: run.id, offsetMs, dueMs: slotAt(nowMs, spec.everyMs, offsetMs) * spec.everyMs + offsetMs, live: true };
        this.entries.set(key, entry);
        this.due.push(entry);
      }
    }
    for (const [key, entry] of this.entries) {
      if (seen.has(key)) continue;
      entry.live = false;
      this.entries.delete(key);
    }
  }

  /** Sends the job of every check whose slot has come; returns how many were new (not sent by another instance already). */
  async plan(): Promise<number> {
    if (this.planning) return 0;
    this.planning = true;
    try {
      const nowMs = this.clock.now().getTime();
      if (nowMs - this.refreshedAtMs >= REFRESH_MS || nowMs < this.refreshedAtMs) await this.refresh(nowMs);
      let sent = 0;
      for (let e = this.due.peek(); e && e.dueMs <= nowMs; e = this.due.peek()) {
        this.due.pop();
        if (!e.live) continue;
        // A slot this instance slept through is not sent late: the current one is.
        const slot = slotAt(nowMs, e.everyMs, e.offsetMs);
        e.dueMs = (slot + 1) * e.everyMs + e.offsetMs;
        this.due.push(e);
        const job: CheckJob = { runId: e.runId, checkId: e.checkId, slotMs: slot * e.everyMs + e.offsetMs, everyMs: e.everyMs, target: e.target };
        const id = jobId(CHECK_QUEUE, e.runId, e.checkId, e.everyMs, slot);
        if (await this.queue.send(CHECK_QUEUE, job, { id, timeoutMs: e.timeoutMs, retries: 2 })) sent++;
      }
      return sent;
    } finally {
      this.planning = false;
    }
  }

  /** When plan() next has something to do (clock ms). */
  nextPlanMs(): number {
    return Math.min(this.due.peek()?.dueMs ?? Number.POSITIVE_INFINITY, this.refreshedAtMs + REFRESH_MS);
  }

  /**
   * Runs one check job here, under the check's lease. Skipped when the lease is held (the check is
   * running elsewhere) or when the check has a result from since its slot began (read from the
   * store: a run now, or a late job of an earlier slot, on any instance). A late job (retried after
   * its instance died, or one that waited for its group) still runs a check that has none.
   */
  async runJob(job: CheckJob, signal: AbortSignal, ttlMs: number): Promise<boolean> {
    const lease = checkLease(job.runId, job.checkId);
    const holder = `${this.opts.instanceId}:${Math.random().toString(36).slice(2)}`;
    if (!(await this.store.tryLease(lease, holder, this.clock.now().getTime(), ttlMs))) return false;
    try {
      const run = await this.store.getRun(job.runId);
      if (!run?.active) return false;
      const last = await this.store.lastSegment(job.runId, job.checkId);
      if (last && Date.parse(last.last.at) >= job.slotMs) return false;
      await this.checks.execute(job.runId, [job.checkId], SCHEDULER_ACTOR, signal);
      return true;
    } finally {
      await this.store.releaseLease(lease, holder);
    }
  }

  /** Registers this instance's worker and sends due checks, waking at each next due slot, until stop(). */
  async start(onError: (e: unknown) => void): Promise<void> {
    this.stopped = false;
    const perRun = this.opts.perRun ?? 4;
    const perTarget = this.opts.perTarget ?? 2;
    await this.queue.work<CheckJob>(CHECK_QUEUE, async (job) => {
      await this.runJob(job.data, job.signal, job.timeoutMs);
    }, {
      concurrency: this.opts.concurrency ?? 8,
      groups: (d) => [{ key: `run:${d.runId}`, limit: perRun }, { key: `target:${d.target}`, limit: perTarget }],
    });
    const round = () => {
      if (this.stopped) return;
      this.plan().catch(onError).finally(() => {
        if (this.stopped) return;
        // At least a few milliseconds: a slot is due at its start, never before, whatever the rounding.
        const wait = Math.min(REFRESH_MS, Math.max(5, this.nextPlanMs() - this.clock.now().getTime()));
        this.timer = setTimeout(round, wait);
        this.timer.unref();
      });
    };
    round();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
