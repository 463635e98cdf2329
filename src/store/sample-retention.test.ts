import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CheckResultFact } from "../core/model/facts.ts";
import type { Change, SampleBucket, SampleWidth } from "./store.ts";
import { expectedBuckets as expected, storeHarnesses, type StoreFixture } from "./testing.ts";

// Retention tiers: raw samples, per-minute aggregates (one row per check and hour, written when the
// raw samples go), per-hour aggregates. Every width the history route offers must read the same
// buckets whichever tier holds them, and a tier must hold what its retention promises, no more.

const T0 = Date.UTC(2026, 4, 28, 8, 0, 0);
const MIN = 60_000;
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const by = (ms: number): Change => ({ actor: "golive:scheduler", at: iso(ms) });
const SOURCE = "golive: 1\nmeta:\n  id: demo\n  title: Demo\n";
const OUTCOMES = ["pass", "fail", "error", "inconclusive"] as const;
const sample = (check: string, ms: number, outcome: CheckResultFact["outcome"], duration: number): CheckResultFact => ({
  check, outcome, at: iso(ms), duration_ms: duration,
  conditions: outcome === "error" ? [] : [{ source: "status == 200", outcome, text: `status (${outcome === "pass" ? 200 : 503}) == 200` }],
  ...(outcome === "error" ? { error: "connection refused" } : {}),
});

describe.each(storeHarnesses())("sample retention on $name", (harness) => {
  let fx: StoreFixture;
  beforeAll(() => harness.start());
  afterAll(() => harness.stop());
  beforeEach(async () => {
    fx = await harness.fresh();
    const rb = await fx.store.putRunbook({ source: SOURCE, runbookId: "demo", title: "Demo" }, by(T0));
    await fx.store.createRun({ id: "r1", name: "pilot", runbookHash: rb.hash, meta: {} }, by(T0));
  });
  afterEach(() => fx.teardown());

  async function record(list: readonly CheckResultFact[]): Promise<void> {
    for (let i = 0; i < list.length; i += 200) await fx.store.recordSamples("r1", list.slice(i, i + 200), by(T0));
  }

  it("reads every width alike from raw samples, minutes and hours, at any range", async () => {
    const list: CheckResultFact[] = [];
    for (let m = 0; m < 180; m++) {
      // Once a minute; four times a minute with every outcome; every 7 minutes.
      list.push(sample("api", T0 + m * MIN + 1_000, m % 10 === 9 ? "fail" : "pass", m + 0.25));
      for (let k = 0; k < 4; k++) list.push(sample("burst", T0 + m * MIN + k * 15_000, OUTCOMES[(m + k) % 4] ?? "pass", 3 * k + (m % 5)));
      if (m % 7 === 0) list.push(sample("sparse", T0 + m * MIN + 59_999, m % 14 === 0 ? "error" : "pass", 1_000 + m));
    }
    await record(list);
    const ranges: [number, number][] = [
      [T0, T0 + 3 * HOUR], [T0 + 37 * MIN + 12_000, T0 + 2 * HOUR], [T0 + 59 * MIN + 30_000, T0 + HOUR],
      [T0 + 37 * MIN + 12_000, T0 + 2 * HOUR + 5 * MIN + 7_000], [T0 + 59 * MIN, T0 + 60 * MIN + 1], [T0 + 90 * MIN, T0 + 90 * MIN + 15_001],
    ];
    const all = async () => {
      const out: SampleBucket[][] = [];
      for (const check of ["api", "burst", "sparse"]) {
        for (const [fromMs, toMs] of ranges) {
          for (const width of ["1m", "1h"] as const) {
            const got = await fx.store.sampleHistory("r1", check, { fromMs, toMs, width });
            expect(got, `${check} ${width} ${iso(fromMs)}..${iso(toMs)}`).toEqual(expected(list, check, fromMs, toMs, width));
            out.push(got);
          }
        }
      }
      return out;
    };
    const before = await all();
    expect(before.flat().length).toBeGreaterThan(0);
    // Hours 0-2 are complete at 4:01; raw kept 1 h goes up to 3:00, its minutes written first.
    await fx.store.rollupSamples("r1", T0 + 4 * HOUR + MIN, { rawMs: HOUR, minuteMs: 30 * 86_400_000 });
    expect(await all()).toEqual(before);
    // The history no longer needs the raw samples: with none left, the same buckets.
    await fx.tamper("DELETE FROM golive_samples");
    expect(await all()).toEqual(before);
    // Rolling up again writes nothing twice.
    await fx.store.rollupSamples("r1", T0 + 4 * HOUR + 2 * MIN, { rawMs: HOUR, minuteMs: 30 * 86_400_000 });
    expect(await all()).toEqual(before);
  }, 120_000);

  it("keeps minutes for --keep-minutes, by whole hours, and hours for good", async () => {
    const list: CheckResultFact[] = [];
    for (let m = 0; m < 240; m++) list.push(sample("api", T0 + m * MIN, m % 10 === 9 ? "fail" : "pass", 5));
    await record(list);
    const minutes = () => fx.store.sampleHistory("r1", "api", { fromMs: T0, toMs: T0 + 4 * HOUR, width: "1m" });
    const hours = () => fx.store.sampleHistory("r1", "api", { fromMs: T0, toMs: T0 + 4 * HOUR, width: "1h" });
    const keep = { rawMs: HOUR, minuteMs: 2 * HOUR };
    // At 3:30: raw before 2:00 goes; minutes older than 1:30 are not kept, so hour 0's are never
    // written, hour 1's are (its last minutes are younger), hours 2-3 are still raw.
    await fx.store.rollupSamples("r1", T0 + 3 * HOUR + 30 * MIN, keep);
    expect(await minutes()).toEqual(expected(list, "api", T0 + HOUR, T0 + 4 * HOUR, "1m"));
    expect(await hours()).toEqual(expected(list, "api", T0, T0 + 4 * HOUR, "1h"));
    // At 4:30: hour 1's minutes are all older than 2:30 and go; hour 2's are written from raw.
    await fx.store.rollupSamples("r1", T0 + 4 * HOUR + 30 * MIN, keep);
    expect(await minutes()).toEqual(expected(list, "api", T0 + 2 * HOUR, T0 + 4 * HOUR, "1m"));
    expect(await hours()).toEqual(expected(list, "api", T0, T0 + 4 * HOUR, "1h"));
    // Days later every minute is gone, every hour stays.
    await fx.store.rollupSamples("r1", T0 + 3 * 86_400_000, keep);
    expect(await minutes()).toEqual([]);
    expect(await hours()).toEqual(expected(list, "api", T0, T0 + 4 * HOUR, "1h"));
  }, 120_000);

  it("aggregates an hour only once the rounds that started in it are recorded", async () => {
    const list = [sample("api", T0 + 10 * MIN, "pass", 5)];
    await record(list);
    // 1:05: hour 0 has ended, but a round that started in it may still be running.
    await fx.store.rollupSamples("r1", T0 + HOUR + 5 * MIN, { rawMs: HOUR, minuteMs: 30 * 86_400_000 });
    const late = sample("api", T0 + 59 * MIN + 50_000, "fail", 300_000);
    list.push(late);
    await record([late]);
    await fx.store.rollupSamples("r1", T0 + HOUR + 20 * MIN, { rawMs: HOUR, minuteMs: 30 * 86_400_000 });
    await fx.store.rollupSamples("r1", T0 + 3 * HOUR, { rawMs: HOUR, minuteMs: 30 * 86_400_000 });
    await fx.tamper("DELETE FROM golive_samples");
    for (const width of ["1m", "1h"] as const) {
      expect(await fx.store.sampleHistory("r1", "api", { fromMs: T0, toMs: T0 + 2 * HOUR, width })).toEqual(expected(list, "api", T0, T0 + 2 * HOUR, width));
    }
  }, 120_000);

  it("moves the minute rows of a database written before migration 22 into hour rows, losing none", async () => {
    // As golive wrote it before (the shape before migrations 22-25): hour 0 aggregated per minute
    // and per hour, hour 1 still raw.
    const list: CheckResultFact[] = [];
    for (let m = 0; m < 120; m++) list.push(sample("api", T0 + m * MIN + 500, m % 3 ? "pass" : "fail", m));
    for (let m = 0; m < 60; m += 2) list.push(sample("api", T0 + m * MIN + 30_000, "error", 2 * m));
    const old = list.filter((s) => Date.parse(s.at) < T0 + HOUR);
    const rows = [...expected(old, "api", T0, T0 + HOUR, "1m").map((b) => ["1m", b] as const), ...expected(old, "api", T0, T0 + HOUR, "1h").map((b) => ["1h", b] as const)]
      .map(([w, b]) => `('r1', 'api', '${w}', ${b.start}, ${b.n}, ${b.pass}, ${b.fail}, ${b.inconclusive}, ${b.error}, ${b.durSum}, ${b.durMax})`);
    const raw = list.filter((s) => Date.parse(s.at) >= T0 + HOUR)
      .map((s) => `('r1', 'api', ${Date.parse(s.at)}, '${s.outcome}', ${s.duration_ms}, '${JSON.stringify(s)}')`);
    await fx.tamper(`
      DROP TABLE golive_sample_minutes;
      ALTER TABLE golive_runs DROP COLUMN minutes_until;
      ALTER TABLE golive_samples ALTER COLUMN data SET NOT NULL;
      ALTER TABLE golive_runs DROP COLUMN minutes_from;
      ALTER TABLE golive_sample_agg ADD COLUMN width text NOT NULL DEFAULT '1h';
      ALTER TABLE golive_sample_agg DROP CONSTRAINT golive_sample_agg_pkey;
      ALTER TABLE golive_sample_agg ADD PRIMARY KEY (run_id, check_id, width, start);
      ALTER TABLE golive_sample_agg ALTER COLUMN width DROP DEFAULT;
      DELETE FROM golive_migrations WHERE id IN (22, 23, 24, 25);
      INSERT INTO golive_sample_agg (run_id, check_id, width, start, n, pass, fail, inconclusive, error, dur_sum, dur_max) VALUES ${rows.join(", ")};
      INSERT INTO golive_samples (run_id, check_id, at, outcome, duration_ms, data) VALUES ${raw.join(", ")};
      UPDATE golive_runs SET rolled_until = ${T0 + HOUR};
    `);
    await fx.reopen();
    const q = (width: SampleWidth) => fx.store.sampleHistory("r1", "api", { fromMs: T0, toMs: T0 + 2 * HOUR, width });
    expect(await q("1m")).toEqual(expected(list, "api", T0, T0 + 2 * HOUR, "1m"));
    expect(await q("1h")).toEqual(expected(list, "api", T0, T0 + 2 * HOUR, "1h"));
    // Later the raw hour goes the new way, its minutes beside the migrated ones.
    await fx.store.rollupSamples("r1", T0 + 3 * HOUR + MIN, { rawMs: HOUR, minuteMs: 30 * 86_400_000 });
    await fx.tamper("DELETE FROM golive_samples");
    expect(await q("1m")).toEqual(expected(list, "api", T0, T0 + 2 * HOUR, "1m"));
    expect(await q("1h")).toEqual(expected(list, "api", T0, T0 + 2 * HOUR, "1h"));
  }, 120_000);
});
