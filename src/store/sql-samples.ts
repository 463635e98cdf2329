import { and, asc, desc, eq, gt, gte, inArray, lt, sql } from "drizzle-orm";
import type { CheckResultFact } from "../core/model/facts.ts";
import { foldLateSample, foldSample, isLate, putSegment, type Segment } from "../core/samples/summary.ts";
import * as t from "./schema.ts";
import { foldLate, rawSamples } from "./sql-late-samples.ts";
import { appendFactTx, type Db } from "./sql-tx.ts";
import { NotFoundError, type Change, type RecordedSamples, type SampleBucket, type SampleWidth } from "./store.ts";

// Check samples: a time series beside the fact log. A round of samples is one transaction: the
// raw rows (and a late sample's aggregates, see sql-late-samples.ts), each check's summary
// segments it changed, and a fact only where the check's latest outcome changed.

const WIDTH_MS: Record<SampleWidth, number> = { "1m": 60_000, "1h": 3_600_000 };
const HOUR = 3_600_000;
const MINUTE = 60_000;
/**
 * An hour is aggregated this long after it ends: a sample's time is when its check started, and a
 * round is recorded when its slowest check ends, so samples of an hour keep arriving after it.
 */
const LATE_MS = 15 * MINUTE;

const toSegment = (r: typeof t.segments.$inferSelect): Segment => ({
  check: r.checkId, seq: r.seq, outcome: r.outcome as Segment["outcome"], count: r.count, first: r.first as CheckResultFact, last: r.last as CheckResultFact,
});

/** What a raw sample's columns do not hold (its conditions, error, values), or null when nothing. */
function sampleDetail(s: CheckResultFact): Record<string, unknown> | null {
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === "check" || k === "outcome" || k === "at" || k === "duration_ms" || v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    rest[k] = v;
  }
  return Object.keys(rest).length ? rest : null;
}

/** A check's whole summary, by seq (read only for a late sample: see foldLateSample). */
async function checkSegments(tx: Db, runId: string, checkId: string): Promise<Segment[]> {
  const rows = await tx.select().from(t.segments).where(and(eq(t.segments.runId, runId), eq(t.segments.checkId, checkId))).orderBy(asc(t.segments.seq));
  return rows.map(toSegment);
}

/** See Store.recordSamples. */
export function recordSamples(db: Db, runId: string, samples: readonly CheckResultFact[], change: Change): Promise<RecordedSamples> {
  return db.transaction(async (tx) => {
    // The row lock orders this round with the run's other writes (decisions move decided_at) and
    // with its downsampling (rolled_until, minutes_until and minutes_from stay as read here).
    const [run] = await tx.select({ version: t.runs.version, decidedAt: t.runs.decidedAt, rolledUntil: t.runs.rolledUntil, minutesUntil: t.runs.minutesUntil, minutesFrom: t.runs.minutesFrom })
      .from(t.runs).where(eq(t.runs.id, runId)).for("update");
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
    // The whole summaries of the checks a late sample came for, kept up to date through the round.
    const whole = new Map<string, Segment[]>();
    const put = (g: Segment) => {
      touched.set(`${g.check}\u0000${g.seq}`, g);
      if (g.seq >= 0) tails.set(g.check, g);
      const list = whole.get(g.check);
      if (list) putSegment(list, g);
    };
    for (const s of samples) {
      const tail = tails.get(s.check);
      if (isLate(tail, s)) {
        let list = whole.get(s.check);
        if (!list) {
          whole.set(s.check, (list = await checkSegments(tx, runId, s.check)));
          for (const g of touched.values()) if (g.check === s.check) putSegment(list, g);
        }
        for (const g of foldLateSample(list, s)) put(g);
        continue;
      }
      const r = foldSample(tail, s, run.decidedAt);
      put(r.segment);
      if (r.outcomeChanged) changed.push(s);
    }
    if (samples.length) {
      const raw = rawSamples(samples, run);
      if (raw.length) await tx.insert(t.samples).values(raw.map((s) => ({ runId, checkId: s.check, at: Date.parse(s.at), outcome: s.outcome, durationMs: s.duration_ms, data: sampleDetail(s) })));
      if (samples.some((s) => Date.parse(s.at) < run.rolledUntil)) await foldLate(tx, runId, samples, run);
      // The position is taken under the run's row lock (above): one run's positions commit in order.
      const written = await tx.insert(t.segments)
        .values([...touched.values()].map((g) => ({ runId, checkId: g.check, seq: g.seq, outcome: g.outcome, count: g.count, first: g.first, last: g.last, touched: sql`nextval('golive_segment_touch')` })))
        .onConflictDoUpdate({ target: [t.segments.runId, t.segments.checkId, t.segments.seq], set: {
          // Only a late mark's first sample moves; an unchanged value keeps its stored copy.
          count: sql`excluded.count`, first: sql`CASE WHEN excluded.seq < 0 THEN excluded.first ELSE golive_segments.first END`, last: sql`excluded.last`, touched: sql`excluded.touched`,
        } })
        .returning({ touched: t.segments.touched });
      for (const w of written) position = Math.max(position, w.touched);
    }
    const facts: RecordedSamples["facts"] = [];
    for (const s of changed) {
      facts.push({ ...(await appendFactTx(tx, runId, { kind: "check", data: s }, { ...change, action: "check.result", subject: `check:${s.check}` })), data: s });
    }
    return { version: facts.at(-1)?.version ?? run.version, facts, segments: [...touched.values()], touched: position };
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

const COLS = "run_id, check_id";
// Bucket expressions inline their constants (ours, not input): GROUP BY must match the SELECT's.
const HOUR_OF = sql.raw(`at / ${HOUR} * ${HOUR}`);
const MINUTE_OF = sql.raw(`(at % ${HOUR} / ${MINUTE})::smallint`);
const OUTCOMES = sql.raw(["pass", "fail", "inconclusive", "error"].map((o) => `count(*) FILTER (WHERE outcome = '${o}')::integer AS ${o}`).join(", "));

/** Raw samples of [fromMs, toMs) grouped into buckets, as the aggregates would hold them. */
function rawBuckets(db: Db, runId: string, check: string, fromMs: number, toMs: number, width: SampleWidth) {
  const w = WIDTH_MS[width];
  const bucket = sql<number>`(${t.samples.at} / ${sql.raw(String(w))}) * ${sql.raw(String(w))}`;
  return db.select({
    start: sql<string>`${bucket}`.mapWith(Number),
    n: sql<string>`count(*)`.mapWith(Number),
    pass: sql<string>`count(*) FILTER (WHERE ${t.samples.outcome} = 'pass')`.mapWith(Number),
    fail: sql<string>`count(*) FILTER (WHERE ${t.samples.outcome} = 'fail')`.mapWith(Number),
    inconclusive: sql<string>`count(*) FILTER (WHERE ${t.samples.outcome} = 'inconclusive')`.mapWith(Number),
    error: sql<string>`count(*) FILTER (WHERE ${t.samples.outcome} = 'error')`.mapWith(Number),
    durSum: sql<string>`coalesce(sum(${t.samples.durationMs}), 0)`.mapWith(Number),
    durMax: sql<string>`coalesce(max(${t.samples.durationMs}), 0)`.mapWith(Number),
  }).from(t.samples)
    .where(and(eq(t.samples.runId, runId), eq(t.samples.checkId, check), gte(t.samples.at, fromMs), lt(t.samples.at, toMs)))
    .groupBy(bucket).orderBy(bucket);
}

/** A check's minutes of [fromMs, toMs) from the hour rows that hold them side by side. */
async function packedMinutes(db: Db, runId: string, check: string, fromMs: number, toMs: number): Promise<SampleBucket[]> {
  const result: unknown = await db.execute(sql`
    SELECT m.hour + u.minute * ${sql.raw(String(MINUTE))} AS start, u.pass, u.fail, u.inconclusive, u.error, u.dur_sum, u.dur_max
    FROM golive_sample_minutes m,
      unnest(m.minute, m.pass, m.fail, m.inconclusive, m.error, m.dur_sum, m.dur_max) AS u(minute, pass, fail, inconclusive, error, dur_sum, dur_max)
    WHERE m.run_id = ${runId} AND m.check_id = ${check} AND m.hour > ${fromMs - HOUR} AND m.hour < ${toMs}
      AND m.hour + u.minute * ${sql.raw(String(MINUTE))} >= ${fromMs} AND m.hour + u.minute * ${sql.raw(String(MINUTE))} < ${toMs}
    ORDER BY m.hour, u.minute`);
  // Both drivers answer `{ rows }`; bigint comes back as a string from one, a number from the other.
  return (result as { rows: Record<string, unknown>[] }).rows.map((r) => {
    const [pass, fail, inconclusive, error] = [Number(r.pass), Number(r.fail), Number(r.inconclusive), Number(r.error)];
    return { start: Number(r.start), n: pass + fail + inconclusive + error, pass, fail, inconclusive, error, durSum: Number(r.dur_sum), durMax: Number(r.dur_max) };
  });
}

/** See Store.sampleHistory. */
export async function sampleHistory(db: Db, runId: string, check: string, q: { fromMs: number; toMs: number; width: SampleWidth }): Promise<SampleBucket[]> {
  const [run] = await db.select({ rolledUntil: t.runs.rolledUntil, minutesUntil: t.runs.minutesUntil }).from(t.runs).where(eq(t.runs.id, runId));
  if (!run) throw new NotFoundError(`run '${runId}' not found`);
  const w = WIDTH_MS[q.width];
  // Whole buckets, from the one holding fromMs to the one holding toMs - 1: an aggregate cannot be
  // cut, so a raw bucket is not either (the same range reads the same before and after a rollup).
  const from = Math.floor(q.fromMs / w) * w;
  const to = Math.ceil(q.toMs / w) * w;
  // Hours are aggregated as soon as they are complete; minutes only once their raw samples go.
  const split = Math.max(from, Math.min(to, q.width === "1h" ? run.rolledUntil : run.minutesUntil));
  let older: SampleBucket[] = [];
  if (split > from && q.width === "1h") {
    older = await db.select().from(t.sampleAgg)
      .where(and(eq(t.sampleAgg.runId, runId), eq(t.sampleAgg.checkId, check), gte(t.sampleAgg.start, from), lt(t.sampleAgg.start, split)))
      .orderBy(asc(t.sampleAgg.start));
  } else if (split > from) {
    older = await packedMinutes(db, runId, check, from, split);
  }
  const raw = to > split ? await rawBuckets(db, runId, check, split, to, q.width) : [];
  const pick = (r: SampleBucket): SampleBucket => ({ start: r.start, n: r.n, pass: r.pass, fail: r.fail, inconclusive: r.inconclusive, error: r.error, durSum: r.durSum, durMax: r.durMax });
  return [...older.map(pick), ...raw.map(pick)];
}

/**
 * See Store.rollupSamples; answers how many hours it aggregated and rows it deleted (0: nothing
 * changed, nothing to reclaim). An hour gets its per-hour rows 15 minutes after it ends; its
 * minutes are written when its raw samples are deleted (the history reads raw samples until
 * then), and only while --keep-minutes keeps them.
 */
export async function rollupSamples(db: Db, runId: string, nowMs: number, keep: { rawMs: number; minuteMs: number }): Promise<number> {
  return db.transaction(async (tx) => {
    const [run] = await tx.select({ rolledUntil: t.runs.rolledUntil, minutesUntil: t.runs.minutesUntil, minutesFrom: t.runs.minutesFrom }).from(t.runs).where(eq(t.runs.id, runId)).for("update");
    if (!run) throw new NotFoundError(`run '${runId}' not found`);
    const until = Math.floor((nowMs - LATE_MS) / HOUR) * HOUR;
    const aggregated = until > run.rolledUntil ? 1 : 0;
    if (aggregated) {
      await tx.execute(sql`
        INSERT INTO golive_sample_agg (${sql.raw(COLS)}, start, n, pass, fail, inconclusive, error, dur_sum, dur_max)
        SELECT ${sql.raw(COLS)}, ${HOUR_OF}, count(*), ${OUTCOMES}, sum(duration_ms), max(duration_ms)
        FROM golive_samples WHERE run_id = ${runId} AND at >= ${run.rolledUntil} AND at < ${until}
        GROUP BY ${sql.raw(COLS)}, ${HOUR_OF}`);
      await tx.update(t.runs).set({ rolledUntil: until }).where(eq(t.runs.id, runId));
    }
    // Raw samples go by whole hours, once their hour row is written (cut <= until).
    const cut = Math.min(until, Math.floor((nowMs - keep.rawMs) / HOUR) * HOUR);
    // Never below where an earlier downsampling (another instance's clock, a longer --keep-minutes
    // since) deleted minutes already: an hour's minutes are either all kept or gone.
    const minutesFrom = Math.max(run.minutesFrom, Math.floor((nowMs - keep.minuteMs) / HOUR) * HOUR);
    if (cut > run.minutesUntil) {
      await tx.execute(sql`
        INSERT INTO golive_sample_minutes (${sql.raw(COLS)}, hour, minute, pass, fail, inconclusive, error, dur_sum, dur_max)
        SELECT ${sql.raw(COLS)}, hour, array_agg(minute ORDER BY minute), array_agg(pass ORDER BY minute), array_agg(fail ORDER BY minute),
          array_agg(inconclusive ORDER BY minute), array_agg(error ORDER BY minute), array_agg(dur_sum ORDER BY minute), array_agg(dur_max ORDER BY minute)
        FROM (
          SELECT ${sql.raw(COLS)}, ${HOUR_OF} AS hour, ${MINUTE_OF} AS minute, ${OUTCOMES}, sum(duration_ms) AS dur_sum, max(duration_ms) AS dur_max
          FROM golive_samples WHERE run_id = ${runId} AND at >= ${Math.max(run.minutesUntil, minutesFrom)} AND at < ${cut}
          GROUP BY ${sql.raw(COLS)}, ${HOUR_OF}, ${MINUTE_OF}
        ) b
        GROUP BY ${sql.raw(COLS)}, hour`);
      await tx.update(t.runs).set({ minutesUntil: cut }).where(eq(t.runs.id, runId));
    }
    // Every raw sample before the cut is in its hour row and, unless expired, in its minutes.
    const raw = await tx.delete(t.samples).where(and(eq(t.samples.runId, runId), lt(t.samples.at, cut))).returning({ at: t.samples.at });
    const minutes = await tx.delete(t.sampleMinutes).where(and(eq(t.sampleMinutes.runId, runId), lt(t.sampleMinutes.hour, minutesFrom))).returning({ hour: t.sampleMinutes.hour });
    // From here a late sample of an hour before minutesFrom goes to its hour row only.
    if (minutesFrom > run.minutesFrom) await tx.update(t.runs).set({ minutesFrom }).where(eq(t.runs.id, runId));
    return aggregated + raw.length + minutes.length;
  });
}

/**
 * Makes the space of deleted samples reusable (VACUUM: PGlite runs no autovacuum, so without it
 * the table only grows) and, on PGlite, writes a checkpoint so its WAL is recycled (it runs no
 * checkpointer either, and a single-user PostgreSQL never checkpoints for WAL volume: the WAL grew
 * to hundreds of MB in the long-run bench, and a restart replays all of it). On PGlite it runs at
 * every rollup, from a run's first minutes on. PostgreSQL's own processes do both there; the
 * VACUUM after a deletion is harmless.
 */
export async function reclaimSamples(db: Db, driver: "pglite" | "postgres"): Promise<void> {
  await db.execute(sql`VACUUM golive_samples`);
  await db.execute(sql`VACUUM golive_sample_agg`);
  await db.execute(sql`VACUUM golive_sample_minutes`);
  // Every round rewrites each sampled check's last segment.
  await db.execute(sql`VACUUM golive_segments`);
  if (driver === "pglite") await db.execute(sql`CHECKPOINT`);
}
