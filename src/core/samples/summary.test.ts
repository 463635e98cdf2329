import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { History } from "../engine/context.ts";
import type { CheckResultFact } from "../model/facts.ts";
import { foldSample, mergeSegments, putSegment, summaryFacts, type Segment } from "./summary.ts";

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
});
