import { mergeSegments, summaryFacts } from "../core/samples/summary.js";
import { FactFold, factsOf } from "../store/fact-fold.js";
/**
 * The engine's check results: the summary of every sampled check, the log's facts for the others;
 * none of a held check (it was not allowed to run, so nothing it says counts).
 */
function engineChecks(logChecks, segments, held) {
    const out = logChecks.filter((f) => !segments.has(f.check));
    for (const list of segments.values())
        out.push(...summaryFacts(list));
    return held.size ? out.filter((f) => !held.has(f.check)) : out;
}
function bySegmentCheck(list) {
    const out = new Map();
    for (const s of list) {
        const l = out.get(s.check);
        if (l)
            l.push(s);
        else
            out.set(s.check, [s]);
    }
    return out;
}
/** Facts between snapshots: at least this many, and at least an eighth of the log (O(1) amortised per fact). */
const SNAPSHOT_MIN = 200;
const snapshotDue = (version, snapshotAt) => version - snapshotAt >= Math.max(SNAPSHOT_MIN, Math.floor(snapshotAt / 8));
/**
 * Each run's fact log folded incrementally, with its context. Loaded once from the stored
 * snapshot and the facts after it; then a fact this instance writes is folded in as it is
 * acknowledged, and a change seen on the feed (another instance) reads only the facts after the
 * version held. A snapshot is written every so many facts, and at once when the stored one was
 * rejected (rebuilt from the whole log).
 */
export class RunCache {
    store;
    entries = new Map();
    /** A load or catch-up in flight per run: callers share it (a fold takes each fact once). */
    loading = new Map();
    loaded;
    nowMs;
    onRejected;
    constructor(store, deps) {
        this.store = store;
        this.loaded = deps.loaded;
        this.nowMs = deps.nowMs;
        this.onRejected = deps.onRejected;
    }
    /** The runs held or being read. */
    runIds() {
        return [...new Set([...this.entries.keys(), ...this.loading.keys()])];
    }
    /** Drops a run: the next use reads it whole (snapshot and tail) with its runbook's state. */
    forget(runId) {
        this.entries.delete(runId);
        this.epochs.set(runId, (this.epochs.get(runId) ?? 0) + 1);
    }
    /** Bumped by forget: a whole read begun before it is not kept. */
    epochs = new Map();
    /** The run as last folded; read (only what is new) when stale, unknown, or `fresh`. */
    get(runId, fresh = false) {
        const e = this.entries.get(runId);
        if (e && !e.stale && !fresh)
            return Promise.resolve(e.ctx);
        let p = this.loading.get(runId);
        if (!p || fresh) {
            const prev = p ?? Promise.resolve(undefined);
            p = prev.catch(() => undefined).then(() => this.read(runId));
            const mine = p;
            this.loading.set(runId, mine);
            void mine.catch(() => undefined).finally(() => {
                if (this.loading.get(runId) === mine)
                    this.loading.delete(runId);
            });
        }
        return p;
    }
    async read(runId) {
        const e = this.entries.get(runId);
        if (e) {
            e.stale = false;
            const state = await this.store.loadRunState(runId, e.fold.version);
            if (!state)
                throw new NotFoundRun(runId);
            for (const f of state.tail)
                e.fold.apply(f);
            // Only the segments written since the last read (a round this instance missed while reading, another instance's).
            const atMs = this.nowMs();
            const since = await this.segmentsAfter(runId, e.ctx);
            e.ctx = this.build(state.run, e.fold, e.ctx, since.segments, atMs, since.touched);
            this.maybeSnapshot(runId, e);
            return e.ctx;
        }
        const atMs = this.nowMs();
        const epoch = this.epochs.get(runId) ?? 0;
        const [state, segs] = await Promise.all([this.store.loadRunState(runId), this.store.segmentsSince(runId, -1)]);
        if (!state)
            throw new NotFoundRun(runId);
        const fold = new FactFold(state.snapshot);
        for (const f of state.tail)
            fold.apply(f);
        const ctx = this.build(state.run, fold, await this.loaded(state.run.runbookHash), bySegmentCheck(segs.segments), atMs, segs.touched);
        // Forgotten meanwhile (an approval or its withdrawal): this read may predate it, so it is not kept.
        if ((this.epochs.get(runId) ?? 0) !== epoch)
            return ctx;
        const entry = { fold, ctx, stale: false, snapshotAt: state.snapshot?.version ?? 0 };
        this.entries.set(runId, entry);
        if (state.rejected) {
            this.onRejected(runId, state.rejected);
            entry.snapshotAt = fold.version;
            await this.store.putSnapshot(runId, fold.point(), { replace: true });
        }
        else
            this.maybeSnapshot(runId, entry);
        return ctx;
    }
    build(run, fold, rb, segments, segmentsAtMs, segmentsPosition) {
        const lists = fold.view();
        const { loaded, held, approval, withdrawal } = rb;
        return { run, lists, chain: fold.chain, loaded, held, approval, withdrawal, segments, segmentsAtMs, segmentsPosition, facts: factsOf(run, lists, engineChecks(lists.checks, segments, held)) };
    }
    /** Writes a snapshot when enough facts came since the last (in the background: the log stays the truth). */
    maybeSnapshot(runId, e) {
        if (!snapshotDue(e.fold.version, e.snapshotAt))
            return;
        e.snapshotAt = e.fold.version;
        void this.store.putSnapshot(runId, e.fold.point()).catch(() => undefined);
    }
    /** True when the run is held, current, and no read is in flight (a fold may be extended in place). */
    current(runId) {
        const e = this.entries.get(runId);
        return e && !e.stale && !this.loading.has(runId) ? e : undefined;
    }
    /**
     * Folds in a fact this instance wrote at `version`: when the run was held at the version before
     * it, the next state is this one plus the fact (no read); otherwise the run is read again.
     */
    wrote(runId, fact, version) {
        const e = this.current(runId);
        if (!e || e.ctx.run.version !== version - 1)
            return this.stale(runId);
        e.fold.apply({ ...fact, version, chain: null });
        e.ctx = this.build({ ...e.ctx.run, version }, e.fold, e.ctx, e.ctx.segments, e.ctx.segmentsAtMs, e.ctx.segmentsPosition);
        this.maybeSnapshot(runId, e);
    }
    /**
     * Takes in a round of samples this instance recorded: its outcome changes are folded in and its
     * checks' last segments replaced, O(checks in the round) plus the engine's list; when the run
     * moved otherwise in between, it is read again.
     */
    sampled(runId, recorded) {
        const e = this.current(runId);
        const first = recorded.facts[0]?.version ?? recorded.version + 1;
        if (!e || e.ctx.run.version !== first - 1)
            return this.stale(runId);
        for (const f of recorded.facts)
            e.fold.apply({ kind: "check", data: f.data, version: f.version, chain: null });
        const segments = mergeSegments(e.ctx.segments, recorded.segments);
        // Where this process is the only writer, no position below the round's can still come: the
        // next read starts after it. Elsewhere another instance's round may sit below it, unread.
        const position = this.store.exclusive ? Math.max(e.ctx.segmentsPosition, recorded.touched) : e.ctx.segmentsPosition;
        e.ctx = this.build({ ...e.ctx.run, version: recorded.version }, e.fold, e.ctx, segments, e.ctx.segmentsAtMs, position);
        if (recorded.facts.length)
            this.maybeSnapshot(runId, e);
    }
    /**
     * Reads the run's segments written since the held context read them (samples recorded by other
     * instances change no version) and puts them in: what changed, not the run's whole summary.
     * True when any came. A run not held, or being read again, is left to that read (it reads the
     * segments too).
     */
    async refreshSegments(runId) {
        const from = this.current(runId);
        if (!from)
            return false;
        const base = from.ctx.segmentsPosition;
        const atMs = this.nowMs();
        const since = await this.store.segmentsSince(runId, base);
        const e = this.current(runId);
        if (!e)
            return since.segments.length > 0;
        const cur = e.ctx;
        // The rows after `base` up to `since.touched` are now held, beside what `cur` holds up to its
        // own position; a position below `base` (another history of reads) is kept as it is.
        const position = cur.segmentsPosition >= base ? Math.max(cur.segmentsPosition, since.touched) : cur.segmentsPosition;
        if (!since.segments.length)
            e.ctx = { ...cur, segmentsAtMs: atMs, segmentsPosition: position };
        else
            e.ctx = this.build(cur.run, e.fold, cur, mergeSegments(cur.segments, since.segments), atMs, position);
        return since.segments.length > 0;
    }
    /** The held segments with those written since `ctx` read them put in (the same map when none were), and the new position. */
    async segmentsAfter(runId, ctx) {
        const since = await this.store.segmentsSince(runId, ctx.segmentsPosition);
        return { segments: since.segments.length ? mergeSegments(ctx.segments, since.segments) : ctx.segments, touched: since.touched };
    }
    /** A change to the run happened (`version` when known): read what is new before the next use. */
    changed(runId, version) {
        const e = this.entries.get(runId);
        // Our own write, folded already: nothing to read.
        if (e && !e.stale && version !== undefined && version <= e.ctx.run.version)
            return;
        this.stale(runId);
    }
    stale(runId) {
        const e = this.entries.get(runId);
        if (e)
            e.stale = true;
    }
}
/** The run does not exist (the service maps it to a 404). */
export class NotFoundRun extends Error {
    runId;
    name = "NotFoundRun";
    constructor(runId) {
        super(`run '${runId}' not found`);
        this.runId = runId;
    }
}
