import { judge, valuesUsed } from "./evaluate.js";
import { ProbeError } from "./provider.js";
import { CancelledError, Deadlines, isoTime, realSleep, Semaphore, TimeoutError } from "./scheduler-parts.js";
import { AUTH_HEADERS, learnAuthMaterial, SENSITIVE_NAME } from "./auth-material.js";
import { MissingSecretError, REDACTED, Redactor, resolveSecrets } from "./secrets.js";
import { targetsOf } from "./target-guard.js";
const MAX_TEXT = 2_000;
function defaultBackoff(attempt) {
    return Math.min(5_000, 250 * 2 ** (attempt - 1));
}
/** The deciding sample of a sampled check says which it was: `timeout after 5s (sample 3 of 10)`. */
function atSample(s, i, total) {
    if (total <= 1)
        return s;
    const where = `sample ${i + 1} of ${total}`;
    return { ...s, error: s.error === undefined ? where : `${s.error} (${where})` };
}
/** Whether a run lets the release go: every blocking (non-advisory) check passed. */
export function blockingPassed(report) {
    return !report.cancelled && report.results.every((r) => r.advisory || r.fact.outcome === "pass");
}
/**
 * Runs checks with bounded concurrency, per-attempt timeouts, retries with backoff, sampling
 * (interval, count, failure and inconclusive limits, sustained windows), `needs` ordering and
 * cancellation. Never throws for a check: every problem becomes that check's error result.
 */
export async function runChecks(checks, opts) {
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
    const results = new Array(checks.length);
    // Only a check another one needs gets a promise to wait on: most have none.
    const needed = new Set();
    for (const check of checks)
        for (const need of check.needs)
            needed.add(need);
    const runs = new Map();
    for (const check of checks) {
        if (!needed.has(check.id) || runs.has(check.id))
            continue;
        let resolve = () => undefined;
        const promise = new Promise((r) => (resolve = r));
        runs.set(check.id, { promise, resolve });
    }
    let next = 0;
    let active = 0;
    let remaining = checks.length;
    let allDone = () => undefined;
    const finished = new Promise((r) => (allDone = r));
    const limit = Math.max(1, Math.floor(opts.concurrency));
    const pump = () => {
        while (active < limit && next < checks.length) {
            const index = next++;
            active++;
            void drive(checks[index], index);
        }
    };
    // One async frame per check from start to result: no extra promise or closure per check.
    const drive = async (check, index) => {
        let run;
        try {
            run = await runOne(check);
        }
        catch (e) {
            run = finish(check, clock(), 0, { outcome: "error", conditions: [], error: `unexpected ${e instanceof Error ? e.message : String(e)}` });
        }
        results[index] = run;
        if (runs.size > 0)
            runs.get(check.id)?.resolve(run);
        active--;
        if (--remaining === 0)
            allDone();
        else
            pump();
    };
    const idle = async (waiting) => {
        active--;
        pump();
        try {
            return await waiting;
        }
        finally {
            active++;
        }
    };
    const clean = (text) => {
        const t = redactor.redact(text);
        return t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT)}…` : t;
    };
    // Copy-on-write: values without secrets or long texts (nearly all) are recorded as they are.
    const cleanValues = (v, depth = 0, sensitive = false) => {
        // A credential's value goes whole, whatever its type (learnAuthMaterial learnt it for the rest).
        if (sensitive && (v === null || typeof v !== "object"))
            return REDACTED;
        if (typeof v === "string")
            return clean(v);
        if (depth > 32 || v === null || typeof v !== "object")
            return v;
        if (Array.isArray(v)) {
            let out = v.length > 1_000 ? v.slice(0, 1_000) : undefined;
            const list = out ?? v;
            for (let i = 0; i < list.length; i++) {
                const x = list[i];
                const y = cleanValues(x, depth + 1, sensitive);
                if (y !== x)
                    (out ??= list.slice())[i] = y;
            }
            return out ?? v;
        }
        let out;
        const empty = redactor.empty;
        // for-in, not Object.entries: no array per object (values are plain JSON-like records).
        for (const k in v) {
            const x = v[k];
            const key = empty ? k : redactor.redact(k);
            const y = cleanValues(x, depth + 1, sensitive || SENSITIVE_NAME.test(k) || AUTH_HEADERS.has(k.toLowerCase()));
            if (y !== x || key !== k) {
                out ??= { ...v };
                if (key !== k)
                    delete out[k];
                out[key] = y;
            }
        }
        return out ?? v;
    };
    // Copy-on-write too: the judged conditions are the scheduler's own objects.
    const cleanConditions = (list) => {
        let out;
        for (let i = 0; i < list.length; i++) {
            const c = list[i];
            const source = clean(c.source);
            const text = clean(c.text);
            if (source !== c.source || text !== c.text)
                (out ??= list.slice())[i] = { source, outcome: c.outcome, text };
        }
        return out ?? list;
    };
    const finish = (check, started, samples, s) => {
        const fact = {
            check: check.id,
            outcome: s.outcome,
            at: isoTime(started),
            duration_ms: Math.max(0, Math.round(clock() - started)),
            conditions: cleanConditions(s.conditions),
        };
        if (s.error !== undefined)
            fact.error = clean(s.error);
        if (s.values !== undefined)
            fact.values = cleanValues(s.values);
        const run = { id: check.id, kind: check.kind, advisory: check.advisory, samples, fact };
        if (check.title !== undefined)
            run.title = check.title;
        emit?.({ type: "finished", run });
        return run;
    };
    const probeContext = (attemptSignal, timeoutMs, uses) => {
        const ctx = { signal: attemptSignal, timeoutMs, allowCommands: opts.allowCommands ?? false, uses, env, files };
        if (opts.guard)
            ctx.guard = opts.guard;
        return ctx;
    };
    const attempt = async (check, provider, config, uses, progress) => {
        // A free slot (the usual case: checks are started about `concurrency` at a time) is taken
        // without a promise.
        if (!semaphore.tryAcquire(signal)) {
            try {
                await semaphore.acquire(signal);
            }
            catch {
                return { outcome: "error", conditions: [], error: progress.startedAt === undefined ? "cancelled before it ran" : "cancelled" };
            }
        }
        if (progress.startedAt === undefined) {
            progress.startedAt = clock();
            emit?.({ type: "started", check: check.id, at: progress.startedAt });
        }
        try {
            const values = await deadlines.run(check.timeoutMs, (attemptSignal) => provider.probe(config, probeContext(attemptSignal, check.timeoutMs, uses)));
            learnAuthMaterial(values, redactor);
            const j = judge(check.conditions, values);
            const sample = { outcome: j.outcome, conditions: j.conditions, values };
            if (j.outcome !== "pass") {
                const cause = provider.explain?.(values) ?? j.reason;
                if (cause !== undefined)
                    sample.error = cause;
            }
            return sample;
        }
        catch (e) {
            const error = e instanceof TimeoutError || e instanceof ProbeError || e instanceof CancelledError
                ? e.message
                : `unexpected ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
            return { outcome: "error", conditions: [], error };
        }
        finally {
            semaphore.release();
        }
    };
    const sampleWithRetries = (check, provider, config, uses, single, progress) => 
    // Most checks have no retries: no extra async frame for them.
    check.retries === 0 ? attempt(check, provider, config, uses, progress) : retrying(check, provider, config, uses, single, progress);
    const retrying = async (check, provider, config, uses, single, progress) => {
        let last = await attempt(check, provider, config, uses, progress);
        for (let n = 1; n <= check.retries; n++) {
            // A failed sample inside a window is a finding, not a glitch: only a lone check retries it.
            if (last.outcome === "pass" || last.outcome === "inconclusive" || (last.outcome === "fail" && !single))
                break;
            if (signal?.aborted)
                break;
            try {
                await idle(sleep(backoff(n), signal));
            }
            catch {
                break;
            }
            last = await attempt(check, provider, config, uses, progress);
        }
        return last;
    };
    const runOne = async (check) => {
        // Checks it needs run first; a check never starts while one of them has not passed.
        for (const need of check.needs) {
            const dep = runs.get(need);
            if (!dep)
                continue;
            const r = await idle(dep.promise);
            if (r.fact.outcome !== "pass") {
                const what = r.fact.outcome === "fail" ? "failed" : r.fact.outcome === "error" ? "failed with an error" : "was inconclusive";
                return finish(check, clock(), 0, { outcome: "error", conditions: [], error: `needs ${need} which ${what}` });
            }
        }
        if (signal?.aborted)
            return finish(check, clock(), 0, { outcome: "error", conditions: [], error: "cancelled before it ran" });
        const progress = {};
        const queuedAt = clock();
        const provider = opts.providers[check.kind];
        let config = check.parsedConfig;
        if (config === undefined) {
            try {
                const parsed = opts.parseConfig(check.kind, resolveSecrets(check.config, env, redactor, opts.envSetting));
                if (!parsed.ok)
                    return finish(check, queuedAt, 0, { outcome: "error", conditions: [], error: `invalid ${check.kind} config: ${parsed.message}` });
                config = parsed.config;
            }
            catch (e) {
                const error = e instanceof MissingSecretError ? e.message : `invalid ${check.kind} config: ${String(e)}`;
                return finish(check, queuedAt, 0, { outcome: "error", conditions: [], error });
            }
        }
        if (opts.guard) {
            for (const t of targetsOf(config)) {
                const refused = await opts.guard(t.host, t.port);
                if (refused !== undefined)
                    return finish(check, queuedAt, 0, { outcome: "error", conditions: [], error: refused });
            }
        }
        const uses = check.uses ?? valuesUsed(check.conditions);
        const total = check.forMs !== undefined ? Math.floor(check.forMs / Math.max(1, check.intervalMs)) + 1 : Math.max(1, check.count);
        let failures = 0;
        let inconclusive = 0;
        let last;
        for (let i = 0; i < total; i++) {
            if (i > 0) {
                try {
                    await idle(sleep(check.intervalMs, signal));
                }
                catch {
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
            if (s.outcome === "fail" || s.outcome === "error")
                failures++;
            if (s.outcome === "inconclusive")
                inconclusive++;
            if (failures > check.failureLimit || inconclusive > check.inconclusiveLimit)
                return finish(check, (progress.startedAt ?? queuedAt), i + 1, atSample(s, i, total));
        }
        // Every sample within the limits: the check passes (shown with its last sample's values).
        const passed = { outcome: "pass", conditions: last?.conditions ?? [] };
        if (last?.values !== undefined)
            passed.values = last.values;
        return finish(check, (progress.startedAt ?? queuedAt), total, passed);
    };
    if (checks.length === 0)
        allDone();
    pump();
    try {
        await finished;
    }
    finally {
        deadlines.dispose();
    }
    return { results, cancelled: signal?.aborted ?? false, startedAt, durationMs: Math.max(0, clock() - startedAt) };
}
