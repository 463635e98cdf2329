import { and, desc, eq, sql } from "drizzle-orm";
import { eventHash } from "./audit-chain.js";
import { chainLink, CHAIN_GENESIS } from "./fact-fold.js";
import { insertOutbox } from "./outbox.js";
import * as t from "./schema.js";
import { ConflictError, NotFoundError } from "./store.js";
/** Appends one audit event inside the caller's transaction; the head row serialises writers. */
export async function appendAudit(tx, ev) {
    const [head] = await tx.select().from(t.auditHead).where(eq(t.auditHead.id, 1)).for("update");
    if (!head)
        throw new Error("audit head row missing: the database was not migrated");
    const base = { ...ev, before: ev.before ?? null, after: ev.after ?? null, seq: head.seq + 1, prevHash: head.hash };
    const event = { ...base, hash: eventHash(base) };
    await tx.insert(t.audit).values(event);
    await tx.update(t.auditHead).set({ seq: event.seq, hash: event.hash }).where(eq(t.auditHead.id, 1));
    // Delivered on commit only: other instances learn of the change once it is durable.
    await tx.execute(sql `SELECT pg_notify('golive_audit', ${String(event.seq)})`);
    return event;
}
/** Bumps a run's version, checking the expected one; the row lock orders writers of one run. */
export async function bumpVersion(tx, runId, expected) {
    const where = expected === undefined ? eq(t.runs.id, runId) : and(eq(t.runs.id, runId), eq(t.runs.version, expected));
    const rows = await tx.update(t.runs).set({ version: sql `${t.runs.version} + 1` }).where(where).returning({ version: t.runs.version });
    if (rows[0])
        return rows[0].version;
    const [cur] = await tx.select({ version: t.runs.version }).from(t.runs).where(eq(t.runs.id, runId));
    if (!cur)
        throw new NotFoundError(`run '${runId}' not found`);
    throw new ConflictError(expected ?? -1, cur.version);
}
/** The facts the engine judges at their own time (replay): samples never straddle one of these. */
const DECISION_KINDS = new Set(["signoff", "waiver", "wave", "checkpoint", "step", "attestation", "hypercare"]);
/** Appends a fact at the run's next version, with its audit event; a decision also moves the run's decided_at. */
export async function appendFactTx(tx, runId, fact, opts) {
    const version = await bumpVersion(tx, runId, opts.expectedVersion);
    const [prev] = await tx.select({ data: t.facts.data }).from(t.facts)
        .where(and(eq(t.facts.runId, runId), eq(t.facts.subject, opts.subject)))
        .orderBy(desc(t.facts.version)).limit(1);
    // The run's last link (the row lock of bumpVersion orders writers): one link more, never the whole log.
    const [last] = await tx.select({ chain: t.facts.chain }).from(t.facts).where(eq(t.facts.runId, runId)).orderBy(desc(t.facts.version)).limit(1);
    const chain = chainLink(last?.chain ?? CHAIN_GENESIS, { version, kind: fact.kind, data: fact.data });
    await tx.insert(t.facts).values({ runId, version, kind: fact.kind, subject: opts.subject, data: fact.data, chain });
    if (opts.outbox?.length)
        await insertOutbox(tx, opts.outbox);
    if (DECISION_KINDS.has(fact.kind)) {
        // Samples after this start a new segment: the run as it stood now stays readable exactly.
        await tx.update(t.runs).set({ decidedAt: sql `GREATEST(${t.runs.decidedAt}, ${Date.parse(opts.at)})` }).where(eq(t.runs.id, runId));
    }
    const event = await appendAudit(tx, { at: opts.at, actor: opts.actor, action: opts.action, runId, subject: opts.subject, before: prev?.data ?? null, after: { ...fact.data, version } });
    return { version, event };
}
