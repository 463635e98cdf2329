// npm run bench:long-run [-- --postgres]: seed 000's 4-week pilot (examples/pancake-crm-pilot.yaml)
// with its 48 checks sampled every minute for 28 days (1,935,360 samples, in scheduler rounds
// through the server's own path: store.recordSamples + RunService.applySamples, ten minutes of
// rounds per transaction to simulate weeks) and 100 human facts spread over the weeks (items,
// incidents with updates: RunService.append, as the routes write), with the scheduler's
// downsampling every 10 minutes. Then, in the same process and store, a fresh run of the same
// runbook with one hour of rounds; then both side by side, alternating: each minute a round of
// each run, a human write on each and the status after it (BENCH_MEASURED, 200 each), so the
// machine's load and the garbage collector fall on both alike. Measures the write, the status after
// it and the change feed's delivery (SSE); the long run's writes during the weeks too; the highest
// RSS seen (once a day and at the end, without forcing a collection), the database's size, and the
// restart in a process of its own (open the store, build the app, the long run's first status).
// Last line: {"bench":"long-run","results":N,"status_p99_ms":…,"fresh_status_p99_ms":…,"write_p99_ms":…,
// "fresh_write_p99_ms":…,"sse_p99_ms":…,"rss_mb":…,"db_mb":…,"tables_mb":…,"startup_ms":…,"chart_ms":…,"chart_p50_ms":…,"minutes_chart_p50_ms":…}
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { readFile, readdir, stat, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { applyServeV8Flags, SERVE_ENV, SERVE_NODE_ARGS, startedLean } from "../src/cli/low-memory.ts";
import type { CheckResultFact } from "../src/core/model/facts.ts";
import type { ServerContext } from "../src/server/context.ts";
import type { FactInput, Store } from "../src/store/store.ts";
import type { TestPostgres } from "../src/testing/postgres.ts";

// The V8 settings `golive serve` runs with, set as serve sets them: before the server's modules
// load (the young generation grows while they load, and a growth factor set later keeps what it
// grew to) and before PGlite's WebAssembly is compiled. GOLIVE_LOW_MEMORY=0 turns them off, as for serve.
const flags = applyServeV8Flags();
// The settings bin/golive's first line starts serve with (the npm script passes them; see low-memory.ts).
const lean = startedLean();
if (!lean && process.env.GOLIVE_LOW_MEMORY !== "0") process.stderr.write(`long-run: started without golive's start settings (${Object.entries(SERVE_ENV).map(([k, v]) => `${k}=${v}`).join(" ")} node ${SERVE_NODE_ARGS.join(" ")}): run it with npm run bench:long-run\n`);
const { checkKinds } = await import("../src/checks/kinds.ts");
const { loadRunbookText } = await import("../src/format/load.ts");
const { buildApp } = await import("../src/server/app.ts");
const { DEFAULT_KEEP_SAMPLES } = await import("../src/server/checks-service.ts");
const { openStore } = await import("../src/store/open.ts");
const { startPostgres } = await import("../src/testing/postgres.ts");

// Run compiled (tsconfig.bench.json, as the installed package runs dist/): its RSS is the code's, not
// tsx's loader's. npm runs it from the package root.
const RUNBOOK = join(process.cwd(), "examples/pancake-crm-pilot.yaml");
const DAYS = Number(process.env.BENCH_DAYS ?? 28);
const EVERY_MS = 60_000;
const START = Date.parse("2026-06-01T00:00:00Z");
const HUMAN = 100;
const log = (s: string) => process.stderr.write(`${s}\n`);

/** The q-th quantile by nearest rank (p99 of 200 values: the second highest). */
const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.max(0, Math.ceil(s.length * q) - 1))] ?? 0) * 100) / 100;
};
const p99 = (xs: number[]): number => quantile(xs, 0.99);
const median = (xs: number[]): number => quantile(xs, 0.5);

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

/** How long each of `n` calls of `f` took, one after another. */
async function timed(n: number, f: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f();
    out.push(performance.now() - t0);
  }
  return out;
}

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

interface Measured { status: number[]; write: number[]; sse: number[] }

/**
 * Minutes of rounds written per transaction while the bench simulates weeks (same code path, ten
 * rounds at once; a round a human write follows goes alone). Whole hours at once made PostgreSQL's
 * statements, and so PGlite's memory, far larger than a server's one-minute rounds ever do.
 */
const BATCH_MINUTES = Number(process.env.BENCH_BATCH_MINUTES ?? 10);
/** Human writes measured side by side at the end, on each run. */
const MEASURED = Number(process.env.BENCH_MEASURED ?? 200);

const rssMb = (): number => Math.round(process.memoryUsage().rss / 1e6);
const gc = (globalThis as { gc?: () => void }).gc;

/**
 * The process's resident memory by kind, from /proc/self/smaps: WebAssembly memory (PGlite's
 * PostgreSQL: V8 reserves 8 GB or more for a memory and makes the part in use readable; that part
 * is the mapping right before the rest of the reservation), the node binary's pages, malloc's heap,
 * and other anonymous memory (V8's heap and code, thread stacks).
 */
function rssBreakdown(): string {
  const by = { wasm: 0, node: 0, malloc: 0, anon: 0, files: 0 };
  let prev: { end: bigint; anonRw: boolean; rss: number } | undefined;
  for (const block of readFileSync("/proc/self/smaps", "utf8").split(/\n(?=[0-9a-f]+-[0-9a-f]+ )/)) {
    const head = block.slice(0, block.indexOf("\n")).split(/\s+/);
    const [from = "0", to = "0"] = (head[0] ?? "").split("-");
    const kb = (field: string): number => Number(new RegExp(`\\n${field}:\\s+(\\d+) kB`).exec(block)?.[1] ?? 0);
    const path = head.slice(5).join(" ");
    const rss = kb("Rss");
    // The reservation's rest follows the memory in use: move that one from "anon" to "wasm".
    if (!path && head[1] === "---p" && kb("Size") >= 4 * 1024 * 1024 && prev?.anonRw && prev.end === BigInt(`0x${from}`)) {
      by.anon -= prev.rss;
      by.wasm += prev.rss;
    }
    if (path === "[heap]") by.malloc += rss;
    else if (path.endsWith("/node")) by.node += rss;
    else if (!path || path.startsWith("[")) by.anon += rss;
    else by.files += rss;
    prev = { end: BigInt(`0x${to}`), anonRw: !path && head[1] === "rw-p", rss };
  }
  return Object.entries(by).map(([k, v]) => `${k} ${Math.round(v / 1024)} MB`).join(", ");
}

/** One run as the bench drives it: its checks, items, human facts written so far and when its rollup last ran. */
interface Driven { id: string; human: number; lastRollupMs: number; results: number; m: Measured; pendingSse: { at: number } | null }

/** Records the rounds of minutes [from, to) of a run in one transaction, as CheckService.execute records a round. */
async function rounds(ctx: ServerContext, store: Store, clock: Clock, run: Driven, checks: string[], fromMs: number, minutes: number): Promise<void> {
  const round: CheckResultFact[] = [];
  for (let k = 0; k < minutes; k++) {
    const at = fromMs + k * EVERY_MS;
    checks.forEach((c, i) => round.push(sample(c, i, at + (i % 50))));
  }
  clock.ms = fromMs + (minutes - 1) * EVERY_MS;
  // The samples' transaction, then the cache takes it in.
  const recorded = await store.recordSamples(run.id, round, { actor: "golive:scheduler", at: clock.now().toISOString() });
  ctx.runs.applySamples(run.id, recorded);
  run.results += round.length;
  // The scheduler's downsampling, every 10 minutes of a run.
  if (clock.ms - run.lastRollupMs >= 10 * 60_000) {
    await store.rollupSamples(run.id, clock.ms, DEFAULT_KEEP_SAMPLES);
    run.lastRollupMs = clock.ms;
  }
}

/** A human write as the routes make it (RunService.append: fact, audit event, cached state), then the status after it. */
async function humanWrite(ctx: ServerContext, clock: Clock, run: Driven, items: string[]): Promise<void> {
  clock.ms += 1_000;
  const h = humanFact(run.human++, clock.now().toISOString(), items);
  const w0 = performance.now();
  await ctx.runs.append(run.id, h.fact, { actor: "bench", at: clock.now().toISOString(), action: h.action, subject: h.subject });
  const w1 = performance.now();
  run.m.write.push(w1 - w0);
  run.pendingSse = { at: w1 };
  await ctx.feed.poll();
  const s0 = performance.now();
  await ctx.runs.statusJson(run.id);
  run.m.status.push(performance.now() - s0);
}

/** Subscribes to the run's change feed: each human write's delivery time goes to its `sse` list. */
async function watch(ctx: ServerContext, store: Store, run: Driven): Promise<() => void> {
  return ctx.feed.subscribe(run.id, (await store.auditHead()).seq, () => {
    if (run.pendingSse) run.m.sse.push(performance.now() - run.pendingSse.at);
    run.pendingSse = null;
    return true;
  });
}

const driven = (id: string, startMs: number): Driven => ({ id, human: 0, lastRollupMs: startMs, results: 0, m: { status: [], write: [], sse: [] }, pendingSse: null });

/** The weeks of a run: rounds every minute in batches, and `HUMAN` human writes spread over them (each after a round of its own). */
async function history(ctx: ServerContext, store: Store, clock: Clock, run: Driven, checks: string[], items: string[], startMs: number, minutes: number, peak: { rss: number }): Promise<void> {
  const humanEvery = Math.max(1, Math.floor(minutes / HUMAN));
  const due = (m: number): boolean => m % humanEvery === humanEvery - 1 && run.human < HUMAN;
  let day = 0;
  for (let minute = 0; minute < minutes;) {
    // A batch stops before a minute a human write follows: that round goes alone, as on the server.
    let n = 1;
    if (!due(minute)) while (n < BATCH_MINUTES && minute + n < minutes && !due(minute + n)) n++;
    await rounds(ctx, store, clock, run, checks, startMs + minute * EVERY_MS, n);
    minute += n;
    if (due(minute - 1)) await humanWrite(ctx, clock, run, items);
    if (Math.floor(minute / 1440) > day) {
      day = Math.floor(minute / 1440);
      const before = rssMb();
      gc?.();
      const held = rssMb();
      peak.rss = Math.max(peak.rss, before);
      const mu = process.memoryUsage();
      if (day % 7 === 0 || process.env.BENCH_VERBOSE) log(`  day ${day}: ${run.results} results, rss ${before} MB (${held} after a full gc; heap ${Math.round(mu.heapUsed / 1e6)} of ${Math.round(mu.heapTotal / 1e6)}, external ${Math.round(mu.external / 1e6)}; ${rssBreakdown()})`);
    }
  }
}

async function dirSize(dir: string): Promise<number> {
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) n += (await stat(join(e.parentPath, e.name))).size;
  return n;
}

async function pgSizeMb(url: string): Promise<number> {
  const { default: pg } = await import("pg");
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ n: string }>("SELECT pg_database_size(current_database()) AS n");
    return Math.round(Number(r.rows[0]?.n ?? 0) / 1e6);
  } finally {
    await c.end();
  }
}

/** One table's rows and bytes (its heap, TOAST and indexes: pg_total_relation_size). */
interface TableSize { table: string; rows: number; mb: number; index_mb: number }

/**
 * Where the database's bytes are, table by table, and the sample aggregates' rows by width: what
 * each retention tier holds. Runs the queries through `query` (a pg client or a PGlite opened after
 * the bench's store is closed).
 */
async function tableSizes(query: (q: string) => Promise<Record<string, unknown>[]>): Promise<{ tables: TableSize[]; tiers: Record<string, number> }> {
  const rels = await query(`SELECT c.relname AS t, pg_total_relation_size(c.oid) AS total, pg_indexes_size(c.oid) AS idx
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY total DESC`);
  const tables: TableSize[] = [];
  for (const r of rels) {
    const [count] = await query(`SELECT count(*) AS n FROM ${String(r.t)}`);
    tables.push({ table: String(r.t), rows: Number(count?.n ?? 0), mb: Math.round(Number(r.total) / 1e5) / 10, index_mb: Math.round(Number(r.idx) / 1e5) / 10 });
  }
  const tiers: Record<string, number> = {};
  // Every row of golive_sample_agg is an hour (migration 24 dropped its width column).
  for (const r of await query("SELECT count(*) AS n FROM golive_sample_agg").catch(() => [])) tiers.agg_1h = Number(r.n);
  return { tables, tiers };
}

async function pgliteTableSizes(dir: string): Promise<ReturnType<typeof tableSizes>> {
  const { PGlite } = await import("@electric-sql/pglite");
  const client = await PGlite.create({ dataDir: dir });
  try {
    return await tableSizes(async (q) => (await client.query<Record<string, unknown>>(q)).rows);
  } finally {
    await client.close();
  }
}

async function pgTableSizes(url: string): Promise<ReturnType<typeof tableSizes>> {
  const { default: pg } = await import("pg");
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await tableSizes(async (q) => (await c.query<Record<string, unknown>>(q)).rows);
  } finally {
    await c.end();
  }
}

/** The restart, in a process of its own (`--startup DB`): open the store, build the app, the long run's first status. */
async function startupChild(db: string): Promise<void> {
  const clock: Clock = { ms: START + DAYS * 86_400_000 + 6 * 3_600_000, now() { return new Date(this.ms); } };
  const s0 = performance.now();
  const store = await openStore(db);
  const { app, ctx } = await buildApp({ store, clock, statusRefreshMs: 0 });
  await ctx.runs.statusJson("pilot");
  const startupMs = Math.round(performance.now() - s0);
  process.stdout.write(`${JSON.stringify({ startup_ms: startupMs, rss_mb: rssMb() })}\n`);
  await app.close();
  await store.close();
}

async function main(): Promise<void> {
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
  const store = await openStore(db);
  try {
    const rb = await store.putRunbook({ source, runbookId: "pancake-crm-pilot", title: "pilot" }, { actor: "bench", at: new Date(START).toISOString() });
    const { app, ctx } = await buildApp({ store, clock, statusRefreshMs: 0 });
    await store.createRun({ id: "pilot", name: "4-week pilot", runbookHash: rb.hash, meta: { started_at: new Date(START).toISOString() } }, { actor: "bench", at: new Date(START).toISOString() });
    log(`long-run: ${checks.length} checks every ${EVERY_MS / 1000}s for ${DAYS} days on ${store.driver}; V8 flags: ${flags.join(" ") || "none"}; node ${process.execArgv.join(" ")}`);
    const t0 = performance.now();
    const peak = { rss: 0 };
    const long = driven("pilot", START);
    const unwatchLong = await watch(ctx, store, long);
    // The runbook is parsed once per process (cached by hash): not part of a status after a write.
    await ctx.runs.statusJson("pilot");
    await history(ctx, store, clock, long, checks, items, START, DAYS * 1440, peak);
    log(`  recorded ${long.results} results in ${Math.round((performance.now() - t0) / 1000)} s`);
    // The fresh run: created now, one hour of rounds.
    const freshStart = clock.ms + 60_000;
    await store.createRun({ id: "fresh", name: "fresh run", runbookHash: rb.hash, meta: { started_at: new Date(freshStart).toISOString() } }, { actor: "bench", at: new Date(freshStart).toISOString() });
    const fresh = driven("fresh", freshStart);
    const unwatchFresh = await watch(ctx, store, fresh);
    await ctx.runs.statusJson("fresh");
    for (let k = 0; k < 60; k += BATCH_MINUTES) await rounds(ctx, store, clock, fresh, checks, freshStart + k * EVERY_MS, Math.min(BATCH_MINUTES, 60 - k));
    // Side by side: each minute a round of each run, a human write on each and the status after it,
    // in alternating order, so the machine's load and the collector fall on both alike.
    const atHistory = { status: [...long.m.status], write: [...long.m.write] };
    long.m = { status: [], write: [], sse: [] };
    let minuteMs = clock.ms + EVERY_MS;
    for (let i = 0; i < MEASURED; i++, minuteMs += EVERY_MS) {
      for (const run of i % 2 ? [long, fresh] : [fresh, long]) {
        await rounds(ctx, store, clock, run, checks, minuteMs, 1);
        await humanWrite(ctx, clock, run, items);
      }
    }
    unwatchLong();
    unwatchFresh();
    const before = rssMb();
    gc?.();
    log(`  end of the runs: rss ${before} MB (${rssMb()} after a full gc; ${rssBreakdown()})`);
    peak.rss = Math.max(peak.rss, before);
    // A 4-week history chart of one check, hourly.
    const c0 = performance.now();
    const chart = await store.sampleHistory("pilot", checks[0] ?? "", { fromMs: START, toMs: START + DAYS * 86_400_000, width: "1h" });
    const chartMs = Math.round((performance.now() - c0) * 100) / 100;
    // The same chart again, and a 6-hour per-minute chart from 2.5 days before the end (from the
    // minutes written when raw samples went), ten times each: one query is at the machine's mercy.
    const endMs = START + DAYS * 86_400_000;
    const chartP50 = median(await timed(10, () => store.sampleHistory("pilot", checks[0] ?? "", { fromMs: START, toMs: endMs, width: "1h" })));
    const minutesFrom = endMs - 60 * 3_600_000;
    const minutesChart = await store.sampleHistory("pilot", checks[0] ?? "", { fromMs: minutesFrom, toMs: minutesFrom + 6 * 3_600_000, width: "1m" });
    const minutesP50 = median(await timed(10, () => store.sampleHistory("pilot", checks[0] ?? "", { fromMs: minutesFrom, toMs: minutesFrom + 6 * 3_600_000, width: "1m" })));
    const segments = (await store.loadSegments("pilot")).length;
    const facts = (await store.loadFacts("pilot"))?.facts;
    await app.close();
    await store.close();
    // Startup: a new process opens the store, builds the app and reads the long run's first status.
    const startup = JSON.parse(execFileSync(process.execPath, [...process.execArgv.filter((a) => a !== "--expose-gc"), fileURLToPath(import.meta.url), "--startup", db], { encoding: "utf8" }).trim().split("\n").at(-1) ?? "{}") as { startup_ms: number; rss_mb: number };
    const dbMb = dir ? Math.round(await dirSize(dir) / 1e6) : await pgSizeMb(db);
    const sizes = dir ? await pgliteTableSizes(dir) : await pgTableSizes(db);
    const walMb = dir ? Math.round(await dirSize(join(dir, "pg_wal")) / 1e6) : undefined;
    log(`  database ${dbMb} MB${walMb === undefined ? "" : ` (WAL ${walMb} MB)`}; tables: ${sizes.tables.slice(0, 6).map((x) => `${x.table} ${x.rows} rows ${x.mb} MB (indexes ${x.index_mb})`).join("; ")}; aggregates by width: ${JSON.stringify(sizes.tiers)}`);
    log(`  long: ${segments} summary segments, ${facts?.checks.length ?? 0} check facts (outcome changes) and ${long.human} human facts in the log, chart of ${chart.length} hours in ${chartMs} ms (median of 10 more ${chartP50} ms), of ${minutesChart.length} minutes in ${minutesP50} ms (median of 10)`);
    log(`  during the ${DAYS} days (${atHistory.write.length} human writes): status p99 ${p99(atHistory.status)} ms, write p99 ${p99(atHistory.write)} ms`);
    log(`  side by side (${MEASURED} each): status p99 ${p99(long.m.status)} ms (fresh ${p99(fresh.m.status)}), write p99 ${p99(long.m.write)} ms (fresh ${p99(fresh.m.write)}), sse p99 ${p99(long.m.sse)} ms`);
    log(`  medians: status ${median(long.m.status)} ms (fresh ${median(fresh.m.status)}), write ${median(long.m.write)} ms (fresh ${median(fresh.m.write)})`);
    log(`  ratios: status ${(p99(long.m.status) / p99(fresh.m.status)).toFixed(2)}, write ${(p99(long.m.write) / p99(fresh.m.write)).toFixed(2)}; startup process rss ${startup.rss_mb} MB`);
    process.stdout.write(`${JSON.stringify({
      bench: "long-run", store: store.driver, lean, days: DAYS, results: long.results, human_facts: long.human, human_facts_in_weeks: atHistory.write.length, measured: MEASURED,
      status_p99_ms: p99(long.m.status), fresh_status_p99_ms: p99(fresh.m.status), write_p99_ms: p99(long.m.write), fresh_write_p99_ms: p99(fresh.m.write),
      history_status_p99_ms: p99(atHistory.status), history_write_p99_ms: p99(atHistory.write), sse_p99_ms: p99(long.m.sse),
      rss_mb: peak.rss, db_mb: dbMb, tables_mb: Math.round(sizes.tables.reduce((n, x) => n + x.mb, 0)), startup_ms: startup.startup_ms, chart_ms: chartMs, chart_p50_ms: chartP50, minutes_chart_p50_ms: minutesP50,
    })}\n`);
  } finally {
    await store.close().catch(() => undefined);
    await pgServer?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

const startupAt = process.argv.indexOf("--startup");
if (startupAt > 0) await startupChild(process.argv[startupAt + 1] ?? "");
else await main();
