import { randomUUID } from "node:crypto";
import { CHECK_ENV_SETTING, exposedEnv, type FileRoot } from "../checks/check-env.ts";
import type { CheckKind } from "../checks/kinds.ts";
import { parseKindConfig, planChecks } from "../checks/plan.ts";
import type { Provider } from "../checks/provider.ts";
import { providers as defaultProviders } from "../checks/registry.ts";
import { runChecks } from "../checks/scheduler.ts";
import { Redactor } from "../checks/secrets.ts";
import { selectChecks, type Selection } from "../checks/select.ts";
import type { TargetGuard } from "../checks/target-guard.ts";
import { parseDuration } from "../core/engine/index.ts";
import type { CheckResultFact } from "../core/model/facts.ts";
import type { Store } from "../store/store.ts";
import type { Clock } from "./clock.ts";
import { ApiError } from "./errors.ts";
import type { ServerMetrics } from "./metrics.ts";
import type { RunService } from "./runs.ts";

export interface CheckServiceOptions {
  allowCommands: boolean;
  providers?: Readonly<Record<CheckKind, Provider>>;
  concurrency?: number;
  /** How often a check without its own `interval` runs on schedule. */
  defaultEveryMs?: number;
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
  /** Runs not checked on schedule (their systems are known to be absent); run-now still runs them. */
  skipRuns?: ReadonlySet<string>;
}

/** Raw samples for two days, per-minute aggregates for 35 days, per-hour aggregates for good. */
export const DEFAULT_KEEP_SAMPLES = { rawMs: 2 * 86_400_000, minuteMs: 35 * 86_400_000 };
/** How often the scheduler downsamples a run's samples. */
const ROLLUP_EVERY_MS = 10 * 60_000;

/** Who the scheduler acts as in the audit log. */
export const SCHEDULER_ACTOR = "golive:scheduler";
const LEASE = "scheduled-checks";
const MIN_EVERY_MS = 5_000;

/** Runs a run's checks now (API) or on their intervals (scheduler), storing every result. */
export class CheckService {
  private readonly instanceId: string;
  private ticking = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly rolledAt = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly runs: RunService,
    private readonly clock: Clock,
    private readonly metrics: ServerMetrics,
    private readonly opts: CheckServiceOptions,
  ) {
    this.instanceId = opts.instanceId ?? randomUUID();
  }

  /** Runs the selected checks of a run (all when the selection is empty) and records the results. */
  async runNow(runId: string, selection: Selection, actor: string): Promise<CheckResultFact[]> {
    const ctx = await this.runs.context(runId);
    const selected = selectChecks(ctx.loaded, selection);
    if (!selected.ok) throw new ApiError("GOLIVE_E_UNKNOWN_REFERENCE", selected.message);
    return this.execute(runId, selected.ids, actor);
  }

  private redactor(): Redactor {
    const r = new Redactor();
    for (const s of this.opts.knownSecrets ?? []) r.add(s);
    return r;
  }

  private async execute(runId: string, ids: readonly string[], actor: string): Promise<CheckResultFact[]> {
    const ctx = await this.runs.context(runId);
    const planned = planChecks(ctx.loaded, ids);
    const report = await runChecks(planned, {
      providers: this.opts.providers ?? defaultProviders,
      parseConfig: parseKindConfig,
      concurrency: this.opts.concurrency ?? 8,
      allowCommands: this.opts.allowCommands,
      clock: () => this.clock.now().getTime(),
      env: exposedEnv(this.opts.env ?? {}, this.opts.envAllow ?? []),
      envSetting: CHECK_ENV_SETTING,
      files: this.opts.files ?? null,
      redactor: this.redactor(),
      ...(this.opts.guard ? { guard: this.opts.guard } : {}),
    });
    const facts = report.results.map((r) => r.fact);
    // One transaction per round: samples to their table, outcome changes to the fact log.
    const recorded = await this.store.recordSamples(runId, facts, { actor, at: this.clock.now().toISOString() });
    for (const f of facts) this.metrics.checkRuns.inc({ outcome: f.outcome });
    this.runs.applySamples(runId, recorded);
    return facts;
  }

  /**
   * One scheduling round: if this instance holds the lease, runs every active run's checks whose
   * interval has passed since their last result. Returns how many checks ran (0 without the lease).
   */
  async tick(leaseTtlMs = 30_000): Promise<number> {
    if (this.ticking) return 0;
    this.ticking = true;
    try {
      const nowMs = this.clock.now().getTime();
      if (!(await this.store.tryLease(LEASE, this.instanceId, nowMs, leaseTtlMs))) return 0;
      let ran = 0;
      for (const run of await this.store.listRuns()) {
        if (!run.active || this.opts.skipRuns?.has(run.id)) continue;
        const ctx = await this.runs.context(run.id);
        const last = new Map<string, number>();
        for (const f of ctx.facts.checks) last.set(f.check, Math.max(last.get(f.check) ?? 0, Date.parse(f.at)));
        const due = ctx.loaded.runbook.checks.filter((c) => {
          if (c.kind === "command" && !this.opts.allowCommands) return false;
          // A load test is an action (minutes of traffic at the target), not a monitor: it runs
          // on schedule only when the runbook gives it an interval; otherwise on "run now".
          if (c.kind === "load" && !c.interval) return false;
          const every = Math.max(MIN_EVERY_MS, (c.interval ? parseDuration(c.interval) : undefined) ?? this.opts.defaultEveryMs ?? 300_000);
          const prev = last.get(c.id);
          return prev === undefined || nowMs - prev >= every;
        });
        if (due.length > 0) ran += (await this.execute(run.id, due.map((c) => c.id), SCHEDULER_ACTOR)).length;
        if (nowMs - (this.rolledAt.get(run.id) ?? 0) >= ROLLUP_EVERY_MS) {
          await this.store.rollupSamples(run.id, nowMs, this.opts.keepSamples ?? DEFAULT_KEEP_SAMPLES);
          this.rolledAt.set(run.id, nowMs);
        }
      }
      return ran;
    } finally {
      this.ticking = false;
    }
  }

  /** Ticks every `everyMs` until stop(); errors are logged by the caller's `onError`. */
  start(everyMs: number, onError: (e: unknown) => void): void {
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        this.tick(Math.max(everyMs * 3, 30_000)).catch(onError).finally(loop);
      }, everyMs);
      this.timer.unref();
    };
    loop();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
