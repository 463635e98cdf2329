import { eq } from "drizzle-orm";
import * as t from "./schema.js";
import { appendAudit } from "./sql-tx.js";
import { NotFoundError } from "./store.js";
// Approvals of runbook texts: one row per approved content hash, written with its audit event in
// one transaction. An approval is never edited (a changed runbook is another hash); an admin may
// withdraw it: the row goes, the audit event keeps whose approval it was, and the last withdrawal
// of each text is kept beside it for the dashboard.
/** Approves the runbook `hash` (the first approval stands; a repeat records nothing). */
export async function approveRunbook(db, hash, change) {
    return db.transaction(async (tx) => {
        const [rb] = await tx.select({ hash: t.runbooks.hash, runbookId: t.runbooks.runbookId, title: t.runbooks.title }).from(t.runbooks).where(eq(t.runbooks.hash, hash));
        if (!rb)
            throw new NotFoundError(`runbook '${hash}' not found`);
        const row = { runbookHash: hash, approvedBy: change.actor, approvedAt: change.at };
        const inserted = await tx.insert(t.runbookApprovals).values(row).onConflictDoNothing().returning();
        if (inserted.length === 0) {
            const [existing] = await tx.select().from(t.runbookApprovals).where(eq(t.runbookApprovals.runbookHash, hash));
            if (!existing)
                throw new Error(`approval of runbook '${hash}' vanished`);
            return { approval: existing, created: false };
        }
        await appendAudit(tx, {
            at: change.at, actor: change.actor, action: "runbook.approve", runId: null, subject: `runbook:${hash}`,
            before: null, after: { runbook_id: rb.runbookId, title: rb.title, hash, approved_by: change.actor, approved_at: change.at },
        });
        return { approval: row, created: true };
    });
}
/** Withdraws the approval of the runbook `hash`; undefined when it has none (nothing recorded). */
export async function withdrawRunbookApproval(db, hash, reason, change) {
    return db.transaction(async (tx) => {
        const [rb] = await tx.select({ runbookId: t.runbooks.runbookId, title: t.runbooks.title }).from(t.runbooks).where(eq(t.runbooks.hash, hash));
        if (!rb)
            throw new NotFoundError(`runbook '${hash}' not found`);
        // The delete takes the row's lock: a concurrent approval or withdrawal waits, then sees this one.
        const [gone] = await tx.delete(t.runbookApprovals).where(eq(t.runbookApprovals.runbookHash, hash)).returning();
        if (!gone)
            return undefined;
        const row = { runbookHash: hash, withdrawnBy: change.actor, withdrawnAt: change.at, reason, approvedBy: gone.approvedBy, approvedAt: gone.approvedAt };
        const { runbookHash: _h, ...rest } = row;
        await tx.insert(t.runbookWithdrawals).values(row).onConflictDoUpdate({ target: t.runbookWithdrawals.runbookHash, set: rest });
        await appendAudit(tx, {
            at: change.at, actor: change.actor, action: "runbook.approval_withdraw", runId: null, subject: `runbook:${hash}`,
            before: { hash, approved_by: gone.approvedBy, approved_at: gone.approvedAt },
            after: { runbook_id: rb.runbookId, title: rb.title, hash, withdrawn_by: change.actor, withdrawn_at: change.at, reason },
        });
        return row;
    });
}
/** The last withdrawal of the runbook `hash`'s approval, if any. */
export async function getRunbookWithdrawal(db, hash) {
    const [row] = await db.select().from(t.runbookWithdrawals).where(eq(t.runbookWithdrawals.runbookHash, hash));
    return row;
}
/** The approval of the runbook `hash`, if an admin gave one. */
export async function getRunbookApproval(db, hash) {
    const [row] = await db.select().from(t.runbookApprovals).where(eq(t.runbookApprovals.runbookHash, hash));
    return row;
}
