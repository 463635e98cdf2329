import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { CHECK_ENV_SETTING, exposedEnv } from "../checks/check-env.js";
import { parseKindConfig, planChecks } from "../checks/plan.js";
import { providers as defaultProviders } from "../checks/registry.js";
import { runChecks } from "../checks/scheduler.js";
import { Redactor } from "../checks/secrets.js";
import { ApiError } from "./errors.js";
/** Raw samples for two days, per-minute aggregates for 35 days, per-hour aggregates for good. */
export const DEFAULT_KEEP_SAMPLES = { rawMs: 2 * 86_400_000, minuteMs: 35 * 86_400_000 };
/** How often the scheduler downsamples a run's samples. */
const ROLLUP_EVERY_MS = 10 * 60_000;
/** The lease a check holds while it runs, on any instance, scheduled or run now. */
export function checkLease(runId, checkId) {
    return `check:${runId}:${checkId}`;
}
/** Who the scheduler acts as in the audit log. */
export const SCHEDULER_ACTOR = "golive:scheduler";
/** Runs a run's checks (jobs of the schedule and of "run now"), storing every result. */
export class CheckService {
    store;
    runs;
    clock;
    metrics;
    opts;
    instanceId;
    rolledAt = new Map();
    /** Executions running commands, by runbook text: a withdrawal of its approval cancels them. */
    commandRuns = new Map();
    /**
     * The approval of a runbook text was withdrawn: its rounds of command checks running here are
     * killed (with their children); they are recorded as cancelled and count for nothing (held).
     */
    cancelCommands(hash) {
        for (const c of this.commandRuns.get(hash) ?? [])
            c.abort(new Error("the approval of this runbook's command checks was withdrawn"));
    }
    constructor(store, runs, clock, metrics, opts) {
        this.store = store;
        this.runs = runs;
        this.clock = clock;
        this.metrics = metrics;
        this.opts = opts;
        this.instanceId = opts.instanceId ?? randomUUID();
    }
    /**
     * Runs checks and records their results, each under its check's lease, as scheduled jobs do: a
     * check running on another instance (or for another caller) is waited for, never run beside it.
     */
    async runLeased(runId, ids, actor, opts) {
        const holder = `${this.instanceId}:${randomUUID()}`;
        const held = [];
        try {
            for (const id of ids) {
                const lease = checkLease(runId, id);
                const deadline = Date.now() + opts.ttlMs;
                while (!(await this.store.tryLease(lease, holder, this.clock.now().getTime(), opts.ttlMs))) {
                    if (Date.now() > deadline || opts.signal?.aborted)
                        throw new ApiError("GOLIVE_E_UNAVAILABLE", `check ${id} is still running elsewhere`);
                    // The other holder's check ends in its own time: nothing to wait on but the lease row.
                    await delay(250);
                }
                held.push(lease);
            }
            return await this.execute(runId, ids, actor, opts.signal);
        }
        finally {
            for (const lease of held)
                await this.store.releaseLease(lease, holder);
        }
    }
    redactor() {
        const r = new Redactor();
        for (const s of this.opts.knownSecrets ?? [])
            r.add(s);
        return r;
    }
    /** Runs checks and records their results (the caller holds their leases). */
    async execute(runId, ids, actor, signal) {
        const ctx = await this.runs.context(runId);
        const hash = ctx.run.runbookHash;
        const commands = ctx.loaded.runbook.checks.filter((c) => c.kind === "command").map((c) => c.id);
        // Registered before the approval is read: a withdrawal heard from here on cancels this round.
        const cancel = new AbortController();
        const wantsCommands = this.opts.allowCommands && ctx.held.size === 0 && ids.some((id) => commands.includes(id));
        if (wantsCommands)
            this.commandRuns.set(hash, (this.commandRuns.get(hash) ?? new Set()).add(cancel));
        try {
            // The last door before a command runs: whatever queued it, a held check does not run here,
            // and a runbook with any held check runs no command at all. The approval is read afresh: one
            // withdrawn on another instance, whose feed event has not arrived yet, still stops it.
            let held = ctx.held;
            if (wantsCommands && (!(await this.runs.approvedNow(hash)) || cancel.signal.aborted))
                held = new Set(commands);
            const planned = planChecks(ctx.loaded, ids.filter((id) => !held.has(id)));
            if (planned.length === 0)
                return [];
            // A round of command checks only (every scheduled job is one check) is cancelled by a
            // withdrawal; a mixed round (run now) finishes, lest its other checks be recorded as cancelled.
            const cancellable = held.size === 0 && planned.every((p) => commands.includes(p.id));
            const stop = cancellable ? (signal ? AbortSignal.any([signal, cancel.signal]) : cancel.signal) : signal;
            return await this.runAndRecord(runId, planned, held, actor, stop);
        }
        finally {
            const set = this.commandRuns.get(hash);
            set?.delete(cancel);
            if (set?.size === 0)
                this.commandRuns.delete(hash);
        }
    }
    async runAndRecord(runId, planned, held, actor, signal) {
        const report = await runChecks(planned, {
            providers: this.opts.providers ?? defaultProviders,
            parseConfig: parseKindConfig,
            concurrency: this.opts.concurrency ?? 8,
            allowCommands: this.opts.allowCommands && held.size === 0,
            clock: () => this.clock.now().getTime(),
            env: exposedEnv(this.opts.env ?? {}, this.opts.envAllow ?? []),
            envSetting: CHECK_ENV_SETTING,
            files: this.opts.files ?? null,
            redactor: this.redactor(),
            ...(this.opts.guard ? { guard: this.opts.guard } : {}),
            ...(signal ? { signal } : {}),
        });
        const facts = report.results.map((r) => r.fact);
        const before = await this.runs.context(runId);
        // One transaction per round: samples to their table, outcome changes to the fact log.
        const recorded = await this.store.recordSamples(runId, facts, { actor, at: this.clock.now().toISOString() });
        for (const f of facts)
            this.metrics.checkRuns.inc({ outcome: f.outcome });
        this.runs.applySamples(runId, recorded);
        await this.runs.notifyRound(runId, before, recorded.version);
        return facts;
    }
    /** Downsamples a run's samples when the last time is ROLLUP_EVERY_MS ago (the schedule calls it each round). */
    async rollupIfDue(runId, nowMs) {
        if (nowMs - (this.rolledAt.get(runId) ?? 0) < ROLLUP_EVERY_MS)
            return;
        await this.store.rollupSamples(runId, nowMs, this.opts.keepSamples ?? DEFAULT_KEEP_SAMPLES);
        this.rolledAt.set(runId, nowMs);
    }
}
