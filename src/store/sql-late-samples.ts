import { and, eq, inArray, sql } from "drizzle-orm";
import type { CheckResultFact } from "../core/model/facts.ts";
import * as t from "./schema.ts";
import type { Db } from "./sql-tx.ts";
import type { SampleBucket } from "./store.ts";

// Late samples: a sample whose hour was aggregated already (its time before the run's
// rolled_until) is folded into that hour's row here, and into its minutes when the raw samples of
// its hour are gone (before minutes_until) but its minutes are kept (from minutes_from on). The
// history reads the aggregates there, so this is the only place such a sample is counted; a raw
// row is kept only while the history still reads raw rows for its minutes (minutes_until on), and
// the downsampling that deletes it writes its minute then, never its hour again. Every write of a
// run's samples and aggregates holds the run's row lock (recordSamples, rollupSamples), so two
// instances on one PostgreSQL fold one after the other; the upserts add to what is there.

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Where a run's samples go by their time: raw rows, hour rows, minute rows. */
export interface SampleTiers {
  rolledUntil: number;
  minutesUntil: number;
  minutesFrom: number;
}

/** A bucket's counts and durations. */
type Sums = Omit<SampleBucket, "start">;

const empty = (): Sums => ({ n: 0, pass: 0, fail: 0, inconclusive: 0, error: 0, durSum: 0, durMax: 0 });

function add(b: Sums, s: CheckResultFact): void {
  b.n++;
  b[s.outcome]++;
  b.durSum += s.duration_ms;
  b.durMax = Math.max(b.durMax, s.duration_ms);
}

/** Samples grouped by check and bucket start (`width` ms), in first-seen order. */
function group(samples: readonly CheckResultFact[], width: number): Map<string, { check: string; start: number; sums: Sums }> {
  const out = new Map<string, { check: string; start: number; sums: Sums }>();
  for (const s of samples) {
    const start = Math.floor(Date.parse(s.at) / width) * width;
    const key = `${s.check}\u0000${start}`;
    let g = out.get(key);
    if (!g) out.set(key, (g = { check: s.check, start, sums: empty() }));
    add(g.sums, s);
  }
  return out;
}

/** The samples of a round whose raw rows the history still reads (the others are folded by foldLate). */
export function rawSamples(samples: readonly CheckResultFact[], tiers: SampleTiers): CheckResultFact[] {
  return samples.filter((s) => Date.parse(s.at) >= tiers.minutesUntil);
}

/**
 * Folds a round's late samples into the aggregates (the caller holds the run's row lock): each
 * one before rolled_until into its hour row, each one before minutes_until and from minutes_from
 * on into its minute. A sample older than every kept minute is in its hour row: hours are kept
 * for good, so no sample is ever left out of the history.
 */
export async function foldLate(tx: Db, runId: string, samples: readonly CheckResultFact[], tiers: SampleTiers): Promise<void> {
  const hours = [...group(samples.filter((s) => Date.parse(s.at) < tiers.rolledUntil), HOUR).values()];
  if (hours.length) {
    await tx.insert(t.sampleAgg)
      .values(hours.map((h) => ({ runId, checkId: h.check, start: h.start, ...h.sums })))
      .onConflictDoUpdate({
        target: [t.sampleAgg.runId, t.sampleAgg.checkId, t.sampleAgg.start],
        set: {
          n: sql.raw("golive_sample_agg.n + excluded.n"),
          pass: sql.raw("golive_sample_agg.pass + excluded.pass"),
          fail: sql.raw("golive_sample_agg.fail + excluded.fail"),
          inconclusive: sql.raw("golive_sample_agg.inconclusive + excluded.inconclusive"),
          error: sql.raw("golive_sample_agg.error + excluded.error"),
          durSum: sql.raw("golive_sample_agg.dur_sum + excluded.dur_sum"),
          durMax: sql.raw("greatest(golive_sample_agg.dur_max, excluded.dur_max)"),
        },
      });
  }
  const late = samples.filter((s) => {
    const at = Date.parse(s.at);
    return at < tiers.minutesUntil && Math.floor(at / HOUR) * HOUR >= tiers.minutesFrom;
  });
  if (!late.length) return;
  // A check-hour's minutes are one row of arrays: read, merged here, written back whole.
  const minutes = group(late, MINUTE);
  const rows = new Map<string, Map<number, Sums>>();
  for (const m of minutes.values()) {
    const key = `${m.check}\u0000${Math.floor(m.start / HOUR) * HOUR}`;
    if (!rows.has(key)) rows.set(key, new Map());
  }
  const checks = [...new Set(late.map((s) => s.check))];
  const hourStarts = [...new Set(late.map((s) => Math.floor(Date.parse(s.at) / HOUR) * HOUR))];
  const existing = await tx.select().from(t.sampleMinutes)
    .where(and(eq(t.sampleMinutes.runId, runId), inArray(t.sampleMinutes.checkId, checks), inArray(t.sampleMinutes.hour, hourStarts)));
  for (const r of existing) {
    const row = rows.get(`${r.checkId}\u0000${r.hour}`);
    if (!row) continue;
    r.minute.forEach((minute, i) => {
      const [pass, fail, inconclusive, error] = [r.pass[i] ?? 0, r.fail[i] ?? 0, r.inconclusive[i] ?? 0, r.error[i] ?? 0];
      row.set(minute, { n: pass + fail + inconclusive + error, pass, fail, inconclusive, error, durSum: r.durSum[i] ?? 0, durMax: r.durMax[i] ?? 0 });
    });
  }
  for (const m of minutes.values()) {
    const row = rows.get(`${m.check}\u0000${Math.floor(m.start / HOUR) * HOUR}`);
    const minute = (m.start % HOUR) / MINUTE;
    const was = row?.get(minute);
    row?.set(minute, was ? {
      n: was.n + m.sums.n, pass: was.pass + m.sums.pass, fail: was.fail + m.sums.fail, inconclusive: was.inconclusive + m.sums.inconclusive,
      error: was.error + m.sums.error, durSum: was.durSum + m.sums.durSum, durMax: Math.max(was.durMax, m.sums.durMax),
    } : m.sums);
  }
  const values = [...rows].map(([key, row]) => {
    const [checkId = "", hour = "0"] = key.split("\u0000");
    const ms = [...row.keys()].sort((a, b) => a - b);
    const col = (f: (s: Sums) => number) => ms.map((m) => f(row.get(m) ?? empty()));
    return {
      runId, checkId, hour: Number(hour), minute: ms,
      pass: col((s) => s.pass), fail: col((s) => s.fail), inconclusive: col((s) => s.inconclusive), error: col((s) => s.error),
      durSum: col((s) => s.durSum), durMax: col((s) => s.durMax),
    };
  });
  await tx.insert(t.sampleMinutes).values(values).onConflictDoUpdate({
    target: [t.sampleMinutes.runId, t.sampleMinutes.checkId, t.sampleMinutes.hour],
    set: {
      minute: sql.raw("excluded.minute"), pass: sql.raw("excluded.pass"), fail: sql.raw("excluded.fail"), inconclusive: sql.raw("excluded.inconclusive"),
      error: sql.raw("excluded.error"), durSum: sql.raw("excluded.dur_sum"), durMax: sql.raw("excluded.dur_max"),
    },
  });
}
