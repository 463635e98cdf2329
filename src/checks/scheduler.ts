import type { ParsedCondition } from "../core/conditions/index.ts";
import type { CheckResultFact } from "../core/model/facts.ts";
import { judge, valuesUsed } from "./evaluate.ts";
import type { CheckKind } from "./kinds.ts";
import { ProbeError, type Provider } from "./provider.ts";
import { CancelledError, realSleep, Semaphore, TimeoutError, withDeadline } from "./scheduler-parts.ts";
import { MissingSecretError, Redactor, resolveSecrets } from "./secrets.ts";

/** One check as the scheduler runs it: ids resolved, durations in milliseconds. */
export interface PlannedCheck {
  id: string;
  title?: string;
  kind: CheckKind;
  /** The config as written: `${env:NAME}` is resolved just before probing. */
  config: Record<string, unknown>;
  conditions: readonly ParsedCondition[];
  /** Per attempt. */
  timeoutMs: number;
  /** Extra attempts of a sample that errored (or, for a single-sample check, failed). */
  retries: number;
  /** Samples taken; with `forMs`, as many as fit in the window. */
  count: number;
  intervalMs: number;
  /** Sustained window: the conditions must hold at every sample for this long. */
  forMs?: number;
  /** Samples that may fail (or error) before the check fails (Argo Rollouts' failureLimit). */
  failureLimit: number;
  inconclusiveLimit: number;
  advisory: boolean;
  /** Checks that must pass before this one runs. */
  needs: readonly string[];
}

/** A check's outcome with what the views need beside the recorded fact. */
export interface CheckRun {
  id: string;
  title?: string;
  kind: CheckKind;
  advisory: boolean;
  /** Samples taken. */
  samples: number;
  fact: CheckResultFact;
}

/** Progress, for live views. Texts are already redacted. */
export type SchedulerEvent =
  | { type: "started"; check: string; at: number }
  | { type: "sample"; check: string; index: number; total: number; outcome: CheckResultFact["outcome"] }
  | { type: "finished"; run: CheckRun };

/** Parses a kind's config (the runbook loader validated it already, with secrets unresolved). */
export type ConfigParser = (kind: CheckKind, config: unknown) => { ok: true; config: unknown } | { ok: false; message: string };

export interface SchedulerOptions {
  providers: Readonly<Record<CheckKind, Provider>>;
  parseConfig: ConfigParser;
  concurrency: number;
  /** Where `${env:NAME}` is read from (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Collects resolved secrets; pass one to redact other output (logs) with it too. */
  redactor?: Redactor;
  /** Cancels the run: running probes are aborted, waiting checks are not started. */
  signal?: AbortSignal;
  allowCommands?: boolean;
  /** Epoch milliseconds (injected in tests). */
  clock?: () => number;
  /** Waits between samples and retries (injected in tests: no real sleeps). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Delay before retry n (1-based). Default 250ms doubling, at most 5s. */
  backoff?: (attempt: number) => number;
  onEvent?: (event: SchedulerEvent) => void;
}

export interface RunReport {
  results: CheckRun[];
  cancelled: boolean;
  startedAt: number;
  durationMs: number;
}

interface Sample {
  outcome: CheckResultFact["outcome"];
  conditions: CheckResultFact["conditions"];
  values?: Record<string, unknown>;
  error?: string;
}

const MAX_TEXT = 2_000;

function defaultBackoff(attempt: number): number {
  return Math.min(5_000, 250 * 2 ** (attempt - 1));
}

/** Whether a run lets the release go: every blocking (non-advisory) check passed. */
export function blockingPassed(report: RunReport): boolean {
  return !report.cancelled && report.results.every((r) => r.advisory || r.fact.outcome === "pass");
}

/**
 * Runs checks with bounded concurrency, per-attempt timeouts, retries with backoff, sampling
 * (interval, count, failure and inconclusive limits, sustained windows), `needs` ordering and
 * cancellation. Never throws for a check: every problem becomes that check's error result.
 */
export async function runChecks(checks: readonly PlannedCheck[], opts: SchedulerOptions): Promise<RunReport> {
  const clock = opts.clock ?? Date.now;
  const sleep = opts.sleep ?? realSleep;
  const backoff = opts.backoff ?? defaultBackoff;
  const env = opts.env ?? process.env;
  const redactor = opts.redactor ?? new Redactor();
  const semaphore = new Semaphore(opts.concurrency);
  const signal = opts.signal;
  const emit = opts.onEvent ?? (() => undefined);
  const startedAt = clock();
  const runs = new Map<string, Promise<CheckRun>>();

  const clean = (text: string): string => {
    const t = redactor.redact(text);
    return t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT)}…` : t;
  };
  const cleanValues = (v: unknown, depth = 0): unknown => {
    if (typeof v === "string") return clean(v);
    if (depth > 32 || v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.slice(0, 1_000).map((x) => cleanValues(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[redactor.redact(k)] = cleanValues(x, depth + 1);
    return out;
  };

  const finish = (check: PlannedCheck, started: number, samples: number, s: Sample): CheckRun => {
    const fact: CheckResultFact = {
      check: check.id,
      outcome: s.outcome,
      at: new Date(started).toISOString(),
      duration_ms: Math.max(0, Math.round(clock() - started)),
      conditions: s.conditions.map((c) => ({ source: clean(c.source), outcome: c.outcome, text: clean(c.text) })),
    };
    if (s.error !== undefined) fact.error = clean(s.error);
    if (s.values !== undefined) fact.values = cleanValues(s.values) as Record<string, unknown>;
    const run: CheckRun = { id: check.id, kind: check.kind, advisory: check.advisory, samples, fact };
    if (check.title !== undefined) run.title = check.title;
    emit({ type: "finished", run });
    return run;
  };

  interface Progress {
    /** When the first attempt got a slot: a check "runs" from then on, not while it queues. */
    startedAt?: number;
  }

  const attempt = async (check: PlannedCheck, provider: Provider, config: unknown, uses: Set<string>, progress: Progress): Promise<Sample> => {
    try {
      await semaphore.acquire(signal);
    } catch {
      return { outcome: "error", conditions: [], error: progress.startedAt === undefined ? "cancelled before it ran" : "cancelled" };
    }
    if (progress.startedAt === undefined) {
      progress.startedAt = clock();
      emit({ type: "started", check: check.id, at: progress.startedAt });
    }
    try {
      const values = await withDeadline(check.timeoutMs, signal, (attemptSignal) =>
        provider.probe(config, { signal: attemptSignal, timeoutMs: check.timeoutMs, allowCommands: opts.allowCommands ?? false, uses }),
      );
      const j = judge(check.conditions, values);
      const sample: Sample = { outcome: j.outcome, conditions: j.conditions, values };
      if (j.outcome !== "pass") {
        const cause = provider.explain?.(values) ?? j.reason;
        if (cause !== undefined) sample.error = cause;
      }
      return sample;
    } catch (e) {
      const error =
        e instanceof TimeoutError || e instanceof ProbeError || e instanceof CancelledError
          ? e.message
          : `unexpected ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
      return { outcome: "error", conditions: [], error };
    } finally {
      semaphore.release();
    }
  };

  const sampleWithRetries = async (check: PlannedCheck, provider: Provider, config: unknown, uses: Set<string>, single: boolean, progress: Progress): Promise<Sample> => {
    let last = await attempt(check, provider, config, uses, progress);
    for (let n = 1; n <= check.retries; n++) {
      // A failed sample inside a window is a finding, not a glitch: only a lone check retries it.
      if (last.outcome === "pass" || last.outcome === "inconclusive" || (last.outcome === "fail" && !single)) break;
      if (signal?.aborted) break;
      try {
        await sleep(backoff(n), signal);
      } catch {
        break;
      }
      last = await attempt(check, provider, config, uses, progress);
    }
    return last;
  };

  const runOne = async (check: PlannedCheck): Promise<CheckRun> => {
    // Checks it needs run first; a check never starts while one of them has not passed.
    for (const need of check.needs) {
      const dep = runs.get(need);
      if (!dep) continue;
      const r = await dep;
      if (r.fact.outcome !== "pass") {
        const what = r.fact.outcome === "fail" ? "failed" : r.fact.outcome === "error" ? "failed with an error" : "was inconclusive";
        return finish(check, clock(), 0, { outcome: "error", conditions: [], error: `needs ${need} which ${what}` });
      }
    }
    if (signal?.aborted) return finish(check, clock(), 0, { outcome: "error", conditions: [], error: "cancelled before it ran" });
    const progress: Progress = {};
    const queuedAt = clock();
    const started = () => progress.startedAt ?? queuedAt;
    const provider = opts.providers[check.kind];
    let config: unknown;
    try {
      const parsed = opts.parseConfig(check.kind, resolveSecrets(check.config, env, redactor));
      if (!parsed.ok) return finish(check, started(), 0, { outcome: "error", conditions: [], error: `invalid ${check.kind} config: ${parsed.message}` });
      config = parsed.config;
    } catch (e) {
      const error = e instanceof MissingSecretError ? e.message : `invalid ${check.kind} config: ${String(e)}`;
      return finish(check, started(), 0, { outcome: "error", conditions: [], error });
    }
    const uses = valuesUsed(check.conditions);
    const total = check.forMs !== undefined ? Math.floor(check.forMs / Math.max(1, check.intervalMs)) + 1 : Math.max(1, check.count);
    let failures = 0;
    let inconclusive = 0;
    let last: Sample | undefined;
    for (let i = 0; i < total; i++) {
      if (i > 0) {
        try {
          await sleep(check.intervalMs, signal);
        } catch {
          return finish(check, started(), i, { ...(last ?? { conditions: [] }), outcome: "error", error: `cancelled after ${i} of ${total} samples` });
        }
      }
      const s = await sampleWithRetries(check, provider, config, uses, total === 1, progress);
      last = s;
      emit({ type: "sample", check: check.id, index: i, total, outcome: s.outcome });
      if (s.outcome === "error" && signal?.aborted) {
        const error = progress.startedAt === undefined ? "cancelled before it ran" : i === 0 ? "cancelled" : `cancelled after ${i} of ${total} samples`;
        return finish(check, started(), i + 1, { ...s, error });
      }
      if (s.outcome === "fail" || s.outcome === "error") failures++;
      if (s.outcome === "inconclusive") inconclusive++;
      const where = total > 1 ? `sample ${i + 1} of ${total}` : undefined;
      const annotated = (fallback?: string): Sample => {
        const base = s.error ?? fallback;
        if (where === undefined) return base === undefined ? s : { ...s, error: base };
        return { ...s, error: base === undefined ? where : `${base} (${where})` };
      };
      if (failures > check.failureLimit) return finish(check, started(), i + 1, annotated());
      if (inconclusive > check.inconclusiveLimit) return finish(check, started(), i + 1, annotated());
    }
    // Every sample within the limits: the check passes (shown with its last sample's values).
    const { error: _ignored, ...final } = last ?? { conditions: [] };
    return finish(check, started(), total, { ...final, outcome: "pass" });
  };

  const guarded = async (check: PlannedCheck): Promise<CheckRun> => {
    try {
      return await runOne(check);
    } catch (e) {
      return finish(check, clock(), 0, { outcome: "error", conditions: [], error: `unexpected ${e instanceof Error ? e.message : String(e)}` });
    }
  };

  for (const check of checks) runs.set(check.id, guarded(check));
  const results = await Promise.all(checks.map((c) => runs.get(c.id) as Promise<CheckRun>));
  return { results, cancelled: signal?.aborted ?? false, startedAt, durationMs: Math.max(0, clock() - startedAt) };
}
