import { and, asc, desc, eq, gte, inArray, sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as t from "./schema.ts";

// The transactional outbox: a notification is a row written in the same transaction as the fact
// that caused it (or, for the clock's events, on its own), unique per channel and dedup key.
// Delivery claims rows under a lease with FOR UPDATE SKIP LOCKED, so several instances never hold
// one row at once; a crashed holder's lease runs out and another instance retries it (at least
// once, with the row's id for the receiver's dedupe).

type Db = PgDatabase<PgQueryResultHKT>;
type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** An audit event to append with an outbox change, in its transaction (fields the chain computes left out). */
export interface OutboxAudit {
  at: string;
  actor: string;
  action: string;
  runId: string | null;
  subject: string;
  after: unknown;
}

/** A notification to deliver to one channel. */
export interface OutboxInput {
  /** Stable delivery id: the receiver dedupes on it. */
  id: string;
  runId: string | null;
  /** Channel id, e.g. `server:webhook` or `runbook:ops-slack`. */
  channel: string;
  eventType: string;
  /** Unique per channel: the same event is never queued twice for one channel. */
  dedupKey: string;
  payload: unknown;
  createdAt: string;
  nextAtMs: number;
}

export type OutboxState = "pending" | "retrying" | "sent" | "failed";

export interface OutboxRecord extends OutboxInput {
  state: OutboxState;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
}

/** One delivery attempt, for the delivery log. */
export interface DeliveryRecord {
  outboxId: string;
  attempt: number;
  channel: string;
  atMs: number;
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
}

/** How an attempt went; `retryAtMs` schedules another, its absence makes a failure final. */
export interface DeliveryOutcome {
  ok: boolean;
  status?: number | undefined;
  error?: string | undefined;
  durationMs: number;
  atMs: number;
  retryAtMs?: number | undefined;
}

/**
 * The queue the delivery worker uses. The store implements it over its own tables; a job queue
 * (pg-boss, graphile-worker) can implement it later without touching the worker or the channels.
 */
export interface OutboxQueue {
  /**
   * Queues notifications not tied to a fact (the clock's, a test send); returns how many were new.
   * With `audit`, that event is appended in the same transaction (a test send: who, which channel).
   */
  enqueue(rows: readonly OutboxInput[], audit?: OutboxAudit): Promise<number>;
  /** Takes up to `limit` due rows for `holder` until now+lease, counting an attempt on each. */
  claimOutbox(holder: string, nowMs: number, leaseMs: number, limit: number): Promise<OutboxRecord[]>;
  /**
   * Records an attempt; false when `holder` no longer holds the row (its lease ran out). With
   * `audit`, that event is appended in the same transaction when the attempt is recorded.
   */
  finishDelivery(row: OutboxRecord, holder: string, outcome: DeliveryOutcome, audit?: OutboxAudit): Promise<boolean>;
  /** Puts a claimed row back until `untilMs` without counting the attempt (rate limit). */
  postponeDelivery(row: OutboxRecord, holder: string, untilMs: number): Promise<void>;
  /** Successful deliveries to a channel since `sinceMs` (for its rate limit). */
  countDeliveries(channel: string, sinceMs: number): Promise<number>;
  listOutbox(opts: { runId?: string | undefined; limit?: number | undefined }): Promise<OutboxRecord[]>;
  listDeliveries(outboxIds: readonly string[]): Promise<DeliveryRecord[]>;
}

type Row = typeof t.outbox.$inferSelect;
const toRecord = (r: Row): OutboxRecord => ({
  id: r.id, runId: r.runId, channel: r.channel, eventType: r.eventType, dedupKey: r.dedupKey, payload: r.payload, createdAt: r.createdAt,
  nextAtMs: Number(r.nextAt), state: r.state as OutboxState, attempts: r.attempts, lastError: r.lastError, sentAt: r.sentAt,
});
const toInsert = (r: OutboxInput): typeof t.outbox.$inferInsert => ({
  id: r.id, runId: r.runId, channel: r.channel, eventType: r.eventType, dedupKey: r.dedupKey, payload: r.payload, state: "pending", attempts: 0, nextAt: r.nextAtMs, createdAt: r.createdAt,
});

/** Inserts rows, skipping those whose (channel, dedup key) is queued already; returns how many were new. */
export async function insertOutbox(db: Db, rows: readonly OutboxInput[]): Promise<number> {
  if (!rows.length) return 0;
  const inserted = await db.insert(t.outbox).values(rows.map(toInsert)).onConflictDoNothing().returning({ id: t.outbox.id });
  return inserted.length;
}

/** Appends an audit event inside a transaction (the store's hash chain). */
export type AuditWriter = (tx: Tx, ev: OutboxAudit) => Promise<unknown>;

/** The outbox queue over a drizzle database (both drivers); `audit` writes the store's audit events. */
export class SqlOutbox implements OutboxQueue {
  constructor(private readonly db: Db, private readonly audit: AuditWriter) {}

  enqueue(rows: readonly OutboxInput[], audit?: OutboxAudit): Promise<number> {
    if (!audit) return insertOutbox(this.db, rows);
    return this.db.transaction(async (tx) => {
      const n = await insertOutbox(tx, rows);
      await this.audit(tx, audit);
      return n;
    });
  }

  async claimOutbox(holder: string, nowMs: number, leaseMs: number, limit: number): Promise<OutboxRecord[]> {
    const due = sql`SELECT id FROM golive_outbox
      WHERE state IN ('pending', 'retrying') AND next_at <= ${nowMs} AND (lease_until IS NULL OR lease_until < ${nowMs})
      ORDER BY next_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
    const rows = await this.db.update(t.outbox)
      .set({ leaseHolder: holder, leaseUntil: nowMs + leaseMs, attempts: sql`${t.outbox.attempts} + 1` })
      .where(sql`${t.outbox.id} IN (${due})`)
      .returning();
    return rows.map(toRecord).sort((a, b) => a.nextAtMs - b.nextAtMs);
  }

  async finishDelivery(row: OutboxRecord, holder: string, o: DeliveryOutcome, audit?: OutboxAudit): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.insert(t.deliveries).values({
        outboxId: row.id, attempt: row.attempts, channel: row.channel, atMs: o.atMs, ok: o.ok, status: o.status ?? null, error: o.error ?? null, durationMs: Math.round(o.durationMs),
      }).onConflictDoNothing();
      const set: Partial<typeof t.outbox.$inferInsert> = o.ok
        ? { state: "sent", sentAt: new Date(o.atMs).toISOString(), lastError: null, leaseHolder: null, leaseUntil: null }
        : o.retryAtMs !== undefined
          ? { state: "retrying", nextAt: o.retryAtMs, lastError: o.error ?? null, leaseHolder: null, leaseUntil: null }
          : { state: "failed", lastError: o.error ?? null, leaseHolder: null, leaseUntil: null };
      const updated = await tx.update(t.outbox).set(set).where(and(eq(t.outbox.id, row.id), eq(t.outbox.leaseHolder, holder))).returning({ id: t.outbox.id });
      if (updated.length > 0 && audit) await this.audit(tx, audit);
      return updated.length > 0;
    });
  }

  async postponeDelivery(row: OutboxRecord, holder: string, untilMs: number): Promise<void> {
    await this.db.update(t.outbox)
      .set({ nextAt: untilMs, attempts: sql`${t.outbox.attempts} - 1`, leaseHolder: null, leaseUntil: null })
      .where(and(eq(t.outbox.id, row.id), eq(t.outbox.leaseHolder, holder)));
  }

  async countDeliveries(channel: string, sinceMs: number): Promise<number> {
    const [r] = await this.db.select({ n: sql<number>`count(*)::int` }).from(t.deliveries)
      .where(and(eq(t.deliveries.channel, channel), eq(t.deliveries.ok, true), gte(t.deliveries.atMs, sinceMs)));
    return Number(r?.n ?? 0);
  }

  async listOutbox(opts: { runId?: string | undefined; limit?: number | undefined }): Promise<OutboxRecord[]> {
    const q = this.db.select().from(t.outbox);
    const rows = await (opts.runId === undefined ? q : q.where(eq(t.outbox.runId, opts.runId))).orderBy(desc(t.outbox.createdAt), asc(t.outbox.id)).limit(opts.limit ?? 200);
    return rows.map(toRecord);
  }

  async listDeliveries(outboxIds: readonly string[]): Promise<DeliveryRecord[]> {
    if (!outboxIds.length) return [];
    const rows = await this.db.select().from(t.deliveries).where(inArray(t.deliveries.outboxId, [...outboxIds])).orderBy(asc(t.deliveries.atMs), asc(t.deliveries.attempt));
    return rows.map((r) => ({ ...r, atMs: Number(r.atMs) }));
  }
}
