/**
 * Folds one sample into a check's last segment (pure). A new segment starts when the outcome
 * changes or a decision was recorded after the previous sample (`lastDecisionMs`): then no
 * segment spans a decision, and the run as it stood at any decision is read exactly.
 */
export function foldSample(tail, sample, lastDecisionMs) {
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
 * (no segment spans a decision). A check failing now never reads as passing.
 */
export function summaryFacts(segments) {
    return segments.flatMap((s) => (s.count > 1 ? [s.first, s.last] : [s.first]));
}
/**
 * Puts a segment into a check's list ordered by seq (the list is the caller's cache): appended,
 * inserted in order, or replacing the one with its seq unless that one holds more samples (a
 * segment only grows, so an older copy read or applied late never undoes a newer one).
 */
export function putSegment(segments, segment) {
    let i = segments.length - 1;
    while (i >= 0 && (segments[i]?.seq ?? -1) > segment.seq)
        i--;
    const at = segments[i];
    if (at && at.seq === segment.seq) {
        if (segment.count >= at.count)
            segments[i] = segment;
    }
    else
        segments.splice(i + 1, 0, segment);
}
/** A check-keyed copy of `prev` with `changed` put in (copy on write: `prev` and its lists stay as they were). */
export function mergeSegments(prev, changed) {
    const out = new Map(prev);
    const copied = new Set();
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
