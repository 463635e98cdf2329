import type { CheckResultFact } from "../model/facts.ts";

// A check's compact summary: its samples folded into segments, each a run of samples with the
// same outcome and no decision in between. Kept up to date as samples arrive (only the last
// segment changes), so the engine reads a few entries per check instead of weeks of history and
// judges exactly what it would have judged from every sample (see summaryFacts).

/**
 * Consecutive samples of one check with one outcome, not crossing a decision (seq 0 and up); or a
 * late mark (seq below 0): late samples that did not pass, kept at their times (see foldLateSample).
 */
export interface Segment {
  check: string;
  /** Position in the check's summary: from 0 in arrival order; late marks from -1 down. */
  seq: number;
  outcome: CheckResultFact["outcome"];
  /**
   * How many samples were folded into it: for seq 0 and up, every sample of the check recorded
   * while it was the check's last segment, late ones too (so these counts add up to the check's
   * samples); for a late mark, the late samples it stands for (counted in a last segment too).
   */
  count: number;
  /** Its first and its latest sample, whole. */
  first: CheckResultFact;
  last: CheckResultFact;
}

/** Result of folding one sample into a check's last segment. */
export interface Folded {
  /** The last segment after the sample: the old one extended, or a new one (seq one higher). */
  segment: Segment;
  /** True for the first sample and whenever the outcome differs from the previous sample's: a fact to record. */
  outcomeChanged: boolean;
}

/**
 * Folds one sample that is not late (see isLate) into a check's last segment (pure). A new segment starts when the outcome
 * changes or a decision was recorded after the previous sample (`lastDecisionMs`): then no
 * segment spans a decision, and the run as it stood at any decision is read exactly.
 */
export function foldSample(tail: Segment | undefined, sample: CheckResultFact, lastDecisionMs: number): Folded {
  const outcomeChanged = !tail || tail.outcome !== sample.outcome;
  if (tail && !outcomeChanged && lastDecisionMs <= Date.parse(tail.last.at)) {
    return { segment: { ...tail, count: tail.count + 1, last: sample }, outcomeChanged };
  }
  return { segment: { check: sample.check, seq: tail ? tail.seq + 1 : 0, outcome: sample.outcome, count: 1, first: sample, last: sample }, outcomeChanged };
}

/**
 * The results the engine reads for a check's segments: each one's first and latest sample. For any
 * time t, the latest of these at or before t has the outcome of the latest sample at or before t
 * (a segment holds one outcome), and is that very sample when t is now or the time of a decision
 * (no segment spans a decision). A check failing now never reads as passing. With late samples
 * (foldLateSample) the latest result is still the very latest sample, and at any other time the
 * summary reads a pass only where the samples do (it may read a failure where a late pass it
 * does not place would read better: never the other way).
 */
export function summaryFacts(segments: readonly Segment[]): CheckResultFact[] {
  const ends = (s: Segment) => (s.count > 1 ? [s.first, s.last] : [s.first]);
  // Late marks after the others: at an equal time a mark (a sample that did not pass) reads last.
  return [...segments.filter((s) => s.seq >= 0).flatMap(ends), ...segments.filter((s) => s.seq < 0).flatMap(ends)];
}

/** Whether a sample is late for its check: older than the check's latest sample (its last segment's last). */
export function isLate(tail: Segment | undefined, sample: CheckResultFact): boolean {
  return tail !== undefined && Date.parse(sample.at) < Date.parse(tail.last.at);
}

/**
 * Folds a late sample (see isLate) into a check's summary (pure; `segments`: the check's whole
 * list by seq, non-empty) and answers the segments it changed. A late sample never changes the
 * check's latest result, so it records no fact and its outcome now stays as it is: the last
 * segment only counts it. One that passed is not placed at its time (that could only make an
 * earlier time read better than the summary reads it); one that did not is, so the summary never
 * reads a pass at a time a sample says otherwise: it is already read there (inside a span of its
 * outcome with no other outcome in it), or a late mark of its outcome grows to its time when
 * that span holds no other outcome either, or it becomes a new mark.
 */
export function foldLateSample(segments: readonly Segment[], sample: CheckResultFact): Segment[] {
  const tail = segments.at(-1);
  if (!tail) throw new Error(`late sample of check '${sample.check}' without a summary`);
  const changed: Segment[] = [{ ...tail, count: tail.count + 1 }];
  if (sample.outcome === "pass") return changed;
  const at = Date.parse(sample.at);
  const others = summaryFacts(segments).filter((f) => f.outcome !== sample.outcome).map((f) => Date.parse(f.at));
  const clear = (lo: number, hi: number) => !others.some((t) => t >= lo && t <= hi);
  const span = (s: Segment) => [Date.parse(s.first.at), Date.parse(s.last.at)] as const;
  const same = segments.filter((s) => s.outcome === sample.outcome);
  for (const s of same) {
    const [a, b] = span(s);
    if (a <= at && at <= b && clear(a, b)) return changed;
  }
  for (const m of same) {
    if (m.seq >= 0) continue;
    const [a, b] = span(m);
    if (clear(Math.min(a, at), Math.max(b, at))) {
      return [...changed, { ...m, count: m.count + 1, first: at < a ? sample : m.first, last: at > b ? sample : m.last }];
    }
  }
  const seq = Math.min(0, ...segments.map((s) => s.seq)) - 1;
  return [...changed, { check: sample.check, seq, outcome: sample.outcome, count: 1, first: sample, last: sample }];
}

/**
 * Puts a segment into a check's list ordered by seq (the list is the caller's cache): appended,
 * inserted in order, or replacing the one with its seq unless that one holds more samples (a
 * segment only grows, so an older copy read or applied late never undoes a newer one).
 */
export function putSegment(segments: Segment[], segment: Segment): void {
  let i = segments.length - 1;
  while (i >= 0 && (segments[i]?.seq ?? -1) > segment.seq) i--;
  const at = segments[i];
  if (at && at.seq === segment.seq) {
    if (segment.count >= at.count) segments[i] = segment;
  } else segments.splice(i + 1, 0, segment);
}

/** A check-keyed copy of `prev` with `changed` put in (copy on write: `prev` and its lists stay as they were). */
export function mergeSegments(prev: ReadonlyMap<string, Segment[]>, changed: readonly Segment[]): Map<string, Segment[]> {
  const out = new Map(prev);
  const copied = new Set<string>();
  for (const seg of changed) {
    let list = out.get(seg.check);
    if (!list || !copied.has(seg.check)) {
      list = [...(list ?? [])];
      out.set(seg.check, list);
      copied.add(seg.check);
    }
    putSegment(list, seg);
  }
  return out;
}
