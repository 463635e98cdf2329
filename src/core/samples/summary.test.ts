import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { History } from "../engine/context.ts";
import type { CheckResultFact } from "../model/facts.ts";
import { foldLateSample, foldSample, isLate, mergeSegments, putSegment, summaryFacts, type Segment } from "./summary.ts";

const T0 = Date.parse("2026-01-05T00:00:00Z");
const sample = (t: number, outcome: CheckResultFact["outcome"]): CheckResultFact => ({
  check: "c", outcome, at: new Date(t).toISOString(), duration_ms: 1, conditions: [{ source: "x", outcome: outcome === "pass" ? "pass" : "fail", text: `x (${t})` }],
});

/** Samples every few seconds with random outcomes, and decisions at random moments between them. */
const arbRun = fc.array(fc.record({ gap: fc.integer({ min: 1, max: 60_000 }), outcome: fc.constantFrom("pass", "pass", "pass", "fail", "error", "inconclusive"), decide: fc.boolean() }), { minLength: 1, maxLength: 200 });

function fold(steps: { gap: number; outcome: CheckResultFact["outcome"]; decide: boolean }[]) {
  const samples: CheckResultFact[] = [];
  const decisions: number[] = [];
  const segments: Segment[] = [];
  let changes = 0;
  let t = T0;
  let lastDecision = 0;
  for (const s of steps) {
    t += s.gap;
    if (s.decide) {
      // A decision lands strictly between two samples, as the server records it.
      lastDecision = t - Math.floor(s.gap / 2) || t - 1;
      decisions.push(lastDecision);
    }
    const smp = sample(t, s.outcome);
    samples.push(smp);
    const r = foldSample(segments.at(-1), smp, lastDecision);
    if (r.outcomeChanged) changes++;
    putSegment(segments, r.segment);
  }
  return { samples, decisions, segments, changes, now: t };
}

describe("check summary", () => {
  it("never reads differently from the full history: the outcome at any time, the very sample at now and at each decision", () => {
    fc.assert(fc.property(arbRun, fc.array(fc.integer({ min: 0, max: 200 * 60_000 }), { maxLength: 20 }), (steps, probes) => {
      const { samples, decisions, segments, now } = fold(steps);
      const full = new History(samples, (f) => f.check);
      const compact = new History(summaryFacts(segments), (f) => f.check);
      for (const t of [now, now + 1, ...decisions]) expect(compact.latest("c", t)).toEqual(full.latest("c", t));
      for (const p of probes) expect(compact.latest("c", T0 + p)?.outcome).toBe(full.latest("c", T0 + p)?.outcome);
    }));
  });

  it("records a fact only when the outcome changes, and keeps two results per segment at most", () => {
    fc.assert(fc.property(arbRun, (steps) => {
      const { samples, segments, changes } = fold(steps);
      let expected = 0;
      samples.forEach((s, i) => { if (i === 0 || samples[i - 1]?.outcome !== s.outcome) expected++; });
      expect(changes).toBe(expected);
      expect(segments.reduce((n, s) => n + s.count, 0)).toBe(samples.length);
      expect(summaryFacts(segments).length).toBeLessThanOrEqual(2 * segments.length);
    }));
  });

  it("a failing sample after a long passing stretch reads as failing at once", () => {
    const segs: Segment[] = [];
    for (let i = 0; i < 10_000; i++) putSegment(segs, foldSample(segs.at(-1), sample(T0 + i * 1000, "pass"), 0).segment);
    const r = foldSample(segs.at(-1), sample(T0 + 10_000_000, "fail"), 0);
    expect(r.outcomeChanged).toBe(true);
    putSegment(segs, r.segment);
    expect(segs).toHaveLength(2);
    expect(new History(summaryFacts(segs), (f) => f.check).latest("c", T0 + 10_000_000)?.outcome).toBe("fail");
  });

  it("puts copies of segments in any order and reads the same: an older copy never undoes a newer one", () => {
    fc.assert(fc.property(arbRun, fc.integer({ min: 0, max: 1000 }), (steps, seed) => {
      const { segments } = fold(steps);
      // Every copy a reader may meet: each segment as it grew (count 1..n), shuffled.
      const copies = segments.flatMap((s) => Array.from({ length: Math.min(s.count, 3) }, (_, k) => ({ ...s, count: s.count - k })));
      const order = copies.map((c, i) => ({ c, k: (Math.imul(i + 1, 2654435761) ^ seed) >>> 0 })).sort((a, b) => a.k - b.k).map((x) => x.c);
      const prev = new Map<string, Segment[]>([["c", []]]);
      const merged = mergeSegments(prev, order);
      expect(merged.get("c")).toEqual(segments);
      // Copy on write: the map and list it started from are as they were.
      expect(prev.get("c")).toEqual([]);
    }));
  });

  describe("with late samples (older than the check's latest when they arrive)", () => {
    type Arrival = { t: number; outcome: CheckResultFact["outcome"] };
    /** Samples in arrival order, each at a random second of an hour: any arrival order, ties included. */
    const arbArrivals = fc.array(fc.record({ t: fc.integer({ min: 0, max: 3_600 }), outcome: fc.constantFrom("pass", "pass", "fail", "error", "inconclusive") }), { minLength: 1, maxLength: 80 });

    /** Folds samples as recordSamples does: a late one with foldLateSample, the others with foldSample. */
    function foldArrivals(arrivals: readonly Arrival[]) {
      const samples = arrivals.map((a) => sample(T0 + a.t * 1000, a.outcome));
      const segments: Segment[] = [];
      let facts = 0;
      let expectedFacts = 0;
      let latest: CheckResultFact | undefined;
      for (const smp of samples) {
        const tail = segments.at(-1);
        if (isLate(tail, smp)) {
          for (const g of foldLateSample(segments, smp)) putSegment(segments, g);
        } else {
          if (latest?.outcome !== smp.outcome) expectedFacts++;
          latest = smp;
          const r = foldSample(tail, smp, 0);
          if (r.outcomeChanged) facts++;
          putSegment(segments, r.segment);
        }
        // The check's last segment is the highest seq, never a late mark.
        expect(segments.at(-1)?.seq).toBeGreaterThanOrEqual(0);
      }
      return { samples, segments, facts, expectedFacts };
    }

    const examples: [Arrival[]][] = [
      // A late failure after a newer pass; a late pass after a newer failure; a late failure at the very time of a pass.
      [[{ t: 60, outcome: "pass" }, { t: 30, outcome: "fail" }]],
      [[{ t: 0, outcome: "fail" }, { t: 60, outcome: "fail" }, { t: 30, outcome: "pass" }]],
      [[{ t: 0, outcome: "pass" }, { t: 30, outcome: "pass" }, { t: 60, outcome: "pass" }, { t: 30, outcome: "fail" }]],
      // Late failures that grow one mark, then a late pass between them, then one more.
      [[{ t: 100, outcome: "pass" }, { t: 10, outcome: "fail" }, { t: 50, outcome: "fail" }, { t: 30, outcome: "pass" }, { t: 20, outcome: "fail" }]],
    ];

    it("keep the latest result, never read a pass the samples do not, and count every sample once", () => {
      fc.assert(fc.property(arbArrivals, (arrivals) => {
        const { samples, segments, facts, expectedFacts } = foldArrivals(arrivals);
        const full = new History(samples, (f) => f.check);
        const compact = new History(summaryFacts(segments), (f) => f.check);
        const now = Math.max(...samples.map((s) => Date.parse(s.at)));
        for (const t of [now, now + 1]) expect(compact.latest("c", t)).toEqual(full.latest("c", t));
        const isPass = (f: CheckResultFact) => f.outcome === "pass";
        for (const s of samples) {
          for (const t of [Date.parse(s.at) - 1, Date.parse(s.at), Date.parse(s.at) + 1]) {
            if (compact.latest("c", t)?.outcome === "pass") expect(full.latest("c", t)?.outcome, `at ${t - T0}`).toBe("pass");
            // A sustained window never reads longer than the samples make it.
            const since = compact.holdsSince("c", t, isPass);
            if (since !== undefined) expect(full.holdsSince("c", t, isPass)).toBeLessThanOrEqual(since);
          }
        }
        expect(segments.filter((g) => g.seq >= 0).reduce((n, g) => n + g.count, 0)).toBe(samples.length);
        // A fact for each change of the latest result only: a late sample changes none.
        expect(facts).toBe(expectedFacts);
      }), { examples });
    });

    it("a late failing sample after a newer passing one leaves the check passing, and the failure at its time", () => {
      const { segments, facts } = foldArrivals([{ t: 0, outcome: "pass" }, { t: 60, outcome: "pass" }, { t: 30, outcome: "fail" }]);
      const compact = new History(summaryFacts(segments), (f) => f.check);
      expect(compact.latest("c", T0 + 60_000)?.outcome).toBe("pass");
      expect(compact.latest("c", T0 + 45_000)?.outcome).toBe("fail");
      expect(facts).toBe(1);
      const late = foldArrivals([{ t: 0, outcome: "fail" }, { t: 60, outcome: "fail" }, { t: 30, outcome: "pass" }]);
      // A late pass is counted, never read as the check's state: failing stays failing.
      expect(new History(summaryFacts(late.segments), (f) => f.check).latest("c", T0 + 60_000)?.outcome).toBe("fail");
      expect(late.segments).toHaveLength(1);
      expect(late.segments[0]?.count).toBe(3);
    });
  });
});
