import { and, asc, eq, gt, lte } from "drizzle-orm";
import { CHAIN_GENESIS, pointHash, type FactLists, type FoldPoint, type StoredFact } from "./fact-fold.ts";
import * as t from "./schema.ts";
import type { Db } from "./sql-tx.ts";
import type { RunRecord, RunState } from "./store.ts";

// A run's fact log read for the incremental fold: a verified snapshot and the facts after it,
// or only the facts after a version the reader holds already.

type RunRow = typeof t.runs.$inferSelect;

const factCols = { version: t.facts.version, kind: t.facts.kind, data: t.facts.data, chain: t.facts.chain };

/** See Store.loadRunState. */
export function loadRunState(db: Db, runId: string, toRun: (r: RunRow) => RunRecord, afterVersion?: number): Promise<RunState | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(t.runs).where(eq(t.runs.id, runId));
    if (!row) return undefined;
    const run = toRun(row);
    let snapshot: FoldPoint | undefined;
    let rejected: string | undefined;
    let after = afterVersion ?? 0;
    if (afterVersion === undefined) {
      const [snap] = await tx.select().from(t.snapshots).where(eq(t.snapshots.runId, runId));
      if (snap) {
        const point: FoldPoint = { version: snap.version, chain: snap.chain, lists: snap.lists as FactLists };
        rejected = await snapshotFault(tx, runId, point, snap.hash, run.version);
        if (!rejected) {
          snapshot = point;
          after = point.version;
        }
      }
    }
    const tail = await tx.select(factCols).from(t.facts).where(and(eq(t.facts.runId, runId), gt(t.facts.version, after))).orderBy(asc(t.facts.version));
    return { run, ...(snapshot ? { snapshot } : {}), ...(rejected ? { rejected } : {}), tail: tail as StoredFact[] };
  });
}

/** Why a snapshot cannot be used (torn or altered content, or a log that does not lead to it), or undefined. */
async function snapshotFault(tx: Db, runId: string, p: FoldPoint, hash: string, runVersion: number): Promise<string | undefined> {
  if (pointHash(runId, p) !== hash) return `snapshot at version ${p.version} does not match its hash (torn or altered)`;
  if (p.version > runVersion) return `snapshot at version ${p.version} is ahead of the run (version ${runVersion})`;
  // The log's own link at the snapshot's last fact must be the snapshot's: same history.
  const [at] = await tx.select({ chain: t.facts.chain }).from(t.facts).where(and(eq(t.facts.runId, runId), eq(t.facts.version, p.version)));
  const expected = p.version === 0 ? CHAIN_GENESIS : at?.chain;
  if (expected !== p.chain) return `snapshot at version ${p.version} does not match the fact log's chain`;
  return undefined;
}

/** See Store.putSnapshot: kept only if newer than the one stored. */
export async function putSnapshot(db: Db, runId: string, p: FoldPoint, opts: { replace?: boolean } = {}): Promise<void> {
  const row = { runId, version: p.version, chain: p.chain, lists: p.lists, hash: pointHash(runId, p) };
  await db.insert(t.snapshots).values(row).onConflictDoUpdate({
    target: t.snapshots.runId,
    set: { version: row.version, chain: row.chain, lists: row.lists, hash: row.hash },
    // Never back to an older point, unless it replaces a bad one (rebuilt from the log).
    ...(opts.replace ? {} : { setWhere: lte(t.snapshots.version, row.version) }),
  });
}
