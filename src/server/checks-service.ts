import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { CHECK_ENV_SETTING, exposedEnv, type FileRoot } from "../checks/check-env.ts";
import type { CheckKind } from "../checks/kinds.ts";
import { parseKindConfig, planChecks } from "../checks/plan.ts";
import type { Provider } from "../checks/provider.ts";
import { providers as defaultProviders } from "../checks/registry.ts";
import { runChecks } from "../checks/scheduler.ts";
import { Redactor } from "../checks/secrets.ts";
import type { TargetGuard } from "../checks/target-guard.ts";
import type { CheckResultFact } from "../core/model/facts.ts";
import type { Store } from "../store/store.ts";
import type { Clock } from "./clock.ts";
import { ApiError } from "./errors.ts";
import type { ServerMetrics } from "./metrics.ts";
import type { RunService } from "./runs.ts";
import { splitCommandRound } from "./command-round.ts";

export interface CheckServiceOptions {
  allowCommands: boolean;
  providers?: Readonly<Record<CheckKind, Provider>>;
  concurrency?: number;
  /** This instance's name for the scheduling lease. */
  instanceId?: string;
  /**
   * The environment the allowlist picks from (serve: the process's, plus the demo stand-ins' URLs
   * once they are up). Checks never see it whole.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** How long raw samples and per-minute aggregates are kept (per-hour aggregates stay). */
  keepSamples?: { rawMs: number; minuteMs: number };
  /** The variables exposed to checks, by name or NAME_* prefix (read at each run); default none. */
  envAllow?: readonly string[];
  /** Where checks may read files; default nowhere. */
  files?: FileRoot;
  /** Refuses targets checks may not reach (this server's own address). */
  guard?: TargetGuard;
  /** Values redacted from every result even if a check finds them (the server's own secrets). */
  knownSecrets?: readonly string[];
}

/** Raw samples for two days, per-minute aggregates for 35 days, per-hour aggregates for good. */
export const DEFAULT_KEEP_SAMPLES = { rawMs: 2 * 86_400_000, minuteMs: 35 * 86_400_000 };
/** How often the scheduler downsamples a run's samples. */
const ROLLUP_EVERY_MS = 10 * 60_000;

/** The lease a check holds while it runs, on any instance, scheduled or run now. */
export function checkLease(runId: string, checkId: string): string {
  return `check:${runId}:${checkId}`;
}

/** Who the scheduler acts as in the audit log. */
export const SCHEDULER_ACTOR = "golive:scheduler";

/** Runs a run's checks (jobs of the schedule and of "run now"), storing every result. */
export class CheckService {
  private readonly instanceId: string;
  private readonly rolledAt = new Map<string, number>();
  /** Executions running commands, by runbook text: a withdrawal of its approval cancels them. */
  private readonly commandRuns = new Map<string, Set<AbortController>>();

  /**
   * The approval of a runbook text was withdrawn: its rounds of command checks running here are
   * killed (with their children); they are recorded as cancelled and count for nothing (held).
   */
  cancelCommands(hash: string): void {
    for (const c of this.commandRuns.get(hash) ?? []) c.abort(new Error("the approval of this runbook's command checks was withdrawn"));
  }

  constructor(
    private readonly store: Store,
    private readonly runs: RunService,
    private readonly clock: Clock,
    private readonly metrics: ServerMetrics,
    private readonly opts: CheckServiceOptions,
  ) {
    this.instanceId = opts.instanceId ?? randomUUID();
  }

  /**
   * Runs checks and records their results, each under its check's lease, as scheduled jobs do: a
   * check running on another instance (or for another caller) is waited for, never run beside it.
   */
  async runLeased(runId: string, ids: readonly string[], actor: string, opts: { ttlMs: number; signal?: AbortSignal }): Promise<CheckResultFact[]> {
    const holder = `${this.instanceId}:${randomUUID()}`;
    const held: string[] = [];
    try {
      for (const id of ids) {
        const lease = checkLease(runId, id);
        const deadline = Date.now() + opts.ttlMs;
        while (!(await this.store.tryLease(lease, holder, this.clock.now().getTime(), opts.ttlMs))) {
          if (Date.now() > deadline || opts.signal?.aborted) throw new ApiError("GOLIVE_E_UNAVAILABLE", `check ${id} is still running elsewhere`);
          // The other holder's check ends in its own time: nothing to wait on but the lease row.
          await delay(250);
        }
        held.push(lease);
      }
      return await this.execute(runId, ids, actor, opts.signal);
    } finally {
      for (const lease of held) await this.store.releaseLease(lease, holder);
    }
  }

  private redactor(): Redactor {
    const r = new Redactor();
    for (const s of this.opts.knownSecrets ?? []) r.add(s);
    return r;
  }

  /** Runs checks and records their results (the caller holds their leases). */
  async execute(runId: string, ids: readonly string[], actor: string, signal?: AbortSignal): Promise<CheckResultFact[]> {
    const ctx = await this.runs.context(runId);
    const hash = ctx.run.runbookHash;
    const commands = ctx.loaded.runbook.checks.filter((c) => c.kind === "command").map((c) => c.id);
    // Registered before the approval is read: a withdrawal heard from here on cancels this round.
    const cancel = new AbortController();
    const wantsCommands = this.opts.allowCommands && ctx.held.size === 0 && ids.some((id) => commands.includes(id));
    if (wantsCommands) this.commandRuns.set(hash, (this.commandRuns.get(hash) ?? new Set()).add(cancel));
    try {
      // The last door before a command runs: whatever queued it, a held check does not run here,
      // and a runbook with any held check runs no command at all. The approval is read afresh: one
      // withdrawn on another instance, whose feed event has not arrived yet, still stops it.
      let held = ctx.held;
      if (wantsCommands && (!(await this.runs.approvedNow(hash)) || cancel.signal.aborted)) held = new Set(commands);
      const planned = planChecks(ctx.loaded, ids.filter((id) => !held.has(id)));
      if (planned.length === 0) return [];
      // A withdrawal kills the round's command checks (with their children), and the checks tied
      // to them by `needs`: a scheduled job is one check; a "run now" round runs its other checks
      // beside them, with the caller's signal only, so they finish and are recorded as usual.
      if (!wantsCommands || held.size > 0) return await this.runAndRecord(runId, planned, held, actor, signal);
      const stop = signal ? AbortSignal.any([signal, cancel.signal]) : cancel.signal;
      return await this.runAndRecord(runId, planned, held, actor, signal, { ids: new Set(commands), signal: stop });
    } finally {
      const set = this.commandRuns.get(hash);
      set?.delete(cancel);
      if (set?.size === 0) this.commandRuns.delete(hash);
    }
  }

  private async runAndRecord(runId: string, planned: ReturnType<typeof planChecks>, held: ReadonlySet<string>, actor: string, signal: AbortSignal | undefined, commands?: { ids: ReadonlySet<string>; signal: AbortSignal }): Promise<CheckResultFact[]> {
    let facts: CheckResultFact[];
    if (commands) {
      const split = splitCommandRound(planned, commands.ids);
      // One redactor for both halves, as for one round: a secret one check met is cut from all.
      // (Each half has the concurrency limit: a mixed round may run up to twice as many at once.)
      const redactor = this.redactor();
      const [tied, others] = await Promise.all([this.round(split.commands, held, commands.signal, redactor), this.round(split.others, held, signal, redactor)]);
      // A check that only ran beside a command and was cut short by the withdrawal (not by the
      // caller) did not fail: it is not recorded, and its next run says how it stands.
      const cutShort = commands.signal.aborted && !signal?.aborted;
      const byId = new Map([...tied.filter((f) => !(cutShort && !commands.ids.has(f.check) && f.outcome === "error")), ...others].map((f) => [f.check, f]));
      facts = planned.flatMap((p) => byId.get(p.id) ?? []);
    } else {
      facts = await this.round(planned, held, signal, this.redactor());
    }
    const before = await this.runs.context(runId);
    // One transaction per round: samples to their table, outcome changes to the fact log.
    const recorded = await this.store.recordSamples(runId, facts, { actor, at: this.clock.now().toISOString() });
    for (const f of facts) this.metrics.checkRuns.inc({ outcome: f.outcome });
    this.runs.applySamples(runId, recorded);
    await this.runs.notifyRound(runId, before, recorded.version);
    return facts;
  }

  /** Runs planned checks (nothing when none), giving their results in order. */
  private async round(planned: ReturnType<typeof planChecks>, held: ReadonlySet<string>, signal: AbortSignal | undefined, redactor: Redactor): Promise<CheckResultFact[]> {
    if (planned.length === 0) return [];
    const report = await runChecks(planned, {
      providers: this.opts.providers ?? defaultProviders,
      parseConfig: parseKindConfig,
      concurrency: this.opts.concurrency ?? 8,
      allowCommands: this.opts.allowCommands && held.size === 0,
      clock: () => this.clock.now().getTime(),
      env: exposedEnv(this.opts.env ?? {}, this.opts.envAllow ?? []),
      envSetting: CHECK_ENV_SETTING,
      files: this.opts.files ?? null,
      redactor,
      ...(this.opts.guard ? { guard: this.opts.guard } : {}),
      ...(signal ? { signal } : {}),
    });
    return report.results.map((r) => r.fact);
  }

  /** Downsamples a run's samples when the last time is ROLLUP_EVERY_MS ago (the schedule calls it each round). */
  async rollupIfDue(runId: string, nowMs: number): Promise<void> {
    if (nowMs - (this.rolledAt.get(runId) ?? 0) < ROLLUP_EVERY_MS) return;
    await this.store.rollupSamples(runId, nowMs, this.opts.keepSamples ?? DEFAULT_KEEP_SAMPLES);
    this.rolledAt.set(runId, nowMs);
  }
}
