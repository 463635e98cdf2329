import { and, asc, eq, getTableColumns, gt, lt, or, sql } from "drizzle-orm";
import { createHash } from "node:crypto";
import { FactFold, factsOf } from "./fact-fold.js";
import { loadRunState, putSnapshot } from "./sql-state.js";
import { approveRunbook, getRunbookApproval, getRunbookWithdrawal, withdrawRunbookApproval } from "./approvals.js";
import * as samples from "./sql-samples.js";
import { appendAudit, appendFactTx, bumpVersion } from "./sql-tx.js";
import { migrations } from "./migrations.js";
import { SqlOutbox } from "./outbox.js";
import * as t from "./schema.js";
import { DuplicateError, NotFoundError, } from "./store.js";
const MIGRATION_LOCK = 7_242_001;
/** Applies pending migrations under an advisory lock, so instances starting together agree. */
export async function migrate(db) {
    await db.transaction(async (tx) => {
        await tx.execute(sql `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
        await tx.execute(sql `CREATE TABLE IF NOT EXISTS golive_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
        // Both drivers return `{ rows }` from execute; the generic HKT does not say so.
        const result = await tx.execute(sql `SELECT id FROM golive_migrations`);
        const applied = result;
        const done = new Set(applied.rows.map((r) => Number(r.id)));
        for (const m of migrations) {
            if (done.has(m.id))
                continue;
            for (const stmt of m.sql.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean))
                await tx.execute(sql.raw(stmt));
            await m.after?.(tx);
            await tx.execute(sql `INSERT INTO golive_migrations (id, name) VALUES (${m.id}, ${m.name})`);
        }
    });
}
const isUniqueViolation = (e) => {
    for (let c = e; c && typeof c === "object"; c = c.cause) {
        if (c.code === "23505")
            return true;
    }
    return false;
};
const toRun = (r) => ({
    id: r.id, name: r.name, runbookHash: r.runbookHash, version: r.version, meta: r.meta,
    assignments: r.assignments, active: r.active, createdAt: r.createdAt, createdBy: r.createdBy,
    kind: r.kind === "rehearsal" ? "rehearsal" : "live",
});
const toEvent = (r) => ({
    seq: r.seq, at: r.at, actor: r.actor, action: r.action, runId: r.runId, subject: r.subject,
    before: r.before ?? null, after: r.after ?? null, prevHash: r.prevHash, hash: r.hash,
});
const toUser = (r) => ({ ...r, role: r.role });
const toToken = (r) => ({ ...r, scope: r.scope });
const publicUser = (u) => ({ name: u.name, role: u.role, disabled: u.disabled });
const publicToken = (k) => ({ id: k.id, name: k.name, user: k.userName, scope: k.scope, revoked_at: k.revokedAt });
/** The store over any drizzle PostgreSQL database: the drivers differ only in how they connect. */
export class SqlStore {
    driver;
    db;
    onClose;
    listen;
    outbox;
    constructor(driver, db, onClose) {
        this.driver = driver;
        this.db = db;
        this.onClose = onClose;
        this.outbox = new SqlOutbox(db, (tx, ev) => appendAudit(tx, { ...ev, before: null }));
    }
    enqueue(rows, audit) {
        return this.outbox.enqueue(rows, audit);
    }
    claimOutbox(holder, nowMs, leaseMs, limit) {
        return this.outbox.claimOutbox(holder, nowMs, leaseMs, limit);
    }
    finishDelivery(row, holder, outcome, audit) {
        return this.outbox.finishDelivery(row, holder, outcome, audit);
    }
    postponeDelivery(row, holder, untilMs) {
        return this.outbox.postponeDelivery(row, holder, untilMs);
    }
    countDeliveries(channel, sinceMs) {
        return this.outbox.countDeliveries(channel, sinceMs);
    }
    listOutbox(opts) {
        return this.outbox.listOutbox(opts);
    }
    listDeliveries(outboxIds) {
        return this.outbox.listDeliveries(outboxIds);
    }
    async ping() {
        await this.db.execute(sql `SELECT 1`);
    }
    /** Closes the connection; closing twice is harmless. */
    close() {
        this.closing ??= this.onClose();
        return this.closing;
    }
    closing;
    async putRunbook(rb, change) {
        const hash = createHash("sha256").update(rb.source).digest("hex");
        return this.db.transaction(async (tx) => {
            const [existing] = await tx.select().from(t.runbooks).where(eq(t.runbooks.hash, hash));
            if (existing)
                return existing;
            const row = { hash, runbookId: rb.runbookId, title: rb.title, source: rb.source, createdAt: change.at, createdBy: change.actor };
            const inserted = await tx.insert(t.runbooks).values(row).onConflictDoNothing().returning();
            if (inserted.length) {
                await appendAudit(tx, { at: change.at, actor: change.actor, action: "runbook.upload", runId: null, subject: `runbook:${hash}`, before: null, after: { runbook_id: rb.runbookId, title: rb.title, hash } });
            }
            return row;
        });
    }
    async getRunbook(hash) {
        const [row] = await this.db.select().from(t.runbooks).where(eq(t.runbooks.hash, hash));
        return row;
    }
    listRunbooks() {
        const { source: _s, ...cols } = getTableColumns(t.runbooks);
        return this.db.select(cols).from(t.runbooks).orderBy(asc(t.runbooks.createdAt));
    }
    approveRunbook(hash, change) {
        return approveRunbook(this.db, hash, change);
    }
    getRunbookApproval(hash) {
        return getRunbookApproval(this.db, hash);
    }
    withdrawRunbookApproval(hash, reason, change) {
        return withdrawRunbookApproval(this.db, hash, reason, change);
    }
    getRunbookWithdrawal(hash) {
        return getRunbookWithdrawal(this.db, hash);
    }
    async createRun(run, change) {
        return this.db.transaction(async (tx) => {
            const [rb] = await tx.select({ hash: t.runbooks.hash }).from(t.runbooks).where(eq(t.runbooks.hash, run.runbookHash));
            if (!rb)
                throw new NotFoundError(`runbook '${run.runbookHash}' not found`);
            const row = { ...run, kind: run.kind ?? "live", assignments: run.assignments ?? {}, version: 1, active: true, createdAt: change.at, createdBy: change.actor };
            try {
                await tx.insert(t.runs).values(row);
            }
            catch (e) {
                if (isUniqueViolation(e))
                    throw new DuplicateError(`run '${run.id}' exists`);
                throw e;
            }
            await appendAudit(tx, { at: change.at, actor: change.actor, action: "run.create", runId: run.id, subject: `run:${run.id}`, before: null, after: { name: run.name, kind: row.kind, runbook_hash: run.runbookHash, meta: run.meta, assignments: row.assignments, version: 1 } });
            return row;
        }).catch((e) => {
            // PGlite aborts the whole transaction on the violation; report the duplicate either way.
            if (isUniqueViolation(e))
                throw new DuplicateError(`run '${run.id}' exists`);
            throw e;
        });
    }
    async getRun(id) {
        const [row] = await this.db.select().from(t.runs).where(eq(t.runs.id, id));
        return row && toRun(row);
    }
    async listRuns() {
        return (await this.db.select().from(t.runs).orderBy(asc(t.runs.createdAt), asc(t.runs.id))).map(toRun);
    }
    async updateRun(id, patch, opts) {
        return this.db.transaction(async (tx) => {
            const version = await bumpVersion(tx, id, opts.expectedVersion);
            const [prev] = await tx.select().from(t.runs).where(eq(t.runs.id, id));
            if (!prev)
                throw new NotFoundError(`run '${id}' not found`);
            const before = {};
            const after = {};
            const set = {};
            for (const key of ["name", "meta", "assignments", "active"]) {
                if (patch[key] === undefined)
                    continue;
                before[key] = prev[key];
                after[key] = patch[key];
                set[key] = patch[key];
            }
            const [row] = await tx.update(t.runs).set(set).where(eq(t.runs.id, id)).returning();
            const event = await appendAudit(tx, { at: opts.at, actor: opts.actor, action: "run.update", runId: id, subject: `run:${id}`, before, after: { ...after, version } });
            return { version, event, run: toRun(row ?? prev) };
        });
    }
    async loadFacts(runId) {
        const state = await this.loadRunState(runId);
        if (!state)
            return undefined;
        const fold = new FactFold(state.snapshot);
        for (const f of state.tail)
            fold.apply(f);
        const lists = fold.view();
        return { run: state.run, facts: factsOf(state.run, lists, lists.checks) };
    }
    loadRunState(runId, afterVersion) {
        return loadRunState(this.db, runId, toRun, afterVersion);
    }
    putSnapshot(runId, point, opts) {
        return putSnapshot(this.db, runId, point, opts);
    }
    async appendFact(runId, fact, opts) {
        return this.db.transaction((tx) => appendFactTx(tx, runId, fact, opts));
    }
    recordSamples(runId, list, change) {
        return samples.recordSamples(this.db, runId, list, change);
    }
    async loadSegments(runId) {
        return (await samples.segmentsSince(this.db, runId, -1)).segments;
    }
    segmentsSince(runId, after) {
        return samples.segmentsSince(this.db, runId, after);
    }
    /** PGlite holds its data directory's lock: this process is its only writer. */
    get exclusive() {
        return this.driver === "pglite";
    }
    lastSegment(runId, checkId) {
        return samples.lastSegment(this.db, runId, checkId);
    }
    sampleHistory(runId, check, q) {
        return samples.sampleHistory(this.db, runId, check, q);
    }
    async rollupSamples(runId, nowMs, keep) {
        if ((await samples.rollupSamples(this.db, runId, nowMs, keep)) > 0)
            await samples.reclaimSamples(this.db, this.driver);
    }
    async listAudit(opts) {
        const conds = [gt(t.audit.seq, opts.afterSeq ?? 0)];
        if (opts.runId !== undefined)
            conds.push(eq(t.audit.runId, opts.runId));
        const rows = await this.db.select().from(t.audit).where(and(...conds)).orderBy(asc(t.audit.seq)).limit(opts.limit ?? 1000);
        return rows.map(toEvent);
    }
    async auditHead() {
        const [head] = await this.db.select().from(t.auditHead).where(eq(t.auditHead.id, 1));
        if (!head)
            throw new Error("audit head row missing: the database was not migrated");
        return { seq: head.seq, hash: head.hash };
    }
    async createUser(user, change) {
        const row = { ...user, createdAt: change.at };
        return this.db.transaction(async (tx) => {
            const inserted = await tx.insert(t.users).values(row).onConflictDoNothing().returning();
            if (!inserted.length)
                throw new DuplicateError(`user '${user.name}' exists`);
            await appendAudit(tx, { at: change.at, actor: change.actor, action: "user.create", runId: null, subject: `user:${user.name}`, before: null, after: publicUser(row) });
            return row;
        });
    }
    async getUser(name) {
        const [row] = await this.db.select().from(t.users).where(eq(t.users.name, name));
        return row && toUser(row);
    }
    async listUsers() {
        return (await this.db.select().from(t.users).orderBy(asc(t.users.name))).map(toUser);
    }
    async updateUser(name, patch, change) {
        return this.db.transaction(async (tx) => {
            const [prev] = await tx.select().from(t.users).where(eq(t.users.name, name)).for("update");
            if (!prev)
                throw new NotFoundError(`user '${name}' not found`);
            const [row] = await tx.update(t.users).set(patch).where(eq(t.users.name, name)).returning();
            const next = toUser(row ?? prev);
            const after = { ...publicUser(next), ...(patch.passwordHash ? { password: "changed" } : {}) };
            await appendAudit(tx, { at: change.at, actor: change.actor, action: "user.update", runId: null, subject: `user:${name}`, before: publicUser(toUser(prev)), after });
            if (patch.passwordHash || patch.disabled)
                await tx.delete(t.sessions).where(eq(t.sessions.userName, name));
            return next;
        });
    }
    async countUsers() {
        const [row] = await this.db.select({ n: sql `count(*)::int` }).from(t.users);
        return Number(row?.n ?? 0);
    }
    async createSession(s) {
        await this.db.insert(t.sessions).values(s);
    }
    async getSession(idHash) {
        const [row] = await this.db.select().from(t.sessions).where(eq(t.sessions.idHash, idHash));
        return row;
    }
    async deleteSession(idHash) {
        await this.db.delete(t.sessions).where(eq(t.sessions.idHash, idHash));
    }
    async createToken(k, change) {
        const row = { ...k, revokedAt: null };
        return this.db.transaction(async (tx) => {
            await tx.insert(t.tokens).values(row);
            await appendAudit(tx, { at: change.at, actor: change.actor, action: "token.create", runId: null, subject: `token:${k.id}`, before: null, after: publicToken(row) });
            return row;
        });
    }
    async getToken(id) {
        const [row] = await this.db.select().from(t.tokens).where(eq(t.tokens.id, id));
        return row && toToken(row);
    }
    async listTokens(userName) {
        const q = this.db.select().from(t.tokens);
        const rows = await (userName === undefined ? q : q.where(eq(t.tokens.userName, userName))).orderBy(asc(t.tokens.createdAt));
        return rows.map(toToken);
    }
    async revokeToken(id, change) {
        return this.db.transaction(async (tx) => {
            const [prev] = await tx.select().from(t.tokens).where(eq(t.tokens.id, id)).for("update");
            if (!prev)
                throw new NotFoundError(`token '${id}' not found`);
            if (prev.revokedAt)
                return toToken(prev);
            const [row] = await tx.update(t.tokens).set({ revokedAt: change.at }).where(eq(t.tokens.id, id)).returning();
            const next = toToken(row ?? prev);
            await appendAudit(tx, { at: change.at, actor: change.actor, action: "token.revoke", runId: null, subject: `token:${id}`, before: publicToken(toToken(prev)), after: publicToken(next) });
            return next;
        });
    }
    async putFile(f) {
        await this.db.insert(t.files).values(f).onConflictDoNothing();
    }
    async getFile(sha256) {
        const [row] = await this.db.select().from(t.files).where(eq(t.files.sha256, sha256));
        return row;
    }
    async tryLease(name, holder, nowMs, ttlMs) {
        const rows = await this.db.insert(t.leases).values({ name, holder, expiresAt: nowMs + ttlMs })
            .onConflictDoUpdate({
            target: t.leases.name,
            set: { holder, expiresAt: nowMs + ttlMs },
            setWhere: or(eq(t.leases.holder, holder), lt(t.leases.expiresAt, nowMs)),
        })
            .returning({ holder: t.leases.holder });
        return rows[0]?.holder === holder;
    }
    async releaseLease(name, holder) {
        await this.db.delete(t.leases).where(and(eq(t.leases.name, name), eq(t.leases.holder, holder)));
    }
}
