import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import type { CheckKind } from "../checks/kinds.ts";
import { parseKindConfig, planChecks } from "../checks/plan.ts";
import type { Provider } from "../checks/provider.ts";
import { providers as defaultProviders } from "../checks/registry.ts";
import { runChecks } from "../checks/scheduler.ts";
import { selectChecks, type Selection } from "../checks/select.ts";
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
  /** This instance's name for the scheduling lease. */
  instanceId?: string;
  env?: Readonly<Record<string, string | undefined>>;
}

/** The lease a check holds while it runs, on any instance, scheduled or run now. */
export function checkLease(runId: string, checkId: string): string {
  return `check:${runId}:${checkId}`;
}

/** Who the scheduler acts as in the audit log. */
export const SCHEDULER_ACTOR = "golive:scheduler";

/** Runs a run's checks now (API) or on their intervals (scheduler), storing every result. */
export class CheckService {
  private readonly instanceId: string;

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
    return this.leased(runId, selected.ids, actor);
  }

  /**
   * Runs checks now and records their results. Each runs under its check's lease, as scheduled
   * jobs do: a check running on another instance (or for another caller) is waited for, never
   * run beside it.
   */
  private async leased(runId: string, ids: readonly string[], actor: string): Promise<CheckResultFact[]> {
    const holder = `${this.instanceId}:${randomUUID()}`;
    const ttlMs = 10 * 60_000;
    const held: string[] = [];
    try {
      for (const id of ids) {
        const lease = checkLease(runId, id);
        const deadline = Date.now() + ttlMs;
        while (!(await this.store.tryLease(lease, holder, this.clock.now().getTime(), ttlMs))) {
          if (Date.now() > deadline) throw new ApiError("GOLIVE_E_UNAVAILABLE", `check ${id} is still running elsewhere`);
          // The other holder's check ends in its own time: nothing to wait on but the lease row.
          await delay(250);
        }
        held.push(lease);
      }
      return await this.execute(runId, ids, actor);
    } finally {
      for (const lease of held) await this.store.releaseLease(lease, holder);
    }
  }

  /** Runs checks and records their results (the caller holds their leases). */
  async execute(runId: string, ids: readonly string[], actor: string, signal?: AbortSignal): Promise<CheckResultFact[]> {
    const ctx = await this.runs.context(runId);
    const planned = planChecks(ctx.loaded, ids);
    const report = await runChecks(planned, {
      providers: this.opts.providers ?? defaultProviders,
      parseConfig: parseKindConfig,
      concurrency: this.opts.concurrency ?? 8,
      allowCommands: this.opts.allowCommands,
      clock: () => this.clock.now().getTime(),
      ...(this.opts.env ? { env: this.opts.env } : {}),
      ...(signal ? { signal } : {}),
    });
    const facts: CheckResultFact[] = [];
    for (const r of report.results) {
      await this.store.appendFact(runId, { kind: "check", data: r.fact }, { actor, at: this.clock.now().toISOString(), action: "check.result", subject: `check:${r.id}` });
      this.metrics.checkRuns.inc({ outcome: r.fact.outcome });
      facts.push(r.fact);
    }
    this.runs.invalidate(runId);
    return facts;
  }
}
