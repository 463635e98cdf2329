import type { CheckResultFact, Facts } from "../core/model/facts.ts";
import type { LoadedRunbook } from "../core/model/validate.ts";
import { mergeSegments, summaryFacts, type Segment } from "../core/samples/summary.ts";
import { FactFold, factsOf, type FactLists } from "../store/fact-fold.ts";
import type { FactInput, RecordedSamples, RunbookApproval, RunbookWithdrawal, RunRecord, Store } from "../store/store.ts";

/** A run with its facts and its runbook, as read at one version. */
export interface RunContext {
  run: RunRecord;
  /** What the engine reads: the fact log, with each sampled check's results from its summary. */
  facts: Facts;
  loaded: LoadedRunbook;
  /** The fact log folded (outcome changes and decisions), read-only. */
  lists: FactLists;
  /** The run's fact chain link at this state (covers every fact, one link per fact). */
  chain: string;
  /** Each check's summary segments, by check. */
  segments: Map<string, Segment[]>;
  /**
   * Command checks that may not run: the runbook's, while commands are allowed and no admin has
   * approved this runbook text. Their results (none should exist) are left out of `facts`.
   */
  held: ReadonlySet<string>;
  /** The admin's approval of the run's runbook text, if given. */
  approval: RunbookApproval | undefined;
  /** While it has none: the last withdrawal of its approval (who, when, why), if one was withdrawn. */
  withdrawal: RunbookWithdrawal | undefined;
  /** When the segments were read (clock ms): other instances' samples show after a refresh. */
  segmentsAtMs: number;
  /** The store's segment position they were read at: a refresh reads only what was written after it. */
  segmentsPosition: number;
}

/**
 * The engine's check results: the summary of every sampled check, the log's facts for the others;
 * none of a held check (it was not allowed to run, so nothing it says counts).
 */
function engineChecks(logChecks: readonly CheckResultFact[], segments: ReadonlyMap<string, Segment[]>, held: ReadonlySet<string>): CheckResultFact[] {
  const out = logChecks.filter((f) => !segments.has(f.check));
  for (const list of segments.values()) out.push(...summaryFacts(list));
  return held.size ? out.filter((f) => !held.has(f.check)) : out;
}

/** What a run's runbook gives its context: the parsed runbook and its command approval. */
export interface RunbookState {
  loaded: LoadedRunbook;
  held: ReadonlySet<string>;
  approval: RunbookApproval | undefined;
  withdrawal: RunbookWithdrawal | undefined;
}

function bySegmentCheck(list: readonly Segment[]): Map<string, Segment[]> {
  const out = new Map<string, Segment[]>();
  for (const s of list) {
    const l = out.get(s.check);
    if (l) l.push(s);
    else out.set(s.check, [s]);
  }
  return out;
}

/** Facts between snapshots: at least this many, and at least an eighth of the log (O(1) amortised per fact). */
const SNAPSHOT_MIN = 200;
const snapshotDue = (version: number, snapshotAt: number): boolean => version - snapshotAt >= Math.max(SNAPSHOT_MIN, Math.floor(snapshotAt / 8));

interface Entry {
  fold: FactFold;
  ctx: RunContext;
  /** A change was seen that the fold does not hold yet: read the log's tail before use. */
  stale: boolean;
  /** The version of the last snapshot written or read. */
  snapshotAt: number;
}

/**
 * Each run's fact log folded incrementally, with its context. Loaded once from the stored
 * snapshot and the facts after it; then a fact this instance writes is folded in as it is
 * acknowledged, and a change seen on the feed (another instance) reads only the facts after the
 * version held. A snapshot is written every so many facts, and at once when the stored one was
 * rejected (rebuilt from the whole log).
 */
export class RunCache {
  private readonly entries = new Map<string, Entry>();
  /** A load or catch-up in flight per run: callers share it (a fold takes each fact once). */
  private readonly loading = new Map<string, Promise<RunContext>>();

  private readonly loaded: (hash: string) => Promise<RunbookState>;
  private readonly nowMs: () => number;
  private readonly onRejected: (runId: string, reason: string) => void;

  constructor(
    private readonly store: Store,
    deps: {
      loaded: (hash: string) => Promise<RunbookState>;
      nowMs: () => number;
      /** Told when a stored snapshot was not usable (then rebuilt from the log). */
      onRejected: (runId: string, reason: string) => void;
    },
  ) {
    this.loaded = deps.loaded;
    this.nowMs = deps.nowMs;
    this.onRejected = deps.onRejected;
  }

  /** The runs held or being read. */
  runIds(): string[] {
    return [...new Set([...this.entries.keys(), ...this.loading.keys()])];
  }

  /** Drops a run: the next use reads it whole (snapshot and tail) with its runbook's state. */
  forget(runId: string): void {
    this.entries.delete(runId);
    this.epochs.set(runId, (this.epochs.get(runId) ?? 0) + 1);
  }

  /** Bumped by forget: a whole read begun before it is not kept. */
  private readonly epochs = new Map<string, number>();

  /** The run as last folded; read (only what is new) when stale, unknown, or `fresh`. */
  get(runId: string, fresh = false): Promise<RunContext> {
    const e = this.entries.get(runId);
    if (e && !e.stale && !fresh) return Promise.resolve(e.ctx);
    let p = this.loading.get(runId);
    if (!p || fresh) {
      const prev = p ?? Promise.resolve(undefined);
      p = prev.catch(() => undefined).then(() => this.read(runId));
      const mine = p;
      this.loading.set(runId, mine);
      void mine.catch(() => undefined).finally(() => {
        if (this.loading.get(runId) === mine) this.loading.delete(runId);
      });
    }
    return p;
  }

  private async read(runId: string): Promise<RunContext> {
    const e = this.entries.get(runId);
    if (e) {
      e.stale = false;
      const state = await this.store.loadRunState(runId, e.fold.version);
      if (!state) throw new NotFoundRun(runId);
      for (const f of state.tail) e.fold.apply(f);
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
    if (!state) throw new NotFoundRun(runId);
    const fold = new FactFold(state.snapshot);
    for (const f of state.tail) fold.apply(f);
    const ctx = this.build(state.run, fold, await this.loaded(state.run.runbookHash), bySegmentCheck(segs.segments), atMs, segs.touched);
    // Forgotten meanwhile (an approval or its withdrawal): this read may predate it, so it is not kept.
    if ((this.epochs.get(runId) ?? 0) !== epoch) return ctx;
    const entry: Entry = { fold, ctx, stale: false, snapshotAt: state.snapshot?.version ?? 0 };
    this.entries.set(runId, entry);
    if (state.rejected) {
      this.onRejected(runId, state.rejected);
      entry.snapshotAt = fold.version;
      await this.store.putSnapshot(runId, fold.point(), { replace: true });
    } else this.maybeSnapshot(runId, entry);
    return ctx;
  }

  private build(run: RunRecord, fold: FactFold, rb: RunbookState, segments: Map<string, Segment[]>, segmentsAtMs: number, segmentsPosition: number): RunContext {
    const lists = fold.view();
    const { loaded, held, approval, withdrawal } = rb;
    return { run, lists, chain: fold.chain, loaded, held, approval, withdrawal, segments, segmentsAtMs, segmentsPosition, facts: factsOf(run, lists, engineChecks(lists.checks, segments, held)) };
  }

  /** Writes a snapshot when enough facts came since the last (in the background: the log stays the truth). */
  private maybeSnapshot(runId: string, e: Entry): void {
    if (!snapshotDue(e.fold.version, e.snapshotAt)) return;
    e.snapshotAt = e.fold.version;
    void this.store.putSnapshot(runId, e.fold.point()).catch(() => undefined);
  }

  /** True when the run is held, current, and no read is in flight (a fold may be extended in place). */
  private current(runId: string): Entry | undefined {
    const e = this.entries.get(runId);
    return e && !e.stale && !this.loading.has(runId) ? e : undefined;
  }

  /**
   * Folds in a fact this instance wrote at `version`: when the run was held at the version before
   * it, the next state is this one plus the fact (no read); otherwise the run is read again.
   */
  wrote(runId: string, fact: FactInput, version: number): void {
    const e = this.current(runId);
    if (!e || e.ctx.run.version !== version - 1) return this.stale(runId);
    e.fold.apply({ ...fact, version, chain: null });
    e.ctx = this.build({ ...e.ctx.run, version }, e.fold, e.ctx, e.ctx.segments, e.ctx.segmentsAtMs, e.ctx.segmentsPosition);
    this.maybeSnapshot(runId, e);
  }

  /**
   * Takes in a round of samples this instance recorded: its outcome changes are folded in and its
   * checks' last segments replaced, O(checks in the round) plus the engine's list; when the run
   * moved otherwise in between, it is read again.
   */
  sampled(runId: string, recorded: RecordedSamples): void {
    const e = this.current(runId);
    const first = recorded.facts[0]?.version ?? recorded.version + 1;
    if (!e || e.ctx.run.version !== first - 1) return this.stale(runId);
    for (const f of recorded.facts) e.fold.apply({ kind: "check", data: f.data, version: f.version, chain: null });
    const segments = mergeSegments(e.ctx.segments, recorded.segments);
    // Where this process is the only writer, no position below the round's can still come: the
    // next read starts after it. Elsewhere another instance's round may sit below it, unread.
    const position = this.store.exclusive ? Math.max(e.ctx.segmentsPosition, recorded.touched) : e.ctx.segmentsPosition;
    e.ctx = this.build({ ...e.ctx.run, version: recorded.version }, e.fold, e.ctx, segments, e.ctx.segmentsAtMs, position);
    if (recorded.facts.length) this.maybeSnapshot(runId, e);
  }

  /**
   * Reads the run's segments written since the held context read them (samples recorded by other
   * instances change no version) and puts them in: what changed, not the run's whole summary.
   * True when any came. A run not held, or being read again, is left to that read (it reads the
   * segments too).
   */
  async refreshSegments(runId: string): Promise<boolean> {
    const from = this.current(runId);
    if (!from) return false;
    const base = from.ctx.segmentsPosition;
    const atMs = this.nowMs();
    const since = await this.store.segmentsSince(runId, base);
    const e = this.current(runId);
    if (!e) return since.segments.length > 0;
    const cur = e.ctx;
    // The rows after `base` up to `since.touched` are now held, beside what `cur` holds up to its
    // own position; a position below `base` (another history of reads) is kept as it is.
    const position = cur.segmentsPosition >= base ? Math.max(cur.segmentsPosition, since.touched) : cur.segmentsPosition;
    if (!since.segments.length) e.ctx = { ...cur, segmentsAtMs: atMs, segmentsPosition: position };
    else e.ctx = this.build(cur.run, e.fold, cur, mergeSegments(cur.segments, since.segments), atMs, position);
    return since.segments.length > 0;
  }

  /** The held segments with those written since `ctx` read them put in (the same map when none were), and the new position. */
  private async segmentsAfter(runId: string, ctx: RunContext): Promise<{ segments: Map<string, Segment[]>; touched: number }> {
    const since = await this.store.segmentsSince(runId, ctx.segmentsPosition);
    return { segments: since.segments.length ? mergeSegments(ctx.segments, since.segments) : ctx.segments, touched: since.touched };
  }

  /** A change to the run happened (`version` when known): read what is new before the next use. */
  changed(runId: string, version?: number): void {
    const e = this.entries.get(runId);
    // Our own write, folded already: nothing to read.
    if (e && !e.stale && version !== undefined && version <= e.ctx.run.version) return;
    this.stale(runId);
  }

  private stale(runId: string): void {
    const e = this.entries.get(runId);
    if (e) e.stale = true;
  }
}

/** The run does not exist (the service maps it to a 404). */
export class NotFoundRun extends Error {
  override name = "NotFoundRun";
  constructor(readonly runId: string) {
    super(`run '${runId}' not found`);
  }
}
