import type { ParsedCondition } from "../core/conditions/index.ts";
import type { CheckResultFact } from "../core/model/facts.ts";
import { judge, valuesUsed } from "./evaluate.ts";
import type { CheckKind } from "./kinds.ts";
import { ProbeError, type ProbeContext, type Provider } from "./provider.ts";
import { CancelledError, Deadlines, isoTime, realSleep, Semaphore, TimeoutError } from "./scheduler-parts.ts";
import { AUTH_HEADERS, learnAuthMaterial, SENSITIVE_NAME } from "./auth-material.ts";
import type { FileRoot } from "./check-env.ts";
import { MissingSecretError, REDACTED, Redactor, resolveSecrets } from "./secrets.ts";
import { targetsOf, type TargetGuard } from "./target-guard.ts";

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
  /** The values the conditions read (planCheck works it out once); computed per run if absent. */
  uses?: ReadonlySet<string>;
  /** The config parsed by planCheck when it holds no `${env:NAME}`; else parsed at each run. */
  parsedConfig?: unknown;
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
  /**
   * The environment checks see: `${env:NAME}` and a command's variables. Only what the operator
   * exposed (check-env.ts); default none. Never pass process.env.
   */
  env?: Readonly<Record<string, string>>;
  /** Where the operator exposes variables, named in "not exposed" errors. */
  envSetting?: string;
  /** Where checks may read files (default nowhere). */
  files?: FileRoot;
  /** Refuses targets (golive's own address). */
  guard?: TargetGuard;
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

/** The deciding sample of a sampled check says which it was: `timeout after 5s (sample 3 of 10)`. */
function atSample(s: Sample, i: number, total: number): Sample {
  if (total <= 1) return s;
  const where = `sample ${i + 1} of ${total}`;
  return { ...s, error: s.error === undefined ? where : `${s.error} (${where})` };
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
  const env = opts.env ?? {};
  const files = opts.files ?? null;
  const redactor = opts.redactor ?? new Redactor();
  const semaphore = new Semaphore(opts.concurrency);
  const signal = opts.signal;
  // Events are built only when someone listens: a CI run of thousands of checks has no view.
  const emit = opts.onEvent;
  const startedAt = clock();
  const deadlines = new Deadlines(signal);
  // Checks are started in order, about `concurrency` at a time, rather than all at once: thousands
  // of suspended checks waiting for a slot cost more (in garbage collection) than the probes.
  // A check waiting for what it needs, or sleeping between samples, does not count, so a long
  // `for:` window never holds others back; the semaphore is what bounds probes exactly.
  const results: CheckRun[] = new Array<CheckRun>(checks.length);
  // Only a check another one needs gets a promise to wait on: most have none.
  const needed = new Set<string>();
  for (const check of checks) for (const need of check.needs) needed.add(need);
  const runs = new Map<string, { promise: Promise<CheckRun>; resolve: (run: CheckRun) => void }>();
  for (const check of checks) {
    if (!needed.has(check.id) || runs.has(check.id)) continue;
    let resolve: (run: CheckRun) => void = () => undefined;
    const promise = new Promise<CheckRun>((r) => (resolve = r));
    runs.set(check.id, { promise, resolve });
  }
  let next = 0;
  let active = 0;
  let remaining = checks.length;
  let allDone: () => void = () => undefined;
  const finished = new Promise<void>((r) => (allDone = r));
  const limit = Math.max(1, Math.floor(opts.concurrency));
  const pump = (): void => {
    while (active < limit && next < checks.length) {
      const index = next++;
      active++;
      void drive(checks[index] as PlannedCheck, index);
    }
  };
  // One async frame per check from start to result: no extra promise or closure per check.
  const drive = async (check: PlannedCheck, index: number): Promise<void> => {
    let run: CheckRun;
    try {
      run = await runOne(check);
    } catch (e) {
      run = finish(check, clock(), 0, { outcome: "error", conditions: [], error: `unexpected ${e instanceof Error ? e.message : String(e)}` });
    }
    results[index] = run;
    if (runs.size > 0) runs.get(check.id)?.resolve(run);
    active--;
    if (--remaining === 0) allDone();
    else pump();
  };
  const idle = async <T>(waiting: Promise<T>): Promise<T> => {
    active--;
    pump();
    try {
      return await waiting;
    } finally {
      active++;
    }
  };

  const clean = (text: string): string => {
    const t = redactor.redact(text);
    return t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT)}…` : t;
  };
  // Copy-on-write: values without secrets or long texts (nearly all) are recorded as they are.
  const cleanValues = (v: unknown, depth = 0, sensitive = false): unknown => {
    // A credential's value goes whole, whatever its type (learnAuthMaterial learnt it for the rest).
    if (sensitive && (v === null || typeof v !== "object")) return REDACTED;
    if (typeof v === "string") return clean(v);
    if (depth > 32 || v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) {
      let out: unknown[] | undefined = v.length > 1_000 ? v.slice(0, 1_000) : undefined;
      const list = out ?? v;
      for (let i = 0; i < list.length; i++) {
        const x: unknown = list[i];
        const y = cleanValues(x, depth + 1, sensitive);
        if (y !== x) (out ??= list.slice() as unknown[])[i] = y;
      }
      return out ?? v;
    }
    let out: Record<string, unknown> | undefined;
    const empty = redactor.empty;
    // for-in, not Object.entries: no array per object (values are plain JSON-like records).
    for (const k in v) {
      const x = (v as Record<string, unknown>)[k];
      const key = empty ? k : redactor.redact(k);
      const y = cleanValues(x, depth + 1, sensitive || SENSITIVE_NAME.test(k) || AUTH_HEADERS.has(k.toLowerCase()));
      if (y !== x || key !== k) {
        out ??= { ...(v as Record<string, unknown>) };
        if (key !== k) delete out[k];
        out[key] = y;
      }
    }
    return out ?? v;
  };

  // Copy-on-write too: the judged conditions are the scheduler's own objects.
  const cleanConditions = (list: CheckResultFact["conditions"]): CheckResultFact["conditions"] => {
    let out: CheckResultFact["conditions"] | undefined;
    for (let i = 0; i < list.length; i++) {
      const c = list[i] as CheckResultFact["conditions"][number];
      const source = clean(c.source);
      const text = clean(c.text);
      if (source !== c.source || text !== c.text) (out ??= list.slice())[i] = { source, outcome: c.outcome, text };
    }
    return out ?? list;
  };

  const finish = (check: PlannedCheck, started: number, samples: number, s: Sample): CheckRun => {
    const fact: CheckResultFact = {
      check: check.id,
      outcome: s.outcome,
      at: isoTime(started),
      duration_ms: Math.max(0, Math.round(clock() - started)),
      conditions: cleanConditions(s.conditions),
    };
    if (s.error !== undefined) fact.error = clean(s.error);
    if (s.values !== undefined) fact.values = cleanValues(s.values) as Record<string, unknown>;
    const run: CheckRun = { id: check.id, kind: check.kind, advisory: check.advisory, samples, fact };
    if (check.title !== undefined) run.title = check.title;
    emit?.({ type: "finished", run });
    return run;
  };

  interface Progress {
    /** When the first attempt got a slot: a check "runs" from then on, not while it queues. */
    startedAt?: number;
  }

  const probeContext = (attemptSignal: AbortSignal, timeoutMs: number, uses: ReadonlySet<string>): ProbeContext => {
    const ctx: ProbeContext = { signal: attemptSignal, timeoutMs, allowCommands: opts.allowCommands ?? false, uses, env, files };
    if (opts.guard) ctx.guard = opts.guard;
    return ctx;
  };

  const attempt = async (check: PlannedCheck, provider: Provider, config: unknown, uses: ReadonlySet<string>, progress: Progress): Promise<Sample> => {
    // A free slot (the usual case: checks are started about `concurrency` at a time) is taken
    // without a promise.
    if (!semaphore.tryAcquire(signal)) {
      try {
        await semaphore.acquire(signal);
      } catch {
        return { outcome: "error", conditions: [], error: progress.startedAt === undefined ? "cancelled before it ran" : "cancelled" };
      }
    }
    if (progress.startedAt === undefined) {
      progress.startedAt = clock();
      emit?.({ type: "started", check: check.id, at: progress.startedAt });
    }
    try {
      const values = await deadlines.run(check.timeoutMs, (attemptSignal) =>
        provider.probe(config, probeContext(attemptSignal, check.timeoutMs, uses)),
      );
      learnAuthMaterial(values, redactor);
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

  const sampleWithRetries = (check: PlannedCheck, provider: Provider, config: unknown, uses: ReadonlySet<string>, single: boolean, progress: Progress): Promise<Sample> =>
    // Most checks have no retries: no extra async frame for them.
    check.retries === 0 ? attempt(check, provider, config, uses, progress) : retrying(check, provider, config, uses, single, progress);

  const retrying = async (check: PlannedCheck, provider: Provider, config: unknown, uses: ReadonlySet<string>, single: boolean, progress: Progress): Promise<Sample> => {
    let last = await attempt(check, provider, config, uses, progress);
    for (let n = 1; n <= check.retries; n++) {
      // A failed sample inside a window is a finding, not a glitch: only a lone check retries it.
      if (last.outcome === "pass" || last.outcome === "inconclusive" || (last.outcome === "fail" && !single)) break;
      if (signal?.aborted) break;
      try {
        await idle(sleep(backoff(n), signal));
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
      const r = await idle(dep.promise);
      if (r.fact.outcome !== "pass") {
        const what = r.fact.outcome === "fail" ? "failed" : r.fact.outcome === "error" ? "failed with an error" : "was inconclusive";
        return finish(check, clock(), 0, { outcome: "error", conditions: [], error: `needs ${need} which ${what}` });
      }
    }
    if (signal?.aborted) return finish(check, clock(), 0, { outcome: "error", conditions: [], error: "cancelled before it ran" });
    const progress: Progress = {};
    const queuedAt = clock();
    const provider = opts.providers[check.kind];
    let config: unknown = check.parsedConfig;
    if (config === undefined) {
      try {
        const parsed = opts.parseConfig(check.kind, resolveSecrets(check.config, env, redactor, opts.envSetting));
        if (!parsed.ok) return finish(check, queuedAt, 0, { outcome: "error", conditions: [], error: `invalid ${check.kind} config: ${parsed.message}` });
        config = parsed.config;
      } catch (e) {
        const error = e instanceof MissingSecretError ? e.message : `invalid ${check.kind} config: ${String(e)}`;
        return finish(check, queuedAt, 0, { outcome: "error", conditions: [], error });
      }
    }
    if (opts.guard) {
      for (const t of targetsOf(config)) {
        const refused = await opts.guard(t.host, t.port);
        if (refused !== undefined) return finish(check, queuedAt, 0, { outcome: "error", conditions: [], error: refused });
      }
    }
    const uses = check.uses ?? valuesUsed(check.conditions);
    const total = check.forMs !== undefined ? Math.floor(check.forMs / Math.max(1, check.intervalMs)) + 1 : Math.max(1, check.count);
    let failures = 0;
    let inconclusive = 0;
    let last: Sample | undefined;
    for (let i = 0; i < total; i++) {
      if (i > 0) {
        try {
          await idle(sleep(check.intervalMs, signal));
        } catch {
          return finish(check, (progress.startedAt ?? queuedAt), i, { ...(last ?? { conditions: [] }), outcome: "error", error: `cancelled after ${i} of ${total} samples` });
        }
      }
      const s = await sampleWithRetries(check, provider, config, uses, total === 1, progress);
      last = s;
      emit?.({ type: "sample", check: check.id, index: i, total, outcome: s.outcome });
      if (s.outcome === "error" && signal?.aborted) {
        const error = progress.startedAt === undefined ? "cancelled before it ran" : i === 0 ? "cancelled" : `cancelled after ${i} of ${total} samples`;
        return finish(check, (progress.startedAt ?? queuedAt), i + 1, { ...s, error });
      }
      if (s.outcome === "fail" || s.outcome === "error") failures++;
      if (s.outcome === "inconclusive") inconclusive++;
      if (failures > check.failureLimit || inconclusive > check.inconclusiveLimit) return finish(check, (progress.startedAt ?? queuedAt), i + 1, atSample(s, i, total));
    }
    // Every sample within the limits: the check passes (shown with its last sample's values).
    const passed: Sample = { outcome: "pass", conditions: last?.conditions ?? [] };
    if (last?.values !== undefined) passed.values = last.values;
    return finish(check, (progress.startedAt ?? queuedAt), total, passed);
  };

  if (checks.length === 0) allDone();
  pump();
  try {
    await finished;
  } finally {
    deadlines.dispose();
  }
  return { results, cancelled: signal?.aborted ?? false, startedAt, durationMs: Math.max(0, clock() - startedAt) };
}
