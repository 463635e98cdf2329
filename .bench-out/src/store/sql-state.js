import { and, asc, eq, gt, lte } from "drizzle-orm";
import { CHAIN_GENESIS, pointHash } from "./fact-fold.js";
import * as t from "./schema.js";
const factCols = { version: t.facts.version, kind: t.facts.kind, data: t.facts.data, chain: t.facts.chain };
/** See Store.loadRunState. */
export function loadRunState(db, runId, toRun, afterVersion) {
    return db.transaction(async (tx) => {
        const [row] = await tx.select().from(t.runs).where(eq(t.runs.id, runId));
        if (!row)
            return undefined;
        const run = toRun(row);
        let snapshot;
        let rejected;
        let after = afterVersion ?? 0;
        if (afterVersion === undefined) {
            const [snap] = await tx.select().from(t.snapshots).where(eq(t.snapshots.runId, runId));
            if (snap) {
                const point = { version: snap.version, chain: snap.chain, lists: snap.lists };
                rejected = await snapshotFault(tx, runId, point, snap.hash, run.version);
                if (!rejected) {
                    snapshot = point;
                    after = point.version;
                }
            }
        }
        const tail = await tx.select(factCols).from(t.facts).where(and(eq(t.facts.runId, runId), gt(t.facts.version, after))).orderBy(asc(t.facts.version));
        return { run, ...(snapshot ? { snapshot } : {}), ...(rejected ? { rejected } : {}), tail: tail };
    });
}
/** Why a snapshot cannot be used (torn or altered content, or a log that does not lead to it), or undefined. */
async function snapshotFault(tx, runId, p, hash, runVersion) {
    if (pointHash(runId, p) !== hash)
        return `snapshot at version ${p.version} does not match its hash (torn or altered)`;
    if (p.version > runVersion)
        return `snapshot at version ${p.version} is ahead of the run (version ${runVersion})`;
    // The log's own link at the snapshot's last fact must be the snapshot's: same history.
    const [at] = await tx.select({ chain: t.facts.chain }).from(t.facts).where(and(eq(t.facts.runId, runId), eq(t.facts.version, p.version)));
    const expected = p.version === 0 ? CHAIN_GENESIS : at?.chain;
    if (expected !== p.chain)
        return `snapshot at version ${p.version} does not match the fact log's chain`;
    return undefined;
}
/** See Store.putSnapshot: kept only if newer than the one stored. */
export async function putSnapshot(db, runId, p, opts = {}) {
    const row = { runId, version: p.version, chain: p.chain, lists: p.lists, hash: pointHash(runId, p) };
    await db.insert(t.snapshots).values(row).onConflictDoUpdate({
        target: t.snapshots.runId,
        set: { version: row.version, chain: row.chain, lists: row.lists, hash: row.hash },
        // Never back to an older point, unless it replaces a bad one (rebuilt from the log).
        ...(opts.replace ? {} : { setWhere: lte(t.snapshots.version, row.version) }),
    });
}
