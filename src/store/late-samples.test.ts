import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { History } from "../core/engine/context.ts";
import type { CheckResultFact } from "../core/model/facts.ts";
import { summaryFacts } from "../core/samples/summary.ts";
import { openPostgresStore } from "./postgres.ts";
import type { Change, Store } from "./store.ts";
import { expectedBuckets as expected, postgresHarness, storeHarnesses, type StoreFixture } from "./testing.ts";

// Late samples: a sample that arrives after its hour was aggregated (a slow check, a round
// recorded after a restart, another instance's clock behind) is in the history exactly once,
// whatever the order samples and downsamplings come in, and never turns its check's current
// outcome (the latest sample's).

const T0 = Date.UTC(2026, 4, 28, 8, 0, 0);
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const by = (ms: number): Change => ({ actor: "golive:scheduler", at: iso(ms) });
const SOURCE = "golive: 1\nmeta:\n  id: demo\n  title: Demo\n";
const sample = (check: string, ms: number, outcome: CheckResultFact["outcome"], duration = 7): CheckResultFact => ({ check, outcome, at: iso(ms), duration_ms: duration, conditions: [] });
const KEEP_MINUTES = { rawMs: HOUR, minuteMs: 30 * DAY };

type Step = { round: { check: string; sec: number; outcome: CheckResultFact["outcome"]; duration: number }[] } | { rollupMin: number };

/** Rounds of samples anywhere in five hours, and downsamplings at any time up to eight hours in: any arrival order. */
const arbSteps = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.record({ round: fc.array(fc.record({ check: fc.constantFrom("a", "b"), sec: fc.integer({ min: 0, max: 5 * 3600 - 1 }), outcome: fc.constantFrom("pass", "pass", "fail", "error", "inconclusive"), duration: fc.integer({ min: 0, max: 900 }) }), { minLength: 1, maxLength: 6 }) }) },
    { weight: 2, arbitrary: fc.record({ rollupMin: fc.integer({ min: 0, max: 8 * 60 }) }) },
  ),
  { minLength: 1, maxLength: 8 },
);

describe.each(storeHarnesses())("late samples on $name", (harness) => {
  let fx: StoreFixture;
  let hash = "";
  let runs = 0;
  beforeAll(async () => {
    await harness.start();
    fx = await harness.fresh();
    hash = (await fx.store.putRunbook({ source: SOURCE, runbookId: "demo", title: "Demo" }, by(T0))).hash;
  }, 120_000);
  afterAll(async () => {
    await fx.teardown();
    await harness.stop();
  });

  /** A new run on the suite's one database (a fresh database per case costs seconds on PGlite). */
  async function newRun(): Promise<string> {
    const id = `r${++runs}`;
    await fx.store.createRun({ id, name: id, runbookHash: hash, meta: {} }, by(T0));
    return id;
  }

  it("counts every sample once in hours and minutes, whatever the order of samples and downsamplings", async () => {
    const examples: [Step[], boolean][] = [
      // Hour 0 aggregated, its raw samples gone, then a sample of it arrives; then one of hour 1.
      [[{ round: [{ check: "a", sec: 600, outcome: "pass", duration: 5 }] }, { rollupMin: 200 }, { round: [{ check: "a", sec: 610, outcome: "fail", duration: 900 }, { check: "a", sec: 3700, outcome: "error", duration: 1 }] }, { rollupMin: 480 }], true],
      // Minutes kept two hours: a late sample of an hour whose minutes expired is in its hour only.
      [[{ round: [{ check: "b", sec: 100, outcome: "pass", duration: 5 }] }, { rollupMin: 400 }, { round: [{ check: "b", sec: 130, outcome: "fail", duration: 3 }] }], false],
    ];
    await fc.assert(fc.asyncProperty(arbSteps, fc.boolean(), async (steps, keepMinutes) => {
      const run = await newRun();
      const keep = keepMinutes ? KEEP_MINUTES : { rawMs: HOUR, minuteMs: 2 * HOUR };
      const recorded: CheckResultFact[] = [];
      let minutesFrom = 0;
      for (const step of steps) {
        if ("round" in step) {
          const round = step.round.map((s) => sample(s.check, T0 + s.sec * 1000, s.outcome, s.duration));
          await fx.store.recordSamples(run, round, by(T0));
          recorded.push(...round);
        } else {
          const now = T0 + step.rollupMin * MIN;
          await fx.store.rollupSamples(run, now, keep);
          minutesFrom = Math.max(minutesFrom, Math.floor((now - keep.minuteMs) / HOUR) * HOUR);
        }
      }
      for (const check of ["a", "b"]) {
        const hours = await fx.store.sampleHistory(run, check, { fromMs: T0, toMs: T0 + 5 * HOUR, width: "1h" });
        expect(hours).toEqual(expected(recorded, check, T0, T0 + 5 * HOUR, "1h"));
        // Minutes read exactly from the first hour whose minutes are kept.
        const from = Math.max(T0, minutesFrom);
        if (from < T0 + 5 * HOUR) expect(await fx.store.sampleHistory(run, check, { fromMs: from, toMs: T0 + 5 * HOUR, width: "1m" })).toEqual(expected(recorded, check, from, T0 + 5 * HOUR, "1m"));
        const mine = recorded.filter((s) => s.check === check);
        const segments = (await fx.store.loadSegments(run)).filter((g) => g.check === check);
        expect(segments.filter((g) => g.seq >= 0).reduce((n, g) => n + g.count, 0)).toBe(mine.length);
        if (!mine.length) continue;
        // The latest result is the latest sample (the last recorded of those at the latest time).
        const latest = mine.reduce((a, s) => (Date.parse(s.at) >= Date.parse(a.at) ? s : a));
        expect((await fx.store.lastSegment(run, check))?.last).toEqual(latest);
        expect(new History(summaryFacts(segments), (f) => f.check).latest(check, Date.parse(latest.at))).toEqual(latest);
      }
    }), { numRuns: harness.name === "pglite" ? 8 : 25, examples });
  }, 600_000);

  it("folds a late sample into its hour, into its minute while kept, and into its hour alone after", async () => {
    const run = await newRun();
    const list = [sample("a", T0 + 5 * MIN, "pass", 10), sample("a", T0 + 6 * MIN, "pass", 20), sample("a", T0 + HOUR + 5 * MIN, "pass", 10)];
    await fx.store.recordSamples(run, list, by(T0));
    // At 2:20 hour 0 and hour 1 are aggregated, raw kept an hour: hour 0's raw samples go, its minutes stay.
    await fx.store.rollupSamples(run, T0 + 2 * HOUR + 20 * MIN, KEEP_MINUTES);
    // A sample of hour 0 (raw gone: hour row and minute row), one of a minute hour 0 had none in,
    // and one of hour 1 (raw kept: hour row now, its minute when the raw samples go).
    const late = [sample("a", T0 + 6 * MIN + 30_000, "fail", 300), sample("a", T0 + 42 * MIN, "error", 1), sample("a", T0 + HOUR + 5 * MIN + 1, "fail", 40)];
    await fx.store.recordSamples(run, late, by(T0 + 2 * HOUR + 21 * MIN));
    list.push(...late);
    const read = async () => {
      for (const width of ["1m", "1h"] as const) expect(await fx.store.sampleHistory(run, "a", { fromMs: T0, toMs: T0 + 2 * HOUR, width }), width).toEqual(expected(list, "a", T0, T0 + 2 * HOUR, width));
    };
    await read();
    // Later downsamplings write hour 1's minutes from raw and never count a late sample twice.
    await fx.store.rollupSamples(run, T0 + 3 * HOUR + 20 * MIN, KEEP_MINUTES);
    await read();
    await fx.tamper("DELETE FROM golive_samples");
    await read();
    // Minutes kept one hour from 5:00 on: hours 0-3's minutes go; a sample of hour 0 now is in its hour only.
    await fx.store.rollupSamples(run, T0 + 5 * HOUR, { rawMs: HOUR, minuteMs: HOUR });
    const older = sample("a", T0 + 7 * MIN, "inconclusive", 2);
    await fx.store.recordSamples(run, [older], by(T0 + 5 * HOUR));
    list.push(older);
    expect(await fx.store.sampleHistory(run, "a", { fromMs: T0, toMs: T0 + 2 * HOUR, width: "1h" })).toEqual(expected(list, "a", T0, T0 + 2 * HOUR, "1h"));
    expect(await fx.store.sampleHistory(run, "a", { fromMs: T0, toMs: T0 + 2 * HOUR, width: "1m" })).toEqual([]);
    await fx.store.rollupSamples(run, T0 + 5 * HOUR + 10 * MIN, { rawMs: HOUR, minuteMs: HOUR });
    expect(await fx.store.sampleHistory(run, "a", { fromMs: T0, toMs: T0 + 2 * HOUR, width: "1h" })).toEqual(expected(list, "a", T0, T0 + 2 * HOUR, "1h"));
  }, 300_000);

  it("a late failing sample after a newer passing one does not turn the check, nor a late pass a failing one", async () => {
    const run = await newRun();
    const head = (await fx.store.auditHead()).seq;
    await fx.store.recordSamples(run, [sample("a", T0, "pass"), sample("b", T0, "fail")], by(T0));
    await fx.store.recordSamples(run, [sample("a", T0 + 2 * MIN, "pass"), sample("b", T0 + 2 * MIN, "fail")], by(T0 + 2 * MIN));
    const late = await fx.store.recordSamples(run, [sample("a", T0 + MIN, "fail"), sample("b", T0 + MIN, "pass")], by(T0 + 3 * MIN));
    // No outcome changed: no fact, no audit event; both last segments still hold their latest sample.
    expect(late.facts).toEqual([]);
    expect((await fx.store.auditHead()).seq).toBe(head + 2);
    expect((await fx.store.loadFacts(run))?.facts.checks.map((c) => `${c.check}:${c.outcome}`)).toEqual(["a:pass", "b:fail"]);
    expect((await fx.store.lastSegment(run, "a"))?.last).toEqual(sample("a", T0 + 2 * MIN, "pass"));
    expect((await fx.store.lastSegment(run, "b"))?.last).toEqual(sample("b", T0 + 2 * MIN, "fail"));
    const history = new History(summaryFacts(await fx.store.loadSegments(run)), (f) => f.check);
    expect(history.latest("a", T0 + 2 * MIN)?.outcome).toBe("pass");
    expect(history.latest("b", T0 + 2 * MIN)?.outcome).toBe("fail");
    // The late failure stands at its time (a's minute 1 read failing); the late pass never reads b as passing.
    expect(history.latest("a", T0 + MIN)?.outcome).toBe("fail");
    expect(history.latest("b", T0 + MIN)?.outcome).toBe("fail");
    // The round that carried them answers what it wrote, so a reader holding the summary keeps up.
    expect(late.segments.map((g) => `${g.check}#${g.seq}:${g.outcome}x${g.count}`).sort()).toEqual(["a#-1:failx1", "a#0:passx3", "b#0:failx3"]);
  }, 120_000);
});

describe("late samples from two instances on one PostgreSQL", () => {
  const harness = postgresHarness();
  let fx: StoreFixture;
  let other: Store;
  beforeAll(async () => {
    await harness.start();
    fx = await harness.fresh();
    other = await openPostgresStore(fx.location);
  }, 120_000);
  afterAll(async () => {
    await other.close();
    await fx.teardown();
    await harness.stop();
  });

  it("folds their samples of one aggregated hour one after the other, each once, beside a downsampling", async () => {
    const rb = await fx.store.putRunbook({ source: SOURCE, runbookId: "demo", title: "Demo" }, by(T0));
    await fx.store.createRun({ id: "r", name: "r", runbookHash: rb.hash, meta: {} }, by(T0));
    const list: CheckResultFact[] = [sample("a", T0 + MIN, "pass")];
    await fx.store.recordSamples("r", list, by(T0));
    // One instance's clock hours ahead aggregated hours 0-2; the other's rounds of hour 0 come now.
    await fx.store.rollupSamples("r", T0 + 3 * HOUR + 20 * MIN, KEEP_MINUTES);
    const rounds = Array.from({ length: 40 }, (_, i) => [sample("a", T0 + (i % 50) * MIN + i, i % 3 ? "pass" : "fail", i), sample("b", T0 + 2 * HOUR + i * 1000, "error", i)]);
    list.push(...rounds.flat());
    await Promise.all([
      ...rounds.map((r, i) => (i % 2 ? other : fx.store).recordSamples("r", r, by(T0 + 3 * HOUR))),
      other.rollupSamples("r", T0 + 4 * HOUR + 20 * MIN, KEEP_MINUTES),
    ]);
    for (const check of ["a", "b"]) {
      for (const width of ["1m", "1h"] as const) expect(await fx.store.sampleHistory("r", check, { fromMs: T0, toMs: T0 + 4 * HOUR, width })).toEqual(expected(list, check, T0, T0 + 4 * HOUR, width));
    }
  }, 120_000);
});
