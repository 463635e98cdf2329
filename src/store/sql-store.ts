import { and, asc, eq, getTableColumns, gt, lt, or, sql } from "drizzle-orm";
import { createHash } from "node:crypto";
export type { Db } from "./sql-tx.ts";
import type { CheckResultFact } from "../core/model/facts.ts";
import type { Segment } from "../core/samples/summary.ts";
import type { Facts } from "../core/model/facts.ts";
import { FactFold, factsOf, type FoldPoint } from "./fact-fold.ts";
import { loadRunState, putSnapshot } from "./sql-state.ts";
import { approveRunbook, getRunbookApproval, getRunbookWithdrawal, withdrawRunbookApproval } from "./approvals.ts";
import * as samples from "./sql-samples.ts";
import { appendAudit, appendFactTx, bumpVersion, type Db } from "./sql-tx.ts";
import { migrations } from "./migrations.ts";
import { SqlOutbox, type DeliveryOutcome, type DeliveryRecord, type OutboxAudit, type OutboxInput, type OutboxRecord } from "./outbox.ts";
import * as t from "./schema.ts";
import {
  DuplicateError, NotFoundError,
  type AppendOptions, type AppendResult, type AuditEvent, type Change, type FactInput, type FileRecord, type GlobalRole,
  type RecordedSamples, type RunbookApproval, type RunbookWithdrawal, type RunKind, type RunState, type RunPatch, type RunRecord, type SampleBucket, type SampleWidth, type SessionRecord, type Store, type StoredRunbook, type TokenRecord, type TokenScope, type UserRecord,
} from "./store.ts";


const MIGRATION_LOCK = 7_242_001;

/** Applies pending migrations under an advisory lock, so instances starting together agree. */
export async function migrate(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.execute(sql`CREATE TABLE IF NOT EXISTS golive_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    // Both drivers return `{ rows }` from execute; the generic HKT does not say so.
    const result: unknown = await tx.execute(sql`SELECT id FROM golive_migrations`);
    const applied = result as { rows: { id: number }[] };
    const done = new Set(applied.rows.map((r) => Number(r.id)));
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      for (const stmt of m.sql.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) await tx.execute(sql.raw(stmt));
      await m.after?.(tx);
      await tx.execute(sql`INSERT INTO golive_migrations (id, name) VALUES (${m.id}, ${m.name})`);
    }
  });
}

const isUniqueViolation = (e: unknown): boolean => {
  for (let c: unknown = e; c && typeof c === "object"; c = (c as { cause?: unknown }).cause) {
    if ((c as { code?: unknown }).code === "23505") return true;
  }
  return false;
};

const toRun = (r: typeof t.runs.$inferSelect): RunRecord => ({
  id: r.id, name: r.name, runbookHash: r.runbookHash, version: r.version, meta: r.meta as RunRecord["meta"],
  assignments: r.assignments as RunRecord["assignments"], active: r.active, createdAt: r.createdAt, createdBy: r.createdBy,
  kind: r.kind === "rehearsal" ? "rehearsal" : "live",
});
const toEvent = (r: typeof t.audit.$inferSelect): AuditEvent => ({
  seq: r.seq, at: r.at, actor: r.actor, action: r.action, runId: r.runId, subject: r.subject,
  before: r.before ?? null, after: r.after ?? null, prevHash: r.prevHash, hash: r.hash,
});
const toUser = (r: typeof t.users.$inferSelect): UserRecord => ({ ...r, role: r.role as GlobalRole });
const toToken = (r: typeof t.tokens.$inferSelect): TokenRecord => ({ ...r, scope: r.scope as TokenScope });
const publicUser = (u: UserRecord) => ({ name: u.name, role: u.role, disabled: u.disabled });
const publicToken = (k: TokenRecord) => ({ id: k.id, name: k.name, user: k.userName, scope: k.scope, revoked_at: k.revokedAt });

/** The store over any drizzle PostgreSQL database: the drivers differ only in how they connect. */
export class SqlStore implements Store {
  listen?: Store["listen"];
  private readonly outbox: SqlOutbox;
  constructor(
    readonly driver: "pglite" | "postgres",
    private readonly db: Db,
    private readonly onClose: () => Promise<void>,
  ) {
    this.outbox = new SqlOutbox(db, (tx, ev) => appendAudit(tx, { ...ev, before: null }));
  }

  enqueue(rows: readonly OutboxInput[], audit?: OutboxAudit): Promise<number> {
    return this.outbox.enqueue(rows, audit);
  }
  claimOutbox(holder: string, nowMs: number, leaseMs: number, limit: number): Promise<OutboxRecord[]> {
    return this.outbox.claimOutbox(holder, nowMs, leaseMs, limit);
  }
  finishDelivery(row: OutboxRecord, holder: string, outcome: DeliveryOutcome, audit?: OutboxAudit): Promise<boolean> {
    return this.outbox.finishDelivery(row, holder, outcome, audit);
  }
  postponeDelivery(row: OutboxRecord, holder: string, untilMs: number): Promise<void> {
    return this.outbox.postponeDelivery(row, holder, untilMs);
  }
  countDeliveries(channel: string, sinceMs: number): Promise<number> {
    return this.outbox.countDeliveries(channel, sinceMs);
  }
  listOutbox(opts: { runId?: string | undefined; limit?: number | undefined }): Promise<OutboxRecord[]> {
    return this.outbox.listOutbox(opts);
  }
  listDeliveries(outboxIds: readonly string[]): Promise<DeliveryRecord[]> {
    return this.outbox.listDeliveries(outboxIds);
  }

  async ping(): Promise<void> {
    await this.db.execute(sql`SELECT 1`);
  }

  /** Closes the connection; closing twice is harmless. */
  close(): Promise<void> {
    this.closing ??= this.onClose();
    return this.closing;
  }
  private closing: Promise<void> | undefined;

  async putRunbook(rb: { source: string; runbookId: string; title: string }, change: Change): Promise<StoredRunbook> {
    const hash = createHash("sha256").update(rb.source).digest("hex");
    return this.db.transaction(async (tx) => {
      const [existing] = await tx.select().from(t.runbooks).where(eq(t.runbooks.hash, hash));
      if (existing) return existing;
      const row: StoredRunbook = { hash, runbookId: rb.runbookId, title: rb.title, source: rb.source, createdAt: change.at, createdBy: change.actor };
      const inserted = await tx.insert(t.runbooks).values(row).onConflictDoNothing().returning();
      if (inserted.length) {
        await appendAudit(tx, { at: change.at, actor: change.actor, action: "runbook.upload", runId: null, subject: `runbook:${hash}`, before: null, after: { runbook_id: rb.runbookId, title: rb.title, hash } });
      }
      return row;
    });
  }

  async getRunbook(hash: string): Promise<StoredRunbook | undefined> {
    const [row] = await this.db.select().from(t.runbooks).where(eq(t.runbooks.hash, hash));
    return row;
  }

  listRunbooks(): Promise<Omit<StoredRunbook, "source">[]> {
    const { source: _s, ...cols } = getTableColumns(t.runbooks);
    return this.db.select(cols).from(t.runbooks).orderBy(asc(t.runbooks.createdAt));
  }

  approveRunbook(hash: string, change: Change): Promise<{ approval: RunbookApproval; created: boolean }> {
    return approveRunbook(this.db, hash, change);
  }

  getRunbookApproval(hash: string): Promise<RunbookApproval | undefined> {
    return getRunbookApproval(this.db, hash);
  }

  withdrawRunbookApproval(hash: string, reason: string, change: Change): Promise<RunbookWithdrawal | undefined> {
    return withdrawRunbookApproval(this.db, hash, reason, change);
  }

  getRunbookWithdrawal(hash: string): Promise<RunbookWithdrawal | undefined> {
    return getRunbookWithdrawal(this.db, hash);
  }

  async createRun(run: { id: string; name: string; runbookHash: string; meta: RunRecord["meta"]; assignments?: Record<string, string[]>; kind?: RunKind }, change: Change): Promise<RunRecord> {
    return this.db.transaction(async (tx) => {
      const [rb] = await tx.select({ hash: t.runbooks.hash }).from(t.runbooks).where(eq(t.runbooks.hash, run.runbookHash));
      if (!rb) throw new NotFoundError(`runbook '${run.runbookHash}' not found`);
      const row: RunRecord = { ...run, kind: run.kind ?? "live", assignments: run.assignments ?? {}, version: 1, active: true, createdAt: change.at, createdBy: change.actor };
      try {
        await tx.insert(t.runs).values(row);
      } catch (e) {
        if (isUniqueViolation(e)) throw new DuplicateError(`run '${run.id}' exists`);
        throw e;
      }
      await appendAudit(tx, { at: change.at, actor: change.actor, action: "run.create", runId: run.id, subject: `run:${run.id}`, before: null, after: { name: run.name, kind: row.kind, runbook_hash: run.runbookHash, meta: run.meta, assignments: row.assignments, version: 1 } });
      return row;
    }).catch((e: unknown) => {
      // PGlite aborts the whole transaction on the violation; report the duplicate either way.
      if (isUniqueViolation(e)) throw new DuplicateError(`run '${run.id}' exists`);
      throw e;
    });
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const [row] = await this.db.select().from(t.runs).where(eq(t.runs.id, id));
    return row && toRun(row);
  }

  async listRuns(): Promise<RunRecord[]> {
    return (await this.db.select().from(t.runs).orderBy(asc(t.runs.createdAt), asc(t.runs.id))).map(toRun);
  }

  async updateRun(id: string, patch: RunPatch, opts: Change & { expectedVersion?: number | undefined }): Promise<AppendResult & { run: RunRecord }> {
    return this.db.transaction(async (tx) => {
      const version = await bumpVersion(tx, id, opts.expectedVersion);
      const [prev] = await tx.select().from(t.runs).where(eq(t.runs.id, id));
      if (!prev) throw new NotFoundError(`run '${id}' not found`);
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      const set: Partial<typeof t.runs.$inferInsert> = {};
      for (const key of ["name", "meta", "assignments", "active"] as const) {
        if (patch[key] === undefined) continue;
        before[key] = prev[key];
        after[key] = patch[key];
        (set as Record<string, unknown>)[key] = patch[key];
      }
      const [row] = await tx.update(t.runs).set(set).where(eq(t.runs.id, id)).returning();
      const event = await appendAudit(tx, { at: opts.at, actor: opts.actor, action: "run.update", runId: id, subject: `run:${id}`, before, after: { ...after, version } });
      return { version, event, run: toRun(row ?? prev) };
    });
  }

  async loadFacts(runId: string): Promise<{ run: RunRecord; facts: Facts } | undefined> {
    const state = await this.loadRunState(runId);
    if (!state) return undefined;
    const fold = new FactFold(state.snapshot);
    for (const f of state.tail) fold.apply(f);
    const lists = fold.view();
    return { run: state.run, facts: factsOf(state.run, lists, lists.checks) };
  }

  loadRunState(runId: string, afterVersion?: number): Promise<RunState | undefined> {
    return loadRunState(this.db, runId, toRun, afterVersion);
  }

  putSnapshot(runId: string, point: FoldPoint, opts?: { replace?: boolean }): Promise<void> {
    return putSnapshot(this.db, runId, point, opts);
  }

  async appendFact(runId: string, fact: FactInput, opts: AppendOptions): Promise<AppendResult> {
    return this.db.transaction((tx) => appendFactTx(tx, runId, fact, opts));
  }

  recordSamples(runId: string, list: readonly CheckResultFact[], change: Change): Promise<RecordedSamples> {
    return samples.recordSamples(this.db, runId, list, change);
  }

  async loadSegments(runId: string): Promise<Segment[]> {
    return (await samples.segmentsSince(this.db, runId, -1)).segments;
  }

  segmentsSince(runId: string, after: number): Promise<{ segments: Segment[]; touched: number }> {
    return samples.segmentsSince(this.db, runId, after);
  }

  /** PGlite holds its data directory's lock: this process is its only writer. */
  get exclusive(): boolean {
    return this.driver === "pglite";
  }

  lastSegment(runId: string, checkId: string): Promise<Segment | undefined> {
    return samples.lastSegment(this.db, runId, checkId);
  }

  sampleHistory(runId: string, check: string, q: { fromMs: number; toMs: number; width: SampleWidth }): Promise<SampleBucket[]> {
    return samples.sampleHistory(this.db, runId, check, q);
  }

  async rollupSamples(runId: string, nowMs: number, keep: { rawMs: number; minuteMs: number }): Promise<void> {
    const changed = await samples.rollupSamples(this.db, runId, nowMs, keep);
    // The embedded store at every call (every 10 minutes): its checkpoint bounds the WAL a restart
    // replays, and raw samples now go only once an hour.
    if (changed > 0 || this.driver === "pglite") await samples.reclaimSamples(this.db, this.driver);
  }

  async listAudit(opts: { runId?: string | undefined; afterSeq?: number | undefined; limit?: number | undefined }): Promise<AuditEvent[]> {
    const conds = [gt(t.audit.seq, opts.afterSeq ?? 0)];
    if (opts.runId !== undefined) conds.push(eq(t.audit.runId, opts.runId));
    const rows = await this.db.select().from(t.audit).where(and(...conds)).orderBy(asc(t.audit.seq)).limit(opts.limit ?? 1000);
    return rows.map(toEvent);
  }

  async auditHead(): Promise<{ seq: number; hash: string }> {
    const [head] = await this.db.select().from(t.auditHead).where(eq(t.auditHead.id, 1));
    if (!head) throw new Error("audit head row missing: the database was not migrated");
    return { seq: head.seq, hash: head.hash };
  }

  async createUser(user: Omit<UserRecord, "createdAt">, change: Change): Promise<UserRecord> {
    const row: UserRecord = { ...user, createdAt: change.at };
    return this.db.transaction(async (tx) => {
      const inserted = await tx.insert(t.users).values(row).onConflictDoNothing().returning();
      if (!inserted.length) throw new DuplicateError(`user '${user.name}' exists`);
      await appendAudit(tx, { at: change.at, actor: change.actor, action: "user.create", runId: null, subject: `user:${user.name}`, before: null, after: publicUser(row) });
      return row;
    });
  }

  async getUser(name: string): Promise<UserRecord | undefined> {
    const [row] = await this.db.select().from(t.users).where(eq(t.users.name, name));
    return row && toUser(row);
  }

  async listUsers(): Promise<UserRecord[]> {
    return (await this.db.select().from(t.users).orderBy(asc(t.users.name))).map(toUser);
  }

  async updateUser(name: string, patch: { passwordHash?: string; role?: GlobalRole; disabled?: boolean }, change: Change): Promise<UserRecord> {
    return this.db.transaction(async (tx) => {
      const [prev] = await tx.select().from(t.users).where(eq(t.users.name, name)).for("update");
      if (!prev) throw new NotFoundError(`user '${name}' not found`);
      const [row] = await tx.update(t.users).set(patch).where(eq(t.users.name, name)).returning();
      const next = toUser(row ?? prev);
      const after = { ...publicUser(next), ...(patch.passwordHash ? { password: "changed" } : {}) };
      await appendAudit(tx, { at: change.at, actor: change.actor, action: "user.update", runId: null, subject: `user:${name}`, before: publicUser(toUser(prev)), after });
      if (patch.passwordHash || patch.disabled) await tx.delete(t.sessions).where(eq(t.sessions.userName, name));
      return next;
    });
  }

  async countUsers(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(t.users);
    return Number(row?.n ?? 0);
  }

  async createSession(s: SessionRecord): Promise<void> {
    await this.db.insert(t.sessions).values(s);
  }

  async getSession(idHash: string): Promise<SessionRecord | undefined> {
    const [row] = await this.db.select().from(t.sessions).where(eq(t.sessions.idHash, idHash));
    return row;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.delete(t.sessions).where(eq(t.sessions.idHash, idHash));
  }

  async createToken(k: Omit<TokenRecord, "revokedAt">, change: Change): Promise<TokenRecord> {
    const row: TokenRecord = { ...k, revokedAt: null };
    return this.db.transaction(async (tx) => {
      await tx.insert(t.tokens).values(row);
      await appendAudit(tx, { at: change.at, actor: change.actor, action: "token.create", runId: null, subject: `token:${k.id}`, before: null, after: publicToken(row) });
      return row;
    });
  }

  async getToken(id: string): Promise<TokenRecord | undefined> {
    const [row] = await this.db.select().from(t.tokens).where(eq(t.tokens.id, id));
    return row && toToken(row);
  }

  async listTokens(userName?: string): Promise<TokenRecord[]> {
    const q = this.db.select().from(t.tokens);
    const rows = await (userName === undefined ? q : q.where(eq(t.tokens.userName, userName))).orderBy(asc(t.tokens.createdAt));
    return rows.map(toToken);
  }

  async revokeToken(id: string, change: Change): Promise<TokenRecord> {
    return this.db.transaction(async (tx) => {
      const [prev] = await tx.select().from(t.tokens).where(eq(t.tokens.id, id)).for("update");
      if (!prev) throw new NotFoundError(`token '${id}' not found`);
      if (prev.revokedAt) return toToken(prev);
      const [row] = await tx.update(t.tokens).set({ revokedAt: change.at }).where(eq(t.tokens.id, id)).returning();
      const next = toToken(row ?? prev);
      await appendAudit(tx, { at: change.at, actor: change.actor, action: "token.revoke", runId: null, subject: `token:${id}`, before: publicToken(toToken(prev)), after: publicToken(next) });
      return next;
    });
  }

  async recordTokenRefusal(r: { tokenId: string; route: string; what: string }, change: Change): Promise<void> {
    await this.db.transaction(async (tx) => {
      await appendAudit(tx, { at: change.at, actor: change.actor, action: "token.refused", runId: null, subject: `token:${r.tokenId}`, before: null, after: { token: r.tokenId, route: r.route, act: r.what } });
    });
  }

  async putFile(f: FileRecord): Promise<void> {
    await this.db.insert(t.files).values(f).onConflictDoNothing();
  }

  async getFile(sha256: string): Promise<FileRecord | undefined> {
    const [row] = await this.db.select().from(t.files).where(eq(t.files.sha256, sha256));
    return row;
  }

  async tryLease(name: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean> {
    const rows = await this.db.insert(t.leases).values({ name, holder, expiresAt: nowMs + ttlMs })
      .onConflictDoUpdate({
        target: t.leases.name,
        set: { holder, expiresAt: nowMs + ttlMs },
        setWhere: or(eq(t.leases.holder, holder), lt(t.leases.expiresAt, nowMs)),
      })
      .returning({ holder: t.leases.holder });
    return rows[0]?.holder === holder;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.db.delete(t.leases).where(and(eq(t.leases.name, name), eq(t.leases.holder, holder)));
  }
}
