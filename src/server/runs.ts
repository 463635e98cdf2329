import { checkKinds } from "../checks/kinds.ts";
import { computeStatus, type RunStatus, type Verdict } from "../core/engine/index.ts";
import type { Facts } from "../core/model/facts.ts";
import type { LoadedRunbook } from "../core/model/validate.ts";
import { loadRunbookText } from "../format/load.ts";
import { sha256Json } from "../store/audit-chain.ts";
import { ConflictError, type AppendResult, type FactInput, type RunRecord, type Store } from "../store/store.ts";
import type { Clock } from "./clock.ts";
import { ApiError } from "./errors.ts";

/** A run with its facts and its runbook, as read at one version. */
export interface RunContext {
  run: RunRecord;
  facts: Facts;
  loaded: LoadedRunbook;
}

/** The status payload: the engine's output, the version it was computed at and that state's hash. */
export interface StatusPayload {
  run: string;
  version: number;
  state_hash: string;
  status: RunStatus;
}

/** Hash of the state a person saw: the run, its version and all its facts. */
export function stateHash(ctx: RunContext): string {
  return sha256Json({ run: ctx.run.id, version: ctx.run.version, runbook: ctx.run.runbookHash, facts: ctx.facts });
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

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly refreshMs = STATUS_TTL_MS) {}

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
    const found = await this.store.loadFacts(runId);
    if (!found) throw new ApiError("GOLIVE_E_NOT_FOUND", `run '${runId}' not found`);
    const ctx = { ...found, loaded: await this.loaded(found.run.runbookHash) };
    if ((this.generation.get(runId) ?? 0) === gen) this.contexts.set(runId, { gen, ctx });
    return ctx;
  }

  /** The run's status as UTF-8 JSON (what GET /status sends; encoded once, not per request). */
  async statusJson(runId: string): Promise<Buffer> {
    const nowMs = this.clock.now().getTime();
    const cached = this.statusCache.get(runId);
    if (cached && nowMs - cached.atMs < this.refreshMs && nowMs >= cached.atMs) return cached.body;
    const gen = this.generation.get(runId) ?? 0;
    const ctx = await this.context(runId);
    // The hash depends on the facts only: a refresh for the time keeps it.
    const hash = cached?.version === ctx.run.version && cached.hash ? cached.hash : stateHash(ctx);
    const payload: StatusPayload = { run: runId, version: ctx.run.version, state_hash: hash, status: computeStatus(ctx.loaded, ctx.facts, new Date(nowMs)) };
    const body = Buffer.from(JSON.stringify(payload));
    if ((this.generation.get(runId) ?? 0) === gen) this.statusCache.set(runId, { version: ctx.run.version, atMs: nowMs, body, hash });
    return body;
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
    for (let attempt = 0; ; attempt++) {
      const ctx = await this.context(runId, { fresh: attempt > 0 });
      const now = this.clock.now();
      const decided = decide(ctx, now);
      if (!decided) return null;
      try {
        const result = await this.store.appendFact(runId, decided.fact, { actor, at: now.toISOString(), expectedVersion: ctx.run.version, action: decided.action, subject: decided.subject });
        this.invalidate(runId);
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
        const r = await this.store.appendFact(runId, fact, { actor, at: now.toISOString(), expectedVersion: ctx.run.version, action, subject });
        this.invalidate(runId);
        return { ...r, ctx };
      } catch (e) {
        if (e instanceof ConflictError) this.invalidate(runId);
        if (!(e instanceof ConflictError) || clientVersion !== undefined || attempt >= 4) throw e;
      }
    }
  }
}
