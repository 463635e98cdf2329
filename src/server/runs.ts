import type { CommandApproval, TextApproval } from "../api/schemas.ts";
import { checkKinds } from "../checks/kinds.ts";
import { computeStatus, type ItemStatus, type RunStatus, type Verdict } from "../core/engine/index.ts";
import type { LoadedRunbook } from "../core/model/validate.ts";
import { loadRunbookText } from "../format/load.ts";
import { sha256Json } from "../store/audit-chain.ts";
import { ConflictError, type AppendOptions, type AppendResult, type FactInput, type OutboxInput, type RecordedSamples, type RunbookApproval, type RunbookWithdrawal, type Store } from "../store/store.ts";
import type { Clock } from "./clock.ts";
import { needsApproval, textNamesMembers } from "./assignments.ts";
import { engineOptions, NotFoundRun, RunCache, type RunContext } from "./run-cache.ts";
import { ApiError } from "./errors.ts";
import { pageStatus, type ItemsSummary } from "./status-page.ts";

export type { RunContext } from "./run-cache.ts";

/** The status payload: the engine's output, the version it was computed at and that state's hash. */
export interface StatusPayload {
  run: string;
  version: number;
  state_hash: string;
  status: RunStatus;
  /** Present when `status.items` is the first page only (a huge runbook): every item counted. */
  items_page?: ItemsSummary;
  /** When the runbook has command checks: whether an admin approved this runbook text, and what waits for it. */
  commands?: CommandApproval;
  /**
   * When an admin's approval of the runbook text decides anything (it names role members or has
   * command checks): who approved it, or who withdrew the last approval and why; empty when
   * nobody ever approved it.
   */
  approval?: TextApproval;
  /**
   * False when the runbook text names role members and no admin vouched for it (approved it):
   * then only the run's assignments act in its roles. Absent when they count.
   */
  text_members?: false;
}

/**
 * Hash of the state a person saw: the run, its version and its fact log (decisions and outcome
 * changes; samples that changed no outcome are measurements, not part of the recorded state).
 * The fact log is covered by its chain (each link hashes the previous one and one fact).
 */
export function stateHash(ctx: RunContext): string {
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
  private readonly runbooks = new Map<string, Promise<LoadedRunbook>>();
  private readonly statusCache = new Map<string, { version: number; atMs: number; body: Buffer; hash: string; items: ItemStatus[] }>();
  /** Bumped on every invalidation: a status computed across a change is not cached. */
  private readonly generation = new Map<string, number>();

  private readonly cache: RunCache;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly refreshMs = STATUS_TTL_MS,
    /** Whether the server runs command checks (`--allow-commands`): only then do they wait for approval. */
    private readonly allowCommands = false,
  ) {
    this.cache = new RunCache(store, {
      loaded: async (hash) => {
        const loaded = await this.loaded(hash);
        return { loaded, ...(await this.approvalGrants(hash, loaded)) };
      },
      nowMs: () => this.clock.now().getTime(),
      onRejected: (runId, reason) => this.onSnapshotRejected?.(runId, reason),
    });
  }

  /**
   * Approvals held, by runbook text: one read per approved text, until one is withdrawn (then
   * dropped here and every run read again; other instances hear it on the change feed).
   */
  private readonly approvals = new Map<string, RunbookApproval>();
  /** Bumped by each withdrawal: an approval read begun before one is not kept. */
  private approvalsEpoch = 0;

  /**
   * What an admin's approval of a runbook text grants now: which of its command checks are held
   * (none once approved, or without --allow-commands) and whether the members its text names act
   * in its roles (only a vouched text's); with the approval, or while it has none the last
   * withdrawal of one (for the dashboard).
   */
  async approvalGrants(hash: string, loaded: LoadedRunbook): Promise<{ commands: string[]; approval: RunbookApproval | undefined; withdrawal: RunbookWithdrawal | undefined; held: Set<string>; textMembers: boolean }> {
    const commands = loaded.runbook.checks.filter((c) => c.kind === "command").map((c) => c.id);
    if (!needsApproval(loaded.runbook)) return { commands, approval: undefined, withdrawal: undefined, held: new Set(), textMembers: true };
    let approval = this.approvals.get(hash);
    if (!approval) {
      // A withdrawal heard while a read was out may postdate the read: read again after it.
      for (let epoch = -1; epoch !== this.approvalsEpoch; ) {
        epoch = this.approvalsEpoch;
        approval = await this.store.getRunbookApproval(hash);
      }
      if (approval) this.approvals.set(hash, approval);
    }
    // Shown beside what waits for an approval (held checks, named members that do not count).
    const waits = (this.allowCommands && commands.length > 0) || textNamesMembers(loaded.runbook);
    const withdrawal = approval || !waits ? undefined : await this.store.getRunbookWithdrawal(hash);
    return { commands, approval, withdrawal, held: new Set(approval || !this.allowCommands ? [] : commands), textMembers: approval !== undefined };
  }

  /**
   * The approval of a runbook text was withdrawn (here or on another instance): the approval held
   * is dropped and every run read again, so its command checks are held from the next read on.
   */
  approvalWithdrawn(hash: string): void {
    this.approvalsEpoch++;
    this.approvals.delete(hash);
    this.invalidateAll();
    this.onApprovalWithdrawn?.(hash);
  }

  /** Told when an approval was withdrawn (the app cancels the commands of that runbook running here). */
  onApprovalWithdrawn: ((hash: string) => void) | undefined;

  /**
   * Whether the runbook text is approved now, read from the store (not the copy held): the last
   * door before a command runs, so a withdrawal on another instance not yet heard still stops it.
   */
  async approvedNow(hash: string): Promise<boolean> {
    if (await this.store.getRunbookApproval(hash)) return true;
    if (this.approvals.has(hash)) this.approvalWithdrawn(hash);
    return false;
  }

  /** Told when a run's stored snapshot was rejected (torn, altered, another history) and rebuilt from the log. */
  onSnapshotRejected: ((runId: string, reason: string) => void) | undefined;

  /**
   * The notifications a fact causes (set by the app when channels are configured): written in
   * the fact's own transaction; `queued` runs after a write that queued any.
   */
  notifications: {
    forFact(ctx: RunContext, fact: FactInput, now: Date): OutboxInput[];
    forTransition(before: RunContext, after: RunContext, now: Date, at: number): OutboxInput[];
    queued(): void;
  } | undefined;

  /**
   * Queues what a round of check samples changed (a check failing past its limit, a gate it
   * passes). The round's transaction is the samples' own; these rows follow it at once, keyed by
   * the version the round left, so a retry never queues them twice.
   */
  async notifyRound(runId: string, before: RunContext, version: number): Promise<void> {
    if (!this.notifications) return;
    const after = await this.context(runId);
    const rows = this.notifications.forTransition(before, after, this.clock.now(), version);
    if (rows.length && (await this.store.enqueue(rows)) > 0) this.notifications.queued();
  }

  private async write(runId: string, ctx: RunContext, fact: FactInput, opts: AppendOptions, now: Date): Promise<AppendResult> {
    const outbox = this.notifications?.forFact(ctx, fact, now) ?? [];
    const r = await this.store.appendFact(runId, fact, { ...opts, outbox });
    this.wrote(runId, fact, r.version);
    if (outbox.length) this.notifications?.queued();
    return r;
  }

  /**
   * Appends a fact at the run's current version (re-read and retried when someone wrote in
   * between, unless the caller named the version it saw: then a conflict is the caller's).
   */
  append(runId: string, fact: FactInput, opts: Omit<AppendOptions, "outbox">): Promise<AppendResult> {
    // Without notifications a fact that names no version needs no state: append it as it comes.
    if (!this.notifications && opts.expectedVersion === undefined) {
      return this.store.appendFact(runId, fact, opts).then(
        (r) => (this.wrote(runId, fact, r.version), r),
        (e: unknown) => {
          this.invalidate(runId);
          throw e;
        },
      );
    }
    return this.serial(runId, async () => {
      for (let attempt = 0; ; attempt++) {
        const ctx = await this.context(runId, { fresh: attempt > 0 });
        if (opts.expectedVersion !== undefined && opts.expectedVersion !== ctx.run.version && attempt === 0) continue;
        try {
          return await this.write(runId, ctx, fact, { ...opts, expectedVersion: opts.expectedVersion ?? ctx.run.version }, new Date(opts.at));
        } catch (e) {
          if (e instanceof ConflictError) this.invalidate(runId);
          if (!(e instanceof ConflictError) || opts.expectedVersion !== undefined || attempt >= 9) throw e;
        }
      }
    });
  }

  private readonly queues = new Map<string, Promise<unknown>>();

  /**
   * Runs one write of a run at a time in this instance: writers queue instead of racing for the
   * same version (instances still race each other, and retry on a conflict).
   */
  private serial<T>(runId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(runId) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.queues.set(runId, tail);
    void tail.then(() => {
      if (this.queues.get(runId) === tail) this.queues.delete(runId);
    });
    return next;
  }

  /** Parses a stored runbook (cached by its hash). */
  loaded(hash: string): Promise<LoadedRunbook> {
    let p = this.runbooks.get(hash);
    if (!p) {
      p = (async () => {
        const rb = await this.store.getRunbook(hash);
        if (!rb) throw new ApiError("GOLIVE_E_NOT_FOUND", `runbook ${hash} not found`);
        const r = loadRunbookText(rb.source, `${rb.runbookId}.yaml`, checkKinds);
        if (!r.ok) throw new ApiError("GOLIVE_E_RUNBOOK_INVALID", undefined, { diagnostics: r.diagnostics });
        return r.loaded;
      })();
      p.catch(() => this.runbooks.delete(hash));
      this.runbooks.set(hash, p);
    }
    return p;
  }

  /** The run as last read (only what changed is read again; everything new when `fresh`). */
  async context(runId: string, opts: { fresh?: boolean } = {}): Promise<RunContext> {
    try {
      return await this.cache.get(runId, opts.fresh ?? false);
    } catch (e) {
      if (e instanceof NotFoundRun) throw new ApiError("GOLIVE_E_NOT_FOUND", e.message);
      throw e;
    }
  }

  /** The run's status as UTF-8 JSON (what GET /status sends; encoded once, not per request). */
  async statusJson(runId: string): Promise<Buffer> {
    const nowMs = this.clock.now().getTime();
    const cached = this.statusCache.get(runId);
    if (cached && nowMs - cached.atMs < this.refreshMs && nowMs >= cached.atMs) return cached.body;
    const gen = this.generation.get(runId) ?? 0;
    const ctx = await this.context(runId);
    // Another instance's samples change no version: read what they wrote now and then, off this
    // status's path. The embedded database has no other instance (every round went through
    // applySamples).
    if (!this.store.exclusive && nowMs - ctx.segmentsAtMs >= this.refreshMs) this.refreshSegments(runId);
    // The hash depends on the facts only: a refresh for the time keeps it.
    const hash = cached?.version === ctx.run.version && cached.hash ? cached.hash : stateHash(ctx);
    const full = computeStatus(ctx.loaded, ctx.facts, new Date(nowMs), engineOptions(ctx));
    const payload: StatusPayload = { run: runId, version: ctx.run.version, state_hash: hash, ...pageStatus(full, ctx.loaded.runbook) };
    if (!ctx.textMembers) payload.text_members = false;
    const approval: TextApproval = ctx.approval
      ? { approved_by: ctx.approval.approvedBy, approved_at: ctx.approval.approvedAt }
      : ctx.withdrawal ? { withdrawn_by: ctx.withdrawal.withdrawnBy, withdrawn_at: ctx.withdrawal.withdrawnAt, withdrawn_reason: ctx.withdrawal.reason } : {};
    if (needsApproval(ctx.loaded.runbook)) payload.approval = approval;
    const commands = ctx.loaded.runbook.checks.filter((c) => c.kind === "command").map((c) => c.id);
    if (commands.length > 0) {
      payload.commands = { checks: commands, allowed: this.allowCommands, held: [...ctx.held] };
      if (ctx.approval || this.allowCommands) Object.assign(payload.commands, approval);
    }
    const body = Buffer.from(JSON.stringify(payload));
    if ((this.generation.get(runId) ?? 0) === gen) this.statusCache.set(runId, { version: ctx.run.version, atMs: nowMs, body, hash, items: full.items });
    return body;
  }

  /** Background reads of other instances' segments, one per run at a time. */
  private readonly refreshing = new Map<string, Promise<void>>();

  /**
   * Reads the segments other instances wrote since the held ones, in the background: the status
   * at hand is served from what is held, and the next one is computed again when any came. Safe
   * for the verdict: a segment only adds samples of an outcome the fact log already holds (every
   * outcome change is a fact, and a fact from any instance is read before the next status), so a
   * late segment can only leave a sustained window shorter or a sample older than it is.
   */
  private refreshSegments(runId: string): void {
    if (this.refreshing.has(runId)) return;
    const p = this.cache
      .refreshSegments(runId)
      .then((came) => {
        // A status cached, or being computed, without them is not kept.
        if (came) this.bump(runId);
      })
      .catch((e: unknown) => this.onRefreshFailed?.(runId, e))
      .finally(() => this.refreshing.delete(runId));
    this.refreshing.set(runId, p);
  }

  /** Told when a background read of segments failed (the next status tries again). */
  onRefreshFailed: ((runId: string, error: unknown) => void) | undefined;

  /** Resolves when the background reads begun so far have ended (for tests, and before the store closes). */
  async settled(): Promise<void> {
    while (this.refreshing.size) await Promise.all(this.refreshing.values());
  }

  /** Every item of the run's status (the one statusJson last sent, or a new one), for the paged items route. */
  async statusItems(runId: string): Promise<{ version: number; items: ItemStatus[] }> {
    await this.statusJson(runId);
    const cached = this.statusCache.get(runId);
    if (cached) return { version: cached.version, items: cached.items };
    // A write raced the computation (not cached): compute once more for this answer.
    const ctx = await this.context(runId);
    return { version: ctx.run.version, items: computeStatus(ctx.loaded, ctx.facts, this.clock.now(), engineOptions(ctx)).items };
  }

  /** Takes in a round of samples this instance recorded (see RunCache.sampled). */
  applySamples(runId: string, recorded: RecordedSamples): void {
    this.bump(runId);
    this.cache.sampled(runId, recorded);
    // The status shows the latest sample's time and values: computed again on the next read.
    this.statusCache.delete(runId);
  }

  /** A fact this instance wrote: folded into the held state. */
  private wrote(runId: string, fact: FactInput, version: number): void {
    this.bump(runId);
    this.cache.wrote(runId, fact, version);
  }

  private bump(runId: string): void {
    this.generation.set(runId, (this.generation.get(runId) ?? 0) + 1);
    this.statusCache.delete(runId);
  }

  /** Reads every run again: an approval (or its withdrawal) changes what the runs of its runbook may run. */
  invalidateAll(): void {
    for (const id of new Set([...this.cache.runIds(), ...this.statusCache.keys()])) {
      this.bump(id);
      this.cache.forget(id);
    }
  }

  /**
   * The run changed (`version`, when known, is the version the change made): its cached status is
   * dropped and what is new is read before the next use; a change already held costs nothing.
   */
  invalidate(runId: string, version?: number): void {
    this.bump(runId);
    this.cache.changed(runId, version);
  }

  /**
   * Appends a fact decided on the run's latest state. `decide` sees the run and returns the fact
   * to record, or null when there is nothing to record. A write in between by someone else
   * makes it decide again on the new state (a few times), so a decision never rests on a stale read.
   */
  async record<T extends { fact: FactInput; action: string; subject: string }>(
    runId: string,
    decide: (ctx: RunContext, now: Date) => T | null,
    actor: string,
  ): Promise<{ decided: T; result: AppendResult } | null> {
    return this.serial(runId, () => this.recordNow(runId, decide, actor));
  }

  private async recordNow<T extends { fact: FactInput; action: string; subject: string }>(
    runId: string,
    decide: (ctx: RunContext, now: Date) => T | null,
    actor: string,
  ): Promise<{ decided: T; result: AppendResult } | null> {
    for (let attempt = 0; ; attempt++) {
      const ctx = await this.context(runId, { fresh: attempt > 0 });
      const now = this.clock.now();
      const decided = decide(ctx, now);
      if (!decided) return null;
      try {
        const result = await this.write(runId, ctx, decided.fact, { actor, at: now.toISOString(), expectedVersion: ctx.run.version, action: decided.action, subject: decided.subject }, now);
        return { decided, result };
      } catch (e) {
        if (e instanceof ConflictError) this.invalidate(runId);
        if (!(e instanceof ConflictError) || attempt >= 4) throw e;
      }
    }
  }

  /**
   * Appends a fact that the engine must allow: decides on the latest state, then writes at that
   * version. If someone wrote in between, decides again on the new state (a few times), unless
   * the client named the version it saw, which then must still be current.
   */
  async decideAndAppend(
    runId: string,
    clientVersion: number | undefined,
    build: (ctx: RunContext, now: Date) => { fact: FactInput; verdict: Verdict; action: string; subject: string },
    actor: string,
  ): Promise<AppendResult & { ctx: RunContext }> {
    for (let attempt = 0; ; attempt++) {
      let ctx = await this.context(runId, { fresh: attempt > 0 });
      if (clientVersion !== undefined && clientVersion !== ctx.run.version) {
        // Our copy may lag a change made through another instance: ask the database.
        ctx = await this.context(runId, { fresh: true });
        if (clientVersion !== ctx.run.version) throw new ConflictError(clientVersion, ctx.run.version);
      }
      const now = this.clock.now();
      const { fact, verdict, action, subject } = build(ctx, now);
      if (!verdict.ok) throw new ApiError("GOLIVE_E_REFUSED", verdict.reasons.map((r) => r.text).join("; ") || undefined, { reasons: verdict.reasons });
      try {
        const r = await this.write(runId, ctx, fact, { actor, at: now.toISOString(), expectedVersion: ctx.run.version, action, subject }, now);
        return { ...r, ctx };
      } catch (e) {
        if (e instanceof ConflictError) this.invalidate(runId);
        if (!(e instanceof ConflictError) || clientVersion !== undefined || attempt >= 4) throw e;
      }
    }
  }
}
