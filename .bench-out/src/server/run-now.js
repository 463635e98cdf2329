import { setTimeout as delay } from "node:timers/promises";
import { planChecks } from "../checks/plan.js";
import { selectChecks } from "../checks/select.js";
import { jobId } from "../jobs/queue.js";
import { checkTarget, worstCaseMs } from "./check-schedule.js";
import { ApiError } from "./errors.js";
/** The queue "run now" goes through. */
export const RUN_NOW_QUEUE = "golive-run-now";
/**
 * "Run now" on the job queue. A press becomes a job whose id is derived from the run, the
 * selected checks and their latest results: presses on any instance before those checks have a
 * new result are the same job, so they make one execution and all get its results. The job runs
 * on any instance, under the checks' leases (after a scheduled run of the same check, never beside it).
 */
export class RunNow {
    store;
    runs;
    checks;
    queue;
    opts;
    constructor(store, runs, checks, queue, opts = {}) {
        this.store = store;
        this.runs = runs;
        this.checks = checks;
        this.queue = queue;
        this.opts = opts;
    }
    /** Registers this instance's run-now worker. */
    async start() {
        const perRun = this.opts.perRun ?? 4;
        const perTarget = this.opts.perTarget ?? 2;
        await this.queue.work(RUN_NOW_QUEUE, async (job) => {
            await this.checks.runLeased(job.data.runId, job.data.checkIds, job.data.actor, { ttlMs: job.timeoutMs, signal: job.signal });
        }, {
            concurrency: this.opts.concurrency ?? 4,
            groups: (d) => [{ key: `run:${d.runId}`, limit: perRun }, ...d.targets.map((t) => ({ key: `target:${t}`, limit: perTarget }))],
        });
    }
    /**
     * Runs the selected checks of a run (all when the selection is empty) once, and answers their
     * results. Command checks awaiting an admin's approval do not run: naming one refuses the whole
     * press (nothing runs); a wider selection runs the others and says which were held.
     */
    async run(runId, selection, actor) {
        const ctx = await this.runs.context(runId, { fresh: true });
        const selected = selectChecks(ctx.loaded, selection);
        if (!selected.ok)
            throw new ApiError("GOLIVE_E_UNKNOWN_REFERENCE", selected.message);
        const held = selected.ids.filter((id) => ctx.held.has(id));
        const named = (selection.only ?? []).filter((id) => ctx.held.has(id));
        if (named.length > 0 || (held.length > 0 && held.length === selected.ids.length)) {
            const these = held.length === 1 ? `command check ${held.join(", ")} awaits` : `command checks ${held.join(", ")} await`;
            throw new ApiError("GOLIVE_E_APPROVAL_REQUIRED", `${these} an admin's approval of this runbook (POST /api/runbooks/${ctx.run.runbookHash}/approve)`, { held });
        }
        return { results: await this.runSelected(runId, ctx.loaded, selected.ids.filter((id) => !ctx.held.has(id)), actor), held };
    }
    /** One press's job: sent (or joined, when an equal press sent it), waited for, its results read. */
    async runSelected(runId, loaded, ids, actor) {
        if (ids.length === 0)
            return [];
        const timeoutMs = planChecks(loaded, ids).reduce((n, p) => n + worstCaseMs(p), 0);
        const marks = await Promise.all(ids.map(async (c) => {
            const s = await this.store.lastSegment(runId, c);
            return s ? `${s.seq}.${s.count}` : "-";
        }));
        const chosen = new Set(ids);
        const targets = [...new Set(loaded.runbook.checks.filter((c) => chosen.has(c.id)).map(checkTarget))];
        const job = { runId, checkIds: ids, actor, targets };
        let id = "";
        for (let attempt = 0;; attempt++) {
            id = jobId(RUN_NOW_QUEUE, runId, ids.join("\u0000"), marks.join("\u0000"), attempt);
            if (await this.queue.send(RUN_NOW_QUEUE, job, { id, timeoutMs, retries: 1 }))
                break;
            // Sent already (a press at the same time, here or on another instance): that job is this
            // press's, unless it failed for good; then a new attempt.
            if ((await this.queue.state(RUN_NOW_QUEUE, id)) !== "failed" || attempt >= 4)
                break;
        }
        await this.ended(id, 2 * timeoutMs + 30_000);
        const after = await Promise.all(ids.map((c) => this.store.lastSegment(runId, c)));
        return after.flatMap((s) => (s ? [s.last] : []));
    }
    /** Resolves when the job completed; an ApiError when it failed for good or outlasts `maxMs`. */
    async ended(id, maxMs) {
        const deadline = Date.now() + maxMs;
        for (;;) {
            const state = await this.queue.state(RUN_NOW_QUEUE, id);
            if (state === "completed")
                return;
            if (state === "failed" || state === undefined)
                throw new ApiError("GOLIVE_E_UNAVAILABLE", "the checks could not be run; try again");
            if (Date.now() > deadline)
                throw new ApiError("GOLIVE_E_UNAVAILABLE", "the checks are still running; their results will show when they end");
            // The job runs on whichever instance fetched it: its row is the only thing to wait on.
            await delay(this.opts.pollMs ?? 100);
        }
    }
}
