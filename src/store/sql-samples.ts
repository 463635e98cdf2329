import { and, asc, desc, eq, gt, gte, inArray, lt, sql } from "drizzle-orm";
import type { CheckResultFact } from "../core/model/facts.ts";
import { foldSample, type Segment } from "../core/samples/summary.ts";
import * as t from "./schema.ts";
import { appendFactTx, type Db } from "./sql-tx.ts";
import { NotFoundError, type Change, type RecordedSamples, type SampleBucket, type SampleWidth } from "./store.ts";

// Check samples: a time series beside the fact log. A round of samples is one transaction: the
// raw rows, each check's last summary segment, and a fact only where the outcome changed.

const WIDTH_MS: Record<SampleWidth, number> = { "1m": 60_000, "1h": 3_600_000 };
const HOUR = 3_600_000;

const toSegment = (r: typeof t.segments.$inferSelect): Segment => ({
  check: r.checkId, seq: r.seq, outcome: r.outcome as Segment["outcome"], count: r.count, first: r.first as CheckResultFact, last: r.last as CheckResultFact,
});

/** See Store.recordSamples. */
export function recordSamples(db: Db, runId: string, samples: readonly CheckResultFact[], change: Change): Promise<RecordedSamples> {
  return db.transaction(async (tx) => {
    // The row lock orders this round with the run's other writes (decisions move decided_at).
    const [run] = await tx.select({ version: t.runs.version, decidedAt: t.runs.decidedAt }).from(t.runs).where(eq(t.runs.id, runId)).for("update");
    if (!run) throw new NotFoundError(`run '${runId}' not found`);
    const checks = [...new Set(samples.map((s) => s.check))];
    const tails = new Map<string, Segment>();
    if (checks.length) {
      const rows = await tx.selectDistinctOn([t.segments.checkId]).from(t.segments)
        .where(and(eq(t.segments.runId, runId), inArray(t.segments.checkId, checks)))
        .orderBy(asc(t.segments.checkId), desc(t.segments.seq));
      for (const r of rows) tails.set(r.checkId, toSegment(r));
    }
    const changed: CheckResultFact[] = [];
    let position = -1;
    const touched = new Map<string, Segment>();
    for (const s of samples) {
      const r = foldSample(tails.get(s.check), s, run.decidedAt);
      tails.set(s.check, r.segment);
      touched.set(`${s.check}\u0000${r.segment.seq}`, r.segment);
      if (r.outcomeChanged) changed.push(s);
    }
    if (samples.length) {
      await tx.insert(t.samples).values(samples.map((s) => ({ runId, checkId: s.check, at: Date.parse(s.at), outcome: s.outcome, durationMs: s.duration_ms, data: s })));
      // The position is taken under the run's row lock (above): one run's positions commit in order.
      const written = await tx.insert(t.segments)
        .values([...touched.values()].map((g) => ({ runId, checkId: g.check, seq: g.seq, outcome: g.outcome, count: g.count, first: g.first, last: g.last, touched: sql`nextval('golive_segment_touch')` })))
        .onConflictDoUpdate({ target: [t.segments.runId, t.segments.checkId, t.segments.seq], set: { count: sql`excluded.count`, last: sql`excluded.last`, touched: sql`excluded.touched` } })
        .returning({ touched: t.segments.touched });
      for (const w of written) position = Math.max(position, w.touched);
    }
    const facts: RecordedSamples["facts"] = [];
    for (const s of changed) {
      facts.push({ ...(await appendFactTx(tx, runId, { kind: "check", data: s }, { ...change, action: "check.result", subject: `check:${s.check}` })), data: s });
    }
    return { version: facts.at(-1)?.version ?? run.version, facts, segments: [...tails.values()], touched: position };
  });
}

/** See Store.lastSegment. */
export async function lastSegment(db: Db, runId: string, checkId: string): Promise<Segment | undefined> {
  const rows = await db.select().from(t.segments).where(and(eq(t.segments.runId, runId), eq(t.segments.checkId, checkId))).orderBy(desc(t.segments.seq)).limit(1);
  return rows[0] ? toSegment(rows[0]) : undefined;
}

/** See Store.segmentsSince (`after` -1: every segment). */
export async function segmentsSince(db: Db, runId: string, after: number): Promise<{ segments: Segment[]; touched: number }> {
  const rows = await db.select().from(t.segments).where(and(eq(t.segments.runId, runId), gt(t.segments.touched, after))).orderBy(asc(t.segments.checkId), asc(t.segments.seq));
  let touched = after;
  for (const r of rows) touched = Math.max(touched, r.touched);
  return { segments: rows.map(toSegment), touched };
}

// The width is inlined (a constant of ours, not input) so GROUP BY matches the selected expression.
const bucketSql = (width: SampleWidth) => sql<number>`(${t.samples.at} / ${sql.raw(String(WIDTH_MS[width]))}) * ${sql.raw(String(WIDTH_MS[width]))}`;

/** Raw samples of [fromMs, toMs) grouped into buckets, as the aggregates would hold them. */
function rawBuckets(db: Db, runId: string, check: string | undefined, fromMs: number, toMs: number, width: SampleWidth) {
  const bucket = bucketSql(width);
  const conds = [eq(t.samples.runId, runId), gte(t.samples.at, fromMs), lt(t.samples.at, toMs)];
  if (check !== undefined) conds.push(eq(t.samples.checkId, check));
  return db.select({
    checkId: t.samples.checkId,
    start: sql<string>`${bucket}`.mapWith(Number),
    n: sql<string>`count(*)`.mapWith(Number),
    pass: sql<string>`count(*) FILTER (WHERE ${t.samples.outcome} = 'pass')`.mapWith(Number),
    fail: sql<string>`count(*) FILTER (WHERE ${t.samples.outcome} = 'fail')`.mapWith(Number),
    inconclusive: sql<string>`count(*) FILTER (WHERE ${t.samples.outcome} = 'inconclusive')`.mapWith(Number),
    error: sql<string>`count(*) FILTER (WHERE ${t.samples.outcome} = 'error')`.mapWith(Number),
    durSum: sql<string>`coalesce(sum(${t.samples.durationMs}), 0)`.mapWith(Number),
    durMax: sql<string>`coalesce(max(${t.samples.durationMs}), 0)`.mapWith(Number),
  }).from(t.samples).where(and(...conds)).groupBy(t.samples.checkId, bucket).orderBy(bucket);
}

/** See Store.sampleHistory. */
export async function sampleHistory(db: Db, runId: string, check: string, q: { fromMs: number; toMs: number; width: SampleWidth }): Promise<SampleBucket[]> {
  const [run] = await db.select({ rolledUntil: t.runs.rolledUntil }).from(t.runs).where(eq(t.runs.id, runId));
  if (!run) throw new NotFoundError(`run '${runId}' not found`);
  const w = WIDTH_MS[q.width];
  const from = Math.floor(q.fromMs / w) * w;
  const split = Math.max(from, Math.min(q.toMs, run.rolledUntil));
  const agg = split > from
    ? await db.select().from(t.sampleAgg)
      .where(and(eq(t.sampleAgg.runId, runId), eq(t.sampleAgg.checkId, check), eq(t.sampleAgg.width, q.width), gte(t.sampleAgg.start, from), lt(t.sampleAgg.start, split)))
      .orderBy(asc(t.sampleAgg.start))
    : [];
  const raw = q.toMs > split ? await rawBuckets(db, runId, check, split, q.toMs, q.width) : [];
  const pick = (r: SampleBucket): SampleBucket => ({ start: r.start, n: r.n, pass: r.pass, fail: r.fail, inconclusive: r.inconclusive, error: r.error, durSum: r.durSum, durMax: r.durMax });
  return [...agg.map(pick), ...raw.map(pick)];
}

/** See Store.rollupSamples; answers how many raw samples and minute rows it deleted. */
export async function rollupSamples(db: Db, runId: string, nowMs: number, keep: { rawMs: number; minuteMs: number }): Promise<number> {
  return db.transaction(async (tx) => {
    const [run] = await tx.select({ rolledUntil: t.runs.rolledUntil }).from(t.runs).where(eq(t.runs.id, runId)).for("update");
    if (!run) throw new NotFoundError(`run '${runId}' not found`);
    const until = Math.floor(nowMs / HOUR) * HOUR;
    if (until > run.rolledUntil) {
      // From the first sample not yet aggregated (a run that starts late skips the empty hours).
      const [first] = await tx.select({ at: sql<string>`min(${t.samples.at})`.mapWith(Number) }).from(t.samples)
        .where(and(eq(t.samples.runId, runId), gte(t.samples.at, run.rolledUntil), lt(t.samples.at, until)));
      if (first?.at !== undefined && first.at !== null && !Number.isNaN(first.at)) {
        for (const width of ["1m", "1h"] as const) {
          const rows = await rawBuckets(tx, runId, undefined, first.at, until, width);
          for (let i = 0; i < rows.length; i += 1000) {
            await tx.insert(t.sampleAgg).values(rows.slice(i, i + 1000).map((r) => ({ ...r, runId, width })));
          }
        }
      }
      await tx.update(t.runs).set({ rolledUntil: until }).where(eq(t.runs.id, runId));
    }
    // Raw samples go only once aggregated; the summary segments keep what the engine needs.
    const rawBefore = Math.min(until, nowMs - keep.rawMs);
    const raw = await tx.delete(t.samples).where(and(eq(t.samples.runId, runId), lt(t.samples.at, rawBefore))).returning({ at: t.samples.at });
    const minutes = await tx.delete(t.sampleAgg).where(and(eq(t.sampleAgg.runId, runId), eq(t.sampleAgg.width, "1m"), lt(t.sampleAgg.start, nowMs - keep.minuteMs))).returning({ start: t.sampleAgg.start });
    return raw.length + minutes.length;
  });
}

/**
 * Makes the space of deleted samples reusable (VACUUM: PGlite runs no autovacuum, so without it
 * the table only grows) and, on PGlite, writes a checkpoint so its WAL is recycled (it runs no
 * checkpointer either: the WAL grew to hundreds of MB in the long-run bench, and a restart after
 * a crash replays all of it). PostgreSQL's own processes do both there; the VACUUM is harmless.
 */
export async function reclaimSamples(db: Db, driver: "pglite" | "postgres"): Promise<void> {
  await db.execute(sql`VACUUM golive_samples`);
  await db.execute(sql`VACUUM golive_sample_agg`);
  // Every round rewrites each sampled check's last segment.
  await db.execute(sql`VACUUM golive_segments`);
  if (driver === "pglite") await db.execute(sql`CHECKPOINT`);
}
