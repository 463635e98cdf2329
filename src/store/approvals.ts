import { eq } from "drizzle-orm";
import * as t from "./schema.ts";
import { appendAudit, type Db } from "./sql-tx.ts";
import { NotFoundError, type Change, type RunbookApproval } from "./store.ts";

// Approvals of runbook texts: one row per approved content hash, written with its audit event in
// one transaction. An approval is never edited or withdrawn here: a changed runbook is another hash.

/** Approves the runbook `hash` (the first approval stands; a repeat records nothing). */
export async function approveRunbook(db: Db, hash: string, change: Change): Promise<{ approval: RunbookApproval; created: boolean }> {
  return db.transaction(async (tx) => {
    const [rb] = await tx.select({ hash: t.runbooks.hash, runbookId: t.runbooks.runbookId, title: t.runbooks.title }).from(t.runbooks).where(eq(t.runbooks.hash, hash));
    if (!rb) throw new NotFoundError(`runbook '${hash}' not found`);
    const row: RunbookApproval = { runbookHash: hash, approvedBy: change.actor, approvedAt: change.at };
    const inserted = await tx.insert(t.runbookApprovals).values(row).onConflictDoNothing().returning();
    if (inserted.length === 0) {
      const [existing] = await tx.select().from(t.runbookApprovals).where(eq(t.runbookApprovals.runbookHash, hash));
      if (!existing) throw new Error(`approval of runbook '${hash}' vanished`);
      return { approval: existing, created: false };
    }
    await appendAudit(tx, {
      at: change.at, actor: change.actor, action: "runbook.approve", runId: null, subject: `runbook:${hash}`,
      before: null, after: { runbook_id: rb.runbookId, title: rb.title, hash, approved_by: change.actor, approved_at: change.at },
    });
    return { approval: row, created: true };
  });
}

/** The approval of the runbook `hash`, if an admin gave one. */
export async function getRunbookApproval(db: Db, hash: string): Promise<RunbookApproval | undefined> {
  const [row] = await db.select().from(t.runbookApprovals).where(eq(t.runbookApprovals.runbookHash, hash));
  return row;
}
