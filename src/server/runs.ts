import type { CommandApproval } from "../api/schemas.ts";
import { checkKinds } from "../checks/kinds.ts";
import { computeStatus, type RunStatus, type Verdict } from "../core/engine/index.ts";
import type { CheckResultFact, Facts } from "../core/model/facts.ts";
import { putSegment, summaryFacts, type Segment } from "../core/samples/summary.ts";
import type { LoadedRunbook } from "../core/model/validate.ts";
import { loadRunbookText } from "../format/load.ts";
import { sha256Json } from "../store/audit-chain.ts";
import { withFact } from "../store/fold.ts";
import { ConflictError, type AppendOptions, type AppendResult, type FactInput, type OutboxInput, type RecordedSamples, type RunbookApproval, type RunRecord, type Store } from "../store/store.ts";
import type { Clock } from "./clock.ts";
import { ApiError } from "./errors.ts";

/** A run with its facts and its runbook, as read at one version. */
export interface RunContext {
  run: RunRecord;
  /** What the engine reads: the fact log, with each sampled check's results from its summary. */
  facts: Facts;
  loaded: LoadedRunbook;
  /** The check facts of the log (outcome changes), which the state hash covers. */
  logChecks: CheckResultFact[];
  /** Each check's summary segments, by check. */
  segments: Map<string, Segment[]>;
  /** When the segments were read (clock ms): other instances' samples show after a refresh. */
  segmentsAtMs: number;
  /**
   * Command checks that may not run: the runbook's, while commands are allowed and no admin has
   * approved this runbook text. Their results (none should exist) are left out of `facts`.
   */
  held: ReadonlySet<string>;
  /** The admin's approval of the run's runbook text, if given. */
  approval: RunbookApproval | undefined;
}

/**
 * The engine's check results: the summary of every sampled check, the log's facts for the others;
 * none of a held check (it was not allowed to run, so nothing it says counts).
 */
function engineChecks(logChecks: readonly CheckResultFact[], segments: ReadonlyMap<string, Segment[]>, held: ReadonlySet<string>): CheckResultFact[] {
  const out = logChecks.filter((f) => !segments.has(f.check));
  for (const list of segments.values()) out.push(...summaryFacts(list));
  return held.size ? out.filter((f) => !held.has(f.check)) : out;
}

function bySegmentCheck(list: readonly Segment[]): Map<string, Segment[]> {
  const out = new Map<string, Segment[]>();
  for (const s of list) {
    const l = out.get(s.check);
    if (l) l.push(s);
    else out.set(s.check, [s]);
  }
  return out;
}

/** The status payload: the engine's output, the version it was computed at and that state's hash. */
export interface StatusPayload {
  run: string;
  version: number;
  state_hash: string;
  status: RunStatus;
  /** When the runbook has command checks: whether an admin approved this runbook text, and what waits for it. */
  commands?: CommandApproval;
}


/**
 * Hash of the state a person saw: the run, its version and its fact log (decisions and outcome
 * changes; samples that changed no outcome are measurements, not part of the recorded state).
 */
export function stateHash(ctx: RunContext): string {
  return sha256Json({ run: ctx.run.id, version: ctx.run.version, runbook: ctx.run.runbookHash, facts: { ...ctx.facts, checks: ctx.logChecks } });
}

/** How long a computed status is reused when nothing changed: time-derived fields lag at most this. */
const STATUS_TTL_MS = 5_000;

/**
 * Reads runs and writes their facts. Runbooks are parsed once per content hash (immutable).
 * A run's facts and computed status are kept until the run changes: a write through this
 * instance drops them at once, a write through another instance when the change feed reads it
 * (its poll interval). Writes never trust the copy: they carry the version they decided on, and
 * a conflict reloads. The status's `now` (overdue, expiries) is at most STATUS_TTL_MS old.
 */
export class RunService {
  private readonly runbooks = new Map<string, Promise<LoadedRunbook>>();
  private readonly statusCache = new Map<string, { version: number; atMs: number; body: Buffer; hash: string }>();
  /** Bumped on every invalidation: a status computed across a change is not cached. */
  private readonly generation = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly refreshMs = STATUS_TTL_MS,
    /** Whether the server runs command checks (`--allow-commands`): only then do they wait for approval. */
    private readonly allowCommands = false,
  ) {}

  /** Approvals are never withdrawn: one read per approved runbook text. */
  private readonly approvals = new Map<string, RunbookApproval>();

  /** The command checks of a runbook, its approval, and which of them are held for it. */
  async commandState(hash: string, loaded: LoadedRunbook): Promise<{ commands: string[]; approval: RunbookApproval | undefined; held: Set<string> }> {
    const commands = loaded.runbook.checks.filter((c) => c.kind === "command").map((c) => c.id);
    if (commands.length === 0) return { commands, approval: undefined, held: new Set() };
    let approval = this.approvals.get(hash);
    if (!approval) {
      approval = await this.store.getRunbookApproval(hash);
      if (approval) this.approvals.set(hash, approval);
    }
    return { commands, approval, held: new Set(approval || !this.allowCommands ? [] : commands) };
  }

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
    this.invalidate(runId);
    // Written at the version it was decided on: the next state is this one plus the fact, no read needed.
    if (opts.expectedVersion === ctx.run.version) {
      this.contexts.set(runId, { gen: this.generation.get(runId) ?? 0, ctx: { ...ctx, run: { ...ctx.run, version: r.version }, facts: withFact(ctx.facts, fact) } });
    }
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
      return this.store.appendFact(runId, fact, opts).finally(() => this.invalidate(runId));
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

  private readonly contexts = new Map<string, { gen: number; ctx: RunContext }>();

  /** The run as last read (reloaded after any change to it, or when `fresh`). */
  async context(runId: string, opts: { fresh?: boolean } = {}): Promise<RunContext> {
    const gen = this.generation.get(runId) ?? 0;
    const cached = this.contexts.get(runId);
    if (!opts.fresh && cached?.gen === gen) return cached.ctx;
    const atMs = this.clock.now().getTime();
    const [found, segs] = await Promise.all([this.store.loadFacts(runId), this.store.loadSegments(runId)]);
    if (!found) throw new ApiError("GOLIVE_E_NOT_FOUND", `run '${runId}' not found`);
    const segments = bySegmentCheck(segs);
    const logChecks = found.facts.checks;
    const loaded = await this.loaded(found.run.runbookHash);
    const { held, approval } = await this.commandState(found.run.runbookHash, loaded);
    const ctx: RunContext = {
      run: found.run, facts: { ...found.facts, checks: engineChecks(logChecks, segments, held) }, logChecks, segments, segmentsAtMs: atMs,
      loaded, held, approval,
    };
    if ((this.generation.get(runId) ?? 0) === gen) this.contexts.set(runId, { gen, ctx });
    return ctx;
  }

  /** The run's status as UTF-8 JSON (what GET /status sends; encoded once, not per request). */
  async statusJson(runId: string): Promise<Buffer> {
    const nowMs = this.clock.now().getTime();
    const cached = this.statusCache.get(runId);
    if (cached && nowMs - cached.atMs < this.refreshMs && nowMs >= cached.atMs) return cached.body;
    const gen = this.generation.get(runId) ?? 0;
    let ctx = await this.context(runId);
    if (nowMs - ctx.segmentsAtMs >= this.refreshMs) ctx = await this.refreshSegments(runId, ctx, nowMs);
    // The hash depends on the facts only: a refresh for the time keeps it.
    const hash = cached?.version === ctx.run.version && cached.hash ? cached.hash : stateHash(ctx);
    const payload: StatusPayload = { run: runId, version: ctx.run.version, state_hash: hash, status: computeStatus(ctx.loaded, ctx.facts, new Date(nowMs), { held: ctx.held }) };
    const commands = ctx.loaded.runbook.checks.filter((c) => c.kind === "command").map((c) => c.id);
    if (commands.length > 0) {
      payload.commands = { checks: commands, allowed: this.allowCommands, held: [...ctx.held] };
      if (ctx.approval) Object.assign(payload.commands, { approved_by: ctx.approval.approvedBy, approved_at: ctx.approval.approvedAt });
    }
    const body = Buffer.from(JSON.stringify(payload));
    if ((this.generation.get(runId) ?? 0) === gen) this.statusCache.set(runId, { version: ctx.run.version, atMs: nowMs, body, hash });
    return body;
  }

  /** Re-reads a run's summaries (samples recorded by other instances change no version). */
  private async refreshSegments(runId: string, ctx: RunContext, nowMs: number): Promise<RunContext> {
    const segments = bySegmentCheck(await this.store.loadSegments(runId));
    const next: RunContext = { ...ctx, segments, segmentsAtMs: nowMs, facts: { ...ctx.facts, checks: engineChecks(ctx.logChecks, segments, ctx.held) } };
    const cached = this.contexts.get(runId);
    if (cached?.ctx === ctx) this.contexts.set(runId, { gen: cached.gen, ctx: next });
    return next;
  }

  /**
   * Takes in a round of samples this instance recorded: when no outcome changed (the version did
   * not move) the cached run is updated in place, O(checks in the round); otherwise it is re-read.
   */
  applySamples(runId: string, recorded: RecordedSamples): void {
    const cached = this.contexts.get(runId);
    if (recorded.facts.length > 0 || !cached || cached.ctx.run.version !== recorded.version) {
      this.invalidate(runId);
      return;
    }
    const segments = new Map(cached.ctx.segments);
    for (const seg of recorded.segments) {
      const list = [...(segments.get(seg.check) ?? [])];
      putSegment(list, seg);
      segments.set(seg.check, list);
    }
    const ctx = { ...cached.ctx, segments, facts: { ...cached.ctx.facts, checks: engineChecks(cached.ctx.logChecks, segments, cached.ctx.held) } };
    this.contexts.set(runId, { gen: cached.gen, ctx });
    // The status shows the latest sample's time and values: computed again on the next read.
    this.statusCache.delete(runId);
  }

  /** Forgets every run's cached state: an approval changes what the runs of its runbook may run. */
  invalidateAll(): void {
    for (const id of new Set([...this.contexts.keys(), ...this.statusCache.keys()])) this.invalidate(id);
  }

  /** Forgets a run's cached status (on any change to it). */
  invalidate(runId: string): void {
    this.generation.set(runId, (this.generation.get(runId) ?? 0) + 1);
    this.statusCache.delete(runId);
    this.contexts.delete(runId);
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
