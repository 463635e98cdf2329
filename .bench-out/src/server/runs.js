import { checkKinds } from "../checks/kinds.js";
import { computeStatus } from "../core/engine/index.js";
import { loadRunbookText } from "../format/load.js";
import { sha256Json } from "../store/audit-chain.js";
import { ConflictError } from "../store/store.js";
import { NotFoundRun, RunCache } from "./run-cache.js";
import { ApiError } from "./errors.js";
import { pageStatus } from "./status-page.js";
/**
 * Hash of the state a person saw: the run, its version and its fact log (decisions and outcome
 * changes; samples that changed no outcome are measurements, not part of the recorded state).
 * The fact log is covered by its chain (each link hashes the previous one and one fact).
 */
export function stateHash(ctx) {
    // The log enters through its chain link (one link per fact): O(1) in the history.
    const { id, version, runbookHash, name, kind, meta, assignments } = ctx.run;
    return sha256Json({ run: id, version, runbook: runbookHash, name, kind, meta, assignments, facts: ctx.chain });
}
/** How long a computed status is reused when nothing changed: time-derived fields lag at most this. */
const STATUS_TTL_MS = 5_000;
/**
 * Reads runs and writes their facts. Runbooks are parsed once per content hash (immutable).
 * A run's fact log is folded incrementally (RunCache): a write through this instance is folded in
 * as it is acknowledged, a write through another instance is read (only the facts after the
 * version held) once the change feed sees it. A computed status is kept until the run changes.
 * Writes never trust the copy: they carry the version they decided on, and a conflict reads
 * again. The status's `now` (overdue, expiries) is at most STATUS_TTL_MS old.
 */
export class RunService {
    store;
    clock;
    refreshMs;
    allowCommands;
    runbooks = new Map();
    statusCache = new Map();
    /** Bumped on every invalidation: a status computed across a change is not cached. */
    generation = new Map();
    cache;
    constructor(store, clock, refreshMs = STATUS_TTL_MS, 
    /** Whether the server runs command checks (`--allow-commands`): only then do they wait for approval. */
    allowCommands = false) {
        this.store = store;
        this.clock = clock;
        this.refreshMs = refreshMs;
        this.allowCommands = allowCommands;
        this.cache = new RunCache(store, {
            loaded: async (hash) => {
                const loaded = await this.loaded(hash);
                return { loaded, ...(await this.commandState(hash, loaded)) };
            },
            nowMs: () => this.clock.now().getTime(),
            onRejected: (runId, reason) => this.onSnapshotRejected?.(runId, reason),
        });
    }
    /**
     * Approvals held, by runbook text: one read per approved text, until one is withdrawn (then
     * dropped here and every run read again; other instances hear it on the change feed).
     */
    approvals = new Map();
    /** Bumped by each withdrawal: an approval read begun before one is not kept. */
    approvalsEpoch = 0;
    /**
     * The command checks of a runbook, its approval, and which of them are held for it; while it
     * has no approval, the last withdrawal of one (for the dashboard).
     */
    async commandState(hash, loaded) {
        const commands = loaded.runbook.checks.filter((c) => c.kind === "command").map((c) => c.id);
        if (commands.length === 0)
            return { commands, approval: undefined, withdrawal: undefined, held: new Set() };
        let approval = this.approvals.get(hash);
        if (!approval) {
            // A withdrawal heard while a read was out may postdate the read: read again after it.
            for (let epoch = -1; epoch !== this.approvalsEpoch;) {
                epoch = this.approvalsEpoch;
                approval = await this.store.getRunbookApproval(hash);
            }
            if (approval)
                this.approvals.set(hash, approval);
        }
        // Shown beside held checks only: without --allow-commands nothing is held, nothing to read.
        const withdrawal = approval || !this.allowCommands ? undefined : await this.store.getRunbookWithdrawal(hash);
        return { commands, approval, withdrawal, held: new Set(approval || !this.allowCommands ? [] : commands) };
    }
    /**
     * The approval of a runbook text was withdrawn (here or on another instance): the approval held
     * is dropped and every run read again, so its command checks are held from the next read on.
     */
    approvalWithdrawn(hash) {
        this.approvalsEpoch++;
        this.approvals.delete(hash);
        this.invalidateAll();
        this.onApprovalWithdrawn?.(hash);
    }
    /** Told when an approval was withdrawn (the app cancels the commands of that runbook running here). */
    onApprovalWithdrawn;
    /**
     * Whether the runbook text is approved now, read from the store (not the copy held): the last
     * door before a command runs, so a withdrawal on another instance not yet heard still stops it.
     */
    async approvedNow(hash) {
        if (await this.store.getRunbookApproval(hash))
            return true;
        if (this.approvals.has(hash))
            this.approvalWithdrawn(hash);
        return false;
    }
    /** Told when a run's stored snapshot was rejected (torn, altered, another history) and rebuilt from the log. */
    onSnapshotRejected;
    /**
     * The notifications a fact causes (set by the app when channels are configured): written in
     * the fact's own transaction; `queued` runs after a write that queued any.
     */
    notifications;
    /**
     * Queues what a round of check samples changed (a check failing past its limit, a gate it
     * passes). The round's transaction is the samples' own; these rows follow it at once, keyed by
     * the version the round left, so a retry never queues them twice.
     */
    async notifyRound(runId, before, version) {
        if (!this.notifications)
            return;
        const after = await this.context(runId);
        const rows = this.notifications.forTransition(before, after, this.clock.now(), version);
        if (rows.length && (await this.store.enqueue(rows)) > 0)
            this.notifications.queued();
    }
    async write(runId, ctx, fact, opts, now) {
        const outbox = this.notifications?.forFact(ctx, fact, now) ?? [];
        const r = await this.store.appendFact(runId, fact, { ...opts, outbox });
        this.wrote(runId, fact, r.version);
        if (outbox.length)
            this.notifications?.queued();
        return r;
    }
    /**
     * Appends a fact at the run's current version (re-read and retried when someone wrote in
     * between, unless the caller named the version it saw: then a conflict is the caller's).
     */
    append(runId, fact, opts) {
        // Without notifications a fact that names no version needs no state: append it as it comes.
        if (!this.notifications && opts.expectedVersion === undefined) {
            return this.store.appendFact(runId, fact, opts).then((r) => (this.wrote(runId, fact, r.version), r), (e) => {
                this.invalidate(runId);
                throw e;
            });
        }
        return this.serial(runId, async () => {
            for (let attempt = 0;; attempt++) {
                const ctx = await this.context(runId, { fresh: attempt > 0 });
                if (opts.expectedVersion !== undefined && opts.expectedVersion !== ctx.run.version && attempt === 0)
                    continue;
                try {
                    return await this.write(runId, ctx, fact, { ...opts, expectedVersion: opts.expectedVersion ?? ctx.run.version }, new Date(opts.at));
                }
                catch (e) {
                    if (e instanceof ConflictError)
                        this.invalidate(runId);
                    if (!(e instanceof ConflictError) || opts.expectedVersion !== undefined || attempt >= 9)
                        throw e;
                }
            }
        });
    }
    queues = new Map();
    /**
     * Runs one write of a run at a time in this instance: writers queue instead of racing for the
     * same version (instances still race each other, and retry on a conflict).
     */
    serial(runId, fn) {
        const prev = this.queues.get(runId) ?? Promise.resolve();
        const next = prev.then(fn, fn);
        const tail = next.catch(() => undefined);
        this.queues.set(runId, tail);
        void tail.then(() => {
            if (this.queues.get(runId) === tail)
                this.queues.delete(runId);
        });
        return next;
    }
    /** Parses a stored runbook (cached by its hash). */
    loaded(hash) {
        let p = this.runbooks.get(hash);
        if (!p) {
            p = (async () => {
                const rb = await this.store.getRunbook(hash);
                if (!rb)
                    throw new ApiError("GOLIVE_E_NOT_FOUND", `runbook ${hash} not found`);
                const r = loadRunbookText(rb.source, `${rb.runbookId}.yaml`, checkKinds);
                if (!r.ok)
                    throw new ApiError("GOLIVE_E_RUNBOOK_INVALID", undefined, { diagnostics: r.diagnostics });
                return r.loaded;
            })();
            p.catch(() => this.runbooks.delete(hash));
            this.runbooks.set(hash, p);
        }
        return p;
    }
    /** The run as last read (only what changed is read again; everything new when `fresh`). */
    async context(runId, opts = {}) {
        try {
            return await this.cache.get(runId, opts.fresh ?? false);
        }
        catch (e) {
            if (e instanceof NotFoundRun)
                throw new ApiError("GOLIVE_E_NOT_FOUND", e.message);
            throw e;
        }
    }
    /** The run's status as UTF-8 JSON (what GET /status sends; encoded once, not per request). */
    async statusJson(runId) {
        const nowMs = this.clock.now().getTime();
        const cached = this.statusCache.get(runId);
        if (cached && nowMs - cached.atMs < this.refreshMs && nowMs >= cached.atMs)
            return cached.body;
        const gen = this.generation.get(runId) ?? 0;
        const ctx = await this.context(runId);
        // Another instance's samples change no version: read what they wrote now and then, off this
        // status's path. The embedded database has no other instance (every round went through
        // applySamples).
        if (!this.store.exclusive && nowMs - ctx.segmentsAtMs >= this.refreshMs)
            this.refreshSegments(runId);
        // The hash depends on the facts only: a refresh for the time keeps it.
        const hash = cached?.version === ctx.run.version && cached.hash ? cached.hash : stateHash(ctx);
        const full = computeStatus(ctx.loaded, ctx.facts, new Date(nowMs), { held: ctx.held });
        const payload = { run: runId, version: ctx.run.version, state_hash: hash, ...pageStatus(full, ctx.loaded.runbook) };
        const commands = ctx.loaded.runbook.checks.filter((c) => c.kind === "command").map((c) => c.id);
        if (commands.length > 0) {
            payload.commands = { checks: commands, allowed: this.allowCommands, held: [...ctx.held] };
            if (ctx.approval)
                Object.assign(payload.commands, { approved_by: ctx.approval.approvedBy, approved_at: ctx.approval.approvedAt });
            else if (ctx.withdrawal)
                Object.assign(payload.commands, { withdrawn_by: ctx.withdrawal.withdrawnBy, withdrawn_at: ctx.withdrawal.withdrawnAt, withdrawn_reason: ctx.withdrawal.reason });
        }
        const body = Buffer.from(JSON.stringify(payload));
        if ((this.generation.get(runId) ?? 0) === gen)
            this.statusCache.set(runId, { version: ctx.run.version, atMs: nowMs, body, hash, items: full.items });
        return body;
    }
    /** Background reads of other instances' segments, one per run at a time. */
    refreshing = new Map();
    /**
     * Reads the segments other instances wrote since the held ones, in the background: the status
     * at hand is served from what is held, and the next one is computed again when any came. Safe
     * for the verdict: a segment only adds samples of an outcome the fact log already holds (every
     * outcome change is a fact, and a fact from any instance is read before the next status), so a
     * late segment can only leave a sustained window shorter or a sample older than it is.
     */
    refreshSegments(runId) {
        if (this.refreshing.has(runId))
            return;
        const p = this.cache
            .refreshSegments(runId)
            .then((came) => {
            // A status cached, or being computed, without them is not kept.
            if (came)
                this.bump(runId);
        })
            .catch((e) => this.onRefreshFailed?.(runId, e))
            .finally(() => this.refreshing.delete(runId));
        this.refreshing.set(runId, p);
    }
    /** Told when a background read of segments failed (the next status tries again). */
    onRefreshFailed;
    /** Resolves when the background reads begun so far have ended (for tests, and before the store closes). */
    async settled() {
        while (this.refreshing.size)
            await Promise.all(this.refreshing.values());
    }
    /** Every item of the run's status (the one statusJson last sent, or a new one), for the paged items route. */
    async statusItems(runId) {
        await this.statusJson(runId);
        const cached = this.statusCache.get(runId);
        if (cached)
            return { version: cached.version, items: cached.items };
        // A write raced the computation (not cached): compute once more for this answer.
        const ctx = await this.context(runId);
        return { version: ctx.run.version, items: computeStatus(ctx.loaded, ctx.facts, this.clock.now(), { held: ctx.held }).items };
    }
    /** Takes in a round of samples this instance recorded (see RunCache.sampled). */
    applySamples(runId, recorded) {
        this.bump(runId);
        this.cache.sampled(runId, recorded);
        // The status shows the latest sample's time and values: computed again on the next read.
        this.statusCache.delete(runId);
    }
    /** A fact this instance wrote: folded into the held state. */
    wrote(runId, fact, version) {
        this.bump(runId);
        this.cache.wrote(runId, fact, version);
    }
    bump(runId) {
        this.generation.set(runId, (this.generation.get(runId) ?? 0) + 1);
        this.statusCache.delete(runId);
    }
    /** Reads every run again: an approval (or its withdrawal) changes what the runs of its runbook may run. */
    invalidateAll() {
        for (const id of new Set([...this.cache.runIds(), ...this.statusCache.keys()])) {
            this.bump(id);
            this.cache.forget(id);
        }
    }
    /**
     * The run changed (`version`, when known, is the version the change made): its cached status is
     * dropped and what is new is read before the next use; a change already held costs nothing.
     */
    invalidate(runId, version) {
        this.bump(runId);
        this.cache.changed(runId, version);
    }
    /**
     * Appends a fact decided on the run's latest state. `decide` sees the run and returns the fact
     * to record, or null when there is nothing to record. A write in between by someone else
     * makes it decide again on the new state (a few times), so a decision never rests on a stale read.
     */
    async record(runId, decide, actor) {
        return this.serial(runId, () => this.recordNow(runId, decide, actor));
    }
    async recordNow(runId, decide, actor) {
        for (let attempt = 0;; attempt++) {
            const ctx = await this.context(runId, { fresh: attempt > 0 });
            const now = this.clock.now();
            const decided = decide(ctx, now);
            if (!decided)
                return null;
            try {
                const result = await this.write(runId, ctx, decided.fact, { actor, at: now.toISOString(), expectedVersion: ctx.run.version, action: decided.action, subject: decided.subject }, now);
                return { decided, result };
            }
            catch (e) {
                if (e instanceof ConflictError)
                    this.invalidate(runId);
                if (!(e instanceof ConflictError) || attempt >= 4)
                    throw e;
            }
        }
    }
    /**
     * Appends a fact that the engine must allow: decides on the latest state, then writes at that
     * version. If someone wrote in between, decides again on the new state (a few times), unless
     * the client named the version it saw, which then must still be current.
     */
    async decideAndAppend(runId, clientVersion, build, actor) {
        for (let attempt = 0;; attempt++) {
            let ctx = await this.context(runId, { fresh: attempt > 0 });
            if (clientVersion !== undefined && clientVersion !== ctx.run.version) {
                // Our copy may lag a change made through another instance: ask the database.
                ctx = await this.context(runId, { fresh: true });
                if (clientVersion !== ctx.run.version)
                    throw new ConflictError(clientVersion, ctx.run.version);
            }
            const now = this.clock.now();
            const { fact, verdict, action, subject } = build(ctx, now);
            if (!verdict.ok)
                throw new ApiError("GOLIVE_E_REFUSED", verdict.reasons.map((r) => r.text).join("; ") || undefined, { reasons: verdict.reasons });
            try {
                const r = await this.write(runId, ctx, fact, { actor, at: now.toISOString(), expectedVersion: ctx.run.version, action, subject }, now);
                return { ...r, ctx };
            }
            catch (e) {
                if (e instanceof ConflictError)
                    this.invalidate(runId);
                if (!(e instanceof ConflictError) || clientVersion !== undefined || attempt >= 4)
                    throw e;
            }
        }
    }
}
