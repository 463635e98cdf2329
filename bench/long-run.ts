// npm run bench:long-run [-- --postgres]: seed 000's 4-week pilot (examples/pancake-crm-pilot.yaml)
// with its 48 checks sampled every minute for 28 days (≈1.9 M samples, in scheduler rounds through
// the server's own path: store.recordSamples + RunService.applySamples) and about 100 human facts
// (items, incidents with updates, phases: store.appendFact + invalidate, as the routes do), with
// hourly downsampling as the scheduler does it. Beside it, in the same process and store, a fresh
// run of the same runbook with one hour of samples and the same human writes. Measures status
// after a write, the write itself, the change feed's delivery (SSE), RSS and database size, and
// startup (reopen the store, first status) on the long run.
// Last line: {"bench":"long-run","results":N,"status_p99_ms":…,"fresh_status_p99_ms":…,"write_p99_ms":…,
// "fresh_write_p99_ms":…,"sse_p99_ms":…,"rss_mb":…,"db_mb":…,"startup_ms":…}
import { readFile, readdir, stat, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { checkKinds } from "../src/checks/kinds.ts";
import { applyServeV8Flags } from "../src/cli/low-memory.ts";
import type { CheckResultFact } from "../src/core/model/facts.ts";
import { loadRunbookText } from "../src/format/load.ts";
import { buildApp } from "../src/server/app.ts";
import { DEFAULT_KEEP_SAMPLES } from "../src/server/checks-service.ts";
import type { ServerContext } from "../src/server/context.ts";
import { openStore } from "../src/store/open.ts";
import type { FactInput, Store } from "../src/store/store.ts";
import { startPostgres, type TestPostgres } from "../src/testing/postgres.ts";

// Run compiled (tsconfig.bench.json, as the installed package runs dist/): its RSS is the code's, not
// tsx's loader's. npm runs it from the package root.
const RUNBOOK = join(process.cwd(), "examples/pancake-crm-pilot.yaml");
const DAYS = Number(process.env.BENCH_DAYS ?? 28);
const EVERY_MS = 60_000;
const START = Date.parse("2026-06-01T00:00:00Z");
const HUMAN = 100;
const log = (s: string) => process.stderr.write(`${s}\n`);

const p99 = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor(s.length * 0.99))] ?? 0) * 100) / 100;
};

/** A deterministic outcome: each check has a few failing stretches (minutes to an hour) in four weeks. */
function outcomeOf(check: number, minute: number): CheckResultFact["outcome"] {
  const h = Math.imul(check + 1, 2654435761) ^ Math.imul(Math.floor(minute / 360), 40503);
  const x = (h >>> 0) % 1000;
  if (x < 6) return minute % 360 < (x + 1) * 10 ? "fail" : "pass";
  if (x === 7 && minute % 360 < 3) return "error";
  return "pass";
}

const sample = (check: string, index: number, atMs: number): CheckResultFact => ({
  check, outcome: outcomeOf(index, Math.floor((atMs - START) / 60_000)), at: new Date(atMs).toISOString(), duration_ms: 20 + (index % 7) * 3,
  conditions: [{ source: "value < 1s", outcome: "pass", text: `value (${0.1 + (index % 5) / 10}s) < 1s` }], values: { value: 0.1 + (index % 5) / 10 },
});

interface Clock { ms: number; now(): Date }

/** The human facts of a pilot: items ticked, incidents opened, updated and resolved, phases. */
function humanFact(i: number, at: string, items: string[]): { fact: FactInput; action: string; subject: string } {
  const inc = `inc-${Math.floor(i / 10)}`;
  switch (i % 10) {
    case 3: return { fact: { kind: "incident", data: { id: inc, title: `Pilot incident ${i}`, severity: "P2", opened_at: at, opened_by: "bench", updates: [] } }, action: "incident.open", subject: `incident:${inc}` };
    case 5: return { fact: { kind: "incident_update", data: { id: inc, at, by: "bench", text: "mitigated" } }, action: "incident.update", subject: `incident:${inc}` };
    case 7: return { fact: { kind: "incident_resolve", data: { id: inc, at, by: "bench" } }, action: "incident.resolve", subject: `incident:${inc}` };
    default: {
      const item = items[i % items.length] ?? "x";
      return { fact: { kind: "item", data: { item, state: i % 20 === 0 ? "not_done" : "done", by: "bench", at, evidence: [{ kind: "text", value: `ticket ${i}` }] } }, action: "item.set", subject: `item:${item}` };
    }
  }
}

interface Measured { status: number[]; write: number[]; sse: number[]; results: number }

/** Minutes of rounds written per transaction: the bench simulates weeks, so rounds go in batches (same code path). */
const BATCH_MINUTES = Number(process.env.BENCH_BATCH_MINUTES ?? 60);

const rssMb = (): number => Math.round(process.memoryUsage().rss / 1e6);
const gc = (globalThis as { gc?: () => void }).gc;

/**
 * RSS after a full collection (the memory the process holds; without one, RSS also counts garbage
 * V8 has not collected yet, which the log line shows as `before gc`).
 */
function heldRss(): { rss: number; beforeGc: number } {
  const beforeGc = rssMb();
  gc?.();
  return { rss: rssMb(), beforeGc };
}

/** Samples a run for `minutes` and writes `HUMAN` human facts spread over it; status read after each write. */
async function drive(ctx: ServerContext, store: Store, clock: Clock, runId: string, checks: string[], items: string[], minutes: number, t0: number, peak: { rss: number }): Promise<Measured> {
  const m: Measured = { status: [], write: [], sse: [], results: 0 };
  const humanEvery = Math.max(1, Math.floor(minutes / HUMAN));
  let pendingSse: { at: number } | null = null;
  const unsubscribe = await ctx.feed.subscribe(runId, (await store.auditHead()).seq, () => {
    if (pendingSse) m.sse.push(performance.now() - pendingSse.at);
    pendingSse = null;
    return true;
  });
  // The runbook is parsed once per process (cached by hash): not part of a status after a write.
  await ctx.runs.statusJson(runId);
  let human = 0;
  let lastRollup = t0;
  let day = 0;
  for (let minute = 0; minute < minutes;) {
    // One batch of rounds, stopping where a human fact is due (it lands between rounds, in time order).
    const round: CheckResultFact[] = [];
    const end = Math.min(minutes, minute + BATCH_MINUTES);
    let humanDue = false;
    for (; minute < end && !humanDue; minute++) {
      clock.ms = t0 + minute * EVERY_MS;
      checks.forEach((c, i) => round.push(sample(c, i, clock.ms + (i % 50))));
      humanDue = minute % humanEvery === humanEvery - 1 && human < HUMAN;
    }
    // As CheckService.execute records a round: the samples' transaction, then the cache takes it in.
    const recorded = await store.recordSamples(runId, round, { actor: "golive:scheduler", at: clock.now().toISOString() });
    ctx.runs.applySamples(runId, recorded);
    m.results += round.length;
    if (clock.ms - lastRollup >= 10 * 60_000) {
      await store.rollupSamples(runId, clock.ms, DEFAULT_KEEP_SAMPLES);
      lastRollup = clock.ms;
    }
    if (humanDue) {
      clock.ms += 1_000;
      const h = humanFact(human++, clock.now().toISOString(), items);
      // As the routes write: RunService.append (fact, audit event, the run's cached state).
      const w0 = performance.now();
      await ctx.runs.append(runId, h.fact, { actor: "bench", at: clock.now().toISOString(), action: h.action, subject: h.subject });
      const w1 = performance.now();
      m.write.push(w1 - w0);
      pendingSse = { at: w1 };
      await ctx.feed.poll();
      const s0 = performance.now();
      await ctx.runs.statusJson(runId);
      m.status.push(performance.now() - s0);
    }
    if (Math.floor(minute / 1440) > day) {
      day = Math.floor(minute / 1440);
      const r = heldRss();
      peak.rss = Math.max(peak.rss, r.rss);
      const mu = process.memoryUsage();
      if (day % 7 === 0 || process.env.BENCH_VERBOSE) log(`  day ${day}: ${m.results} results, rss ${r.rss} MB (before gc ${r.beforeGc}; heap ${Math.round(mu.heapUsed / 1e6)}, external ${Math.round(mu.external / 1e6)}, array buffers ${Math.round(mu.arrayBuffers / 1e6)})`);
    }
  }
  unsubscribe();
  return m;
}

async function dirSize(dir: string): Promise<number> {
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) n += (await stat(join(e.parentPath, e.name))).size;
  return n;
}

async function main(): Promise<void> {
  // The V8 settings `golive serve` runs with (before PGlite's WebAssembly is compiled): the bench
  // measures the server as it runs (GOLIVE_LOW_MEMORY=0 turns them off, as for serve).
  const flags = applyServeV8Flags();
  const usePg = process.argv.includes("--postgres");
  let pgServer: TestPostgres | undefined;
  let dir: string | undefined;
  let db: string;
  if (usePg) {
    pgServer = await startPostgres();
    db = pgServer.url;
  } else {
    dir = await mkdtemp(join(tmpdir(), "golive-long-run-"));
    db = `pglite:${dir}`;
  }
  const source = await readFile(RUNBOOK, "utf8");
  const parsed = loadRunbookText(source, RUNBOOK, checkKinds);
  if (!parsed.ok) throw new Error("seed runbook does not load");
  const checks = parsed.loaded.runbook.checks.map((c) => c.id);
  const items = parsed.loaded.runbook.sections.flatMap(function walk(s): string[] { return [...s.items.filter((i) => !i.check).map((i) => i.id), ...(s.sections ?? []).flatMap(walk)]; });
  const clock: Clock = { ms: START, now() { return new Date(this.ms); } };
  let store = await openStore(db);
  try {
    const rb = await store.putRunbook({ source, runbookId: "pancake-crm-pilot", title: "pilot" }, { actor: "bench", at: new Date(START).toISOString() });
    let { app, ctx } = await buildApp({ store, clock, statusRefreshMs: 0 });
    await store.createRun({ id: "pilot", name: "4-week pilot", runbookHash: rb.hash, meta: { started_at: new Date(START).toISOString() } }, { actor: "bench", at: new Date(START).toISOString() });
    log(`long-run: ${checks.length} checks every ${EVERY_MS / 1000}s for ${DAYS} days on ${store.driver}; V8 flags: ${flags.join(" ") || "none"}`);
    const t0 = performance.now();
    const peak = { rss: 0 };
    const long = await drive(ctx, store, clock, "pilot", checks, items, DAYS * 1440, START, peak);
    log(`  recorded ${long.results} results in ${Math.round((performance.now() - t0) / 1000)} s`);
    const freshStart = clock.ms + 60_000;
    await store.createRun({ id: "fresh", name: "fresh run", runbookHash: rb.hash, meta: { started_at: new Date(freshStart).toISOString() } }, { actor: "bench", at: new Date(freshStart).toISOString() });
    const fresh = await drive(ctx, store, clock, "fresh", checks, items, 120, freshStart, peak);
    await app.close();
    await store.close();
    // Startup: open the store on the same database, build the app, first status of the long run.
    const s0 = performance.now();
    store = await openStore(db);
    ({ app, ctx } = await buildApp({ store, clock, statusRefreshMs: 0 }));
    await ctx.runs.statusJson("pilot");
    const startupMs = Math.round(performance.now() - s0);
    // A 4-week history chart of one check, hourly.
    const c0 = performance.now();
    const chart = await store.sampleHistory("pilot", checks[0] ?? "", { fromMs: START, toMs: START + DAYS * 86_400_000, width: "1h" });
    const chartMs = Math.round((performance.now() - c0) * 100) / 100;
    const segments = (await store.loadSegments("pilot")).length;
    const facts = (await store.loadFacts("pilot"))?.facts;
    await app.close();
    // The highest RSS held: once a day of the long run, and at the end (after startup's reads).
    peak.rss = Math.max(peak.rss, heldRss().rss);
    let dbMb: number;
    if (dir) {
      await store.close();
      dbMb = Math.round(await dirSize(dir) / 1e6);
    } else {
      const { default: pg } = await import("pg");
      const c = new pg.Client({ connectionString: db });
      await c.connect();
      const r = await c.query<{ n: string }>("SELECT pg_database_size(current_database()) AS n");
      await c.end();
      await store.close();
      dbMb = Math.round(Number(r.rows[0]?.n ?? 0) / 1e6);
    }
    log(`  long: ${segments} summary segments, ${facts?.checks.length ?? 0} check facts (outcome changes) in the log, chart of ${chart.length} hours in ${chartMs} ms`);
    log(`  status p99 ${p99(long.status)} ms (fresh ${p99(fresh.status)}), write p99 ${p99(long.write)} ms (fresh ${p99(fresh.write)}), sse p99 ${p99(long.sse)} ms`);
    log(`  ratios: status ${(p99(long.status) / p99(fresh.status)).toFixed(2)}, write ${(p99(long.write) / p99(fresh.write)).toFixed(2)}; history chart (4 weeks, hourly) ${chartMs} ms`);
    process.stdout.write(`${JSON.stringify({
      bench: "long-run", results: long.results, status_p99_ms: p99(long.status), fresh_status_p99_ms: p99(fresh.status),
      write_p99_ms: p99(long.write), fresh_write_p99_ms: p99(fresh.write), sse_p99_ms: p99(long.sse), rss_mb: peak.rss, db_mb: dbMb, startup_ms: startupMs,
    })}\n`);
  } finally {
    await store.close().catch(() => undefined);
    await pgServer?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

await main();
