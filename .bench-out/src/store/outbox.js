import { and, asc, desc, eq, gte, inArray, sql } from "drizzle-orm";
import * as t from "./schema.js";
const toRecord = (r) => ({
    id: r.id, runId: r.runId, channel: r.channel, eventType: r.eventType, dedupKey: r.dedupKey, payload: r.payload, createdAt: r.createdAt,
    nextAtMs: Number(r.nextAt), state: r.state, attempts: r.attempts, lastError: r.lastError, sentAt: r.sentAt,
});
const toInsert = (r) => ({
    id: r.id, runId: r.runId, channel: r.channel, eventType: r.eventType, dedupKey: r.dedupKey, payload: r.payload, state: "pending", attempts: 0, nextAt: r.nextAtMs, createdAt: r.createdAt,
});
/** Inserts rows, skipping those whose (channel, dedup key) is queued already; returns how many were new. */
export async function insertOutbox(db, rows) {
    if (!rows.length)
        return 0;
    const inserted = await db.insert(t.outbox).values(rows.map(toInsert)).onConflictDoNothing().returning({ id: t.outbox.id });
    return inserted.length;
}
/** The outbox queue over a drizzle database (both drivers); `audit` writes the store's audit events. */
export class SqlOutbox {
    db;
    audit;
    constructor(db, audit) {
        this.db = db;
        this.audit = audit;
    }
    enqueue(rows, audit) {
        if (!audit)
            return insertOutbox(this.db, rows);
        return this.db.transaction(async (tx) => {
            const n = await insertOutbox(tx, rows);
            await this.audit(tx, audit);
            return n;
        });
    }
    async claimOutbox(holder, nowMs, leaseMs, limit) {
        const due = sql `SELECT id FROM golive_outbox
      WHERE state IN ('pending', 'retrying') AND next_at <= ${nowMs} AND (lease_until IS NULL OR lease_until < ${nowMs})
      ORDER BY next_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
        const rows = await this.db.update(t.outbox)
            .set({ leaseHolder: holder, leaseUntil: nowMs + leaseMs, attempts: sql `${t.outbox.attempts} + 1` })
            .where(sql `${t.outbox.id} IN (${due})`)
            .returning();
        return rows.map(toRecord).sort((a, b) => a.nextAtMs - b.nextAtMs);
    }
    async finishDelivery(row, holder, o, audit) {
        return this.db.transaction(async (tx) => {
            await tx.insert(t.deliveries).values({
                outboxId: row.id, attempt: row.attempts, channel: row.channel, atMs: o.atMs, ok: o.ok, status: o.status ?? null, error: o.error ?? null, durationMs: Math.round(o.durationMs),
            }).onConflictDoNothing();
            const set = o.ok
                ? { state: "sent", sentAt: new Date(o.atMs).toISOString(), lastError: null, leaseHolder: null, leaseUntil: null }
                : o.retryAtMs !== undefined
                    ? { state: "retrying", nextAt: o.retryAtMs, lastError: o.error ?? null, leaseHolder: null, leaseUntil: null }
                    : { state: "failed", lastError: o.error ?? null, leaseHolder: null, leaseUntil: null };
            const updated = await tx.update(t.outbox).set(set).where(and(eq(t.outbox.id, row.id), eq(t.outbox.leaseHolder, holder))).returning({ id: t.outbox.id });
            if (updated.length > 0 && audit)
                await this.audit(tx, audit);
            return updated.length > 0;
        });
    }
    async postponeDelivery(row, holder, untilMs) {
        await this.db.update(t.outbox)
            .set({ nextAt: untilMs, attempts: sql `${t.outbox.attempts} - 1`, leaseHolder: null, leaseUntil: null })
            .where(and(eq(t.outbox.id, row.id), eq(t.outbox.leaseHolder, holder)));
    }
    async countDeliveries(channel, sinceMs) {
        const [r] = await this.db.select({ n: sql `count(*)::int` }).from(t.deliveries)
            .where(and(eq(t.deliveries.channel, channel), eq(t.deliveries.ok, true), gte(t.deliveries.atMs, sinceMs)));
        return Number(r?.n ?? 0);
    }
    async listOutbox(opts) {
        const q = this.db.select().from(t.outbox);
        const rows = await (opts.runId === undefined ? q : q.where(eq(t.outbox.runId, opts.runId))).orderBy(desc(t.outbox.createdAt), asc(t.outbox.id)).limit(opts.limit ?? 200);
        return rows.map(toRecord);
    }
    async listDeliveries(outboxIds) {
        if (!outboxIds.length)
            return [];
        const rows = await this.db.select().from(t.deliveries).where(inArray(t.deliveries.outboxId, [...outboxIds])).orderBy(asc(t.deliveries.atMs), asc(t.deliveries.attempt));
        return rows.map((r) => ({ ...r, atMs: Number(r.atMs) }));
    }
}
