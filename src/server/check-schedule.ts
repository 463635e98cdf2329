import { planChecks } from "../checks/plan.ts";
import type { PlannedCheck } from "../checks/scheduler.ts";
import { parseDuration } from "../core/engine/index.ts";
import type { JobQueue } from "../jobs/queue.ts";
import type { Store } from "../store/store.ts";
import { checkLease, SCHEDULER_ACTOR, type CheckService } from "./checks-service.ts";
import type { Clock } from "./clock.ts";
import type { RunService } from "./runs.ts";

/** The queue scheduled checks go through. */
export const CHECK_QUEUE = "golive-checks";
const MIN_EVERY_MS = 5_000;

/** One due check, as a job. */
export interface CheckJob {
  runId: string;
  checkId: string;
  /** Its interval when sent: the job skips the check if a result came in since. */
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
 * Scheduled checks on the job queue. Every instance plans: a check whose interval has passed
 * since its last result is sent as a job keyed by run and check, one per interval slot, so
 * instances planning at once send it once. Any instance's worker runs it under the check's lease
 * (never twice at once, even beside a "run now"), skipping it if a result came in meanwhile.
 */
export class CheckSchedule {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private planning = false;

  constructor(
    private readonly store: Store,
    private readonly runs: RunService,
    private readonly checks: CheckService,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly opts: CheckScheduleOptions,
  ) {}

  private everyMs(interval: string | undefined): number {
    return Math.max(MIN_EVERY_MS, (interval ? parseDuration(interval) : undefined) ?? this.opts.defaultEveryMs ?? 300_000);
  }

  /** Sends every due check of every active run; returns how many jobs were new. */
  async plan(): Promise<number> {
    if (this.planning) return 0;
    this.planning = true;
    try {
      const nowMs = this.clock.now().getTime();
      let sent = 0;
      for (const run of await this.store.listRuns()) {
        if (!run.active || this.opts.skipRuns?.has(run.id)) continue;
        const ctx = await this.runs.context(run.id);
        const last = new Map<string, number>();
        for (const f of ctx.facts.checks) last.set(f.check, Math.max(last.get(f.check) ?? 0, Date.parse(f.at)));
        const due = ctx.loaded.runbook.checks.filter((c) => {
          if (c.kind === "command" && !this.opts.allowCommands) return false;
          // An editor's command checks wait for an admin's approval of the runbook.
          if (ctx.held.has(c.id)) return false;
          // A load test is an action (minutes of traffic at the target), not a monitor: it runs
          // on schedule only when the runbook gives it an interval; otherwise on "run now".
          if (c.kind === "load" && !c.interval) return false;
          const prev = last.get(c.id);
          return prev === undefined || nowMs - prev >= this.everyMs(c.interval);
        });
        await this.checks.rollupIfDue(run.id, nowMs);
        if (due.length === 0) continue;
        const planned = new Map(planChecks(ctx.loaded, due.map((c) => c.id)).map((p) => [p.id, p]));
        for (const c of due) {
          const p = planned.get(c.id);
          if (!p) continue;
          const everyMs = this.everyMs(c.interval);
          const job: CheckJob = { runId: run.id, checkId: c.id, everyMs, target: checkTarget(c) };
          if (await this.queue.send(CHECK_QUEUE, job, { key: `${run.id}:${c.id}`, slotMs: everyMs, timeoutMs: worstCaseMs(p), retries: 2 })) sent++;
        }
      }
      return sent;
    } finally {
      this.planning = false;
    }
  }

  /** Runs one check job here: under the check's lease, unless a result came in since it was due. */
  async runJob(job: CheckJob, signal: AbortSignal, ttlMs: number): Promise<boolean> {
    const lease = checkLease(job.runId, job.checkId);
    const holder = `${this.opts.instanceId}:${Math.random().toString(36).slice(2)}`;
    if (!(await this.store.tryLease(lease, holder, this.clock.now().getTime(), ttlMs))) return false;
    try {
      const run = (await this.store.listRuns()).find((r) => r.id === job.runId);
      if (!run?.active) return false;
      const ctx = await this.runs.context(job.runId);
      let last = 0;
      for (const f of ctx.facts.checks) if (f.check === job.checkId) last = Math.max(last, Date.parse(f.at));
      if (last && this.clock.now().getTime() - last < job.everyMs - 1_000) return false;
      await this.checks.execute(job.runId, [job.checkId], SCHEDULER_ACTOR, signal);
      return true;
    } finally {
      await this.store.releaseLease(lease, holder);
    }
  }

  /** Registers this instance's worker and plans every `everyMs` until stop(). */
  async start(everyMs: number, onError: (e: unknown) => void): Promise<void> {
    this.stopped = false;
    const perRun = this.opts.perRun ?? 4;
    const perTarget = this.opts.perTarget ?? 2;
    await this.queue.work<CheckJob>(CHECK_QUEUE, async (job) => {
      await this.runJob(job.data, job.signal, job.timeoutMs);
    }, {
      concurrency: this.opts.concurrency ?? 8,
      groups: (d) => [{ key: `run:${d.runId}`, limit: perRun }, { key: `target:${d.target}`, limit: perTarget }],
    });
    const loop = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        this.plan().catch(onError).finally(loop);
      }, everyMs);
      this.timer.unref();
    };
    this.plan().catch(onError).finally(loop);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
