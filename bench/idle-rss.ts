// npm run bench:idle-rss [-- --checkout]: the idle server's memory, measured from outside.
// Starts the real `golive serve` as the README's quick start does (embedded default: no --db, so
// PGlite in .golive/data of a new folder; the demo runbook, its demo run and the demo's stand-ins;
// the first admin from GOLIVE_ADMIN_PASSWORD) on a loopback port, as a child process running the
// compiled dist/ (what the installed package runs; the npm script builds it first). Waits for
// /readyz, then 20 s, and reads VmRSS from /proc/PID/status; then waits for the demo's stand-ins
// (the demo run's checks start once they are up) and reads it again 20 s after. Then signs in and
// times status and audit reads (50 each), which go through PGlite, and stops the server.
// Baseline, in the same process, one after the other (never at once on a shared machine): the same
// server with GOLIVE_LOW_MEMORY=0 (no V8 settings of src/cli/low-memory.ts). Then `node bin/golive
// serve` (plain_*: without the command's first line's start settings, with serve's run-time ones).
// `--checkout` adds the checkout's `bin/golive` without GOLIVE_USE_DIST (the sources through tsx).
// Last line: {"bench":"idle-rss","rss_mb":…,"demo_rss_mb":…,"baseline_rss_mb":…,"plain_rss_mb":…,…}
import { type ChildProcess, spawn, type SpawnOptions } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { freePort } from "../src/testing/postgres.ts";

const BIN = fileURLToPath(new URL("../bin/golive", import.meta.url));
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 20_000);
const READS = 50;
const PASSWORD = "idle-rss-bench-password";
const log = (s: string) => process.stderr.write(`${s}\n`);

/** VmRSS of one process in MB, or 0 when it is gone. */
function rssMb(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** The process's descendants (Prometheus of the stand-ins; the PostgreSQL stand-in daemonizes, so it is not one). */
function descendants(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
  } catch {
    return out;
  }
  for (const t of tasks) out.push(Number(t), ...descendants(Number(t)));
  return out;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? 0) * 100) / 100;
};

interface Measure {
  name: string;
  /** The server process, 20 s after /readyz answered. */
  rssMb: number;
  /** The server process, 20 s after the stand-ins were up (the demo run's checks running). */
  demoRssMb: number;
  /** The server's descendants at that moment (the Prometheus stand-in). */
  childrenMb: number;
  readyMs: number;
  standInsMs: number | null;
  statusP50: number;
  statusP99: number;
  auditP50: number;
  auditP99: number;
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    await delay(250);
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000}s`);
}

async function timed(url: string, cookie: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return performance.now() - t;
}

async function measure(name: string, env: NodeJS.ProcessEnv, plain = false): Promise<Measure> {
  const dir = await mkdtemp(join(tmpdir(), "golive-idle-rss-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const args = ["serve", "--port", String(port), "--admin-user", "bench"];
  // As the installed command runs: the file itself, so its first line's start settings apply
  // (src/cli/low-memory.ts); the baseline through plain `node`, without them.
  const options: SpawnOptions = { cwd: dir, env: { ...process.env, ...env, GOLIVE_ADMIN_PASSWORD: PASSWORD }, stdio: ["ignore", "ignore", "pipe"] };
  const child: ChildProcess = env.GOLIVE_LOW_MEMORY === "0" || plain ? spawn(process.execPath, [BIN, ...args], options) : spawn(BIN, args, options);
  let stderr = "";
  child.stderr?.on("data", (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  try {
    const pid = child.pid;
    if (pid === undefined) throw new Error("golive did not start");
    await waitFor(`${name}: /readyz`, 180_000, async () => ((await fetch(`${base}/readyz`)).ok ? true : undefined));
    const readyMs = Math.round(performance.now() - t0);
    await delay(SETTLE_MS);
    const rss = rssMb(pid);
    log(`${name}: ready in ${(readyMs / 1000).toFixed(1)}s; ${rss} MB RSS ${SETTLE_MS / 1000}s later`);
    const standIns = await waitFor(`${name}: the demo's stand-ins`, 240_000, () =>
      Promise.resolve(/stand-ins ready|stand-ins could not start/.test(stderr) ? performance.now() : undefined));
    const up = /stand-ins ready/.test(stderr);
    if (!up) log(`${name}: the demo's stand-ins did not start: ${stderr.split("\n").find((l) => l.includes("could not start")) ?? ""}`);
    await delay(SETTLE_MS);
    const demoRss = rssMb(pid);
    const childrenMb = descendants(pid).reduce((s, p) => s + rssMb(p), 0);
    log(`${name}: stand-ins ${up ? "up" : "absent"} ${((standIns - t0) / 1000).toFixed(1)}s after start; ${demoRss} MB RSS ${SETTLE_MS / 1000}s later (descendants ${childrenMb} MB)`);

    const signIn = () => fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: "bench", password: PASSWORD }) });
    // A POST is not retried by fetch: a connection reset on a loaded machine would end the bench
    // after its measures. Once more, unless the server is gone (then say so, with its last words).
    const login = await signIn().catch((e: unknown) => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name}: the server exited (${child.exitCode ?? child.signalCode}): ${stderr.slice(-2000)}`);
      log(`${name}: sign-in failed (${String((e as Error).cause ?? e)}), the server still running: once more`);
      return signIn();
    });
    if (!login.ok) throw new Error(`${name}: sign-in: ${login.status}`);
    const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const runs = (await (await fetch(`${base}/api/runs`, { headers: { cookie } })).json()) as { id: string }[];
    const run = runs[0]?.id;
    if (!run) throw new Error(`${name}: no demo run`);
    const status: number[] = [];
    const audit: number[] = [];
    for (let i = 0; i < READS; i++) {
      status.push(await timed(`${base}/api/runs/${run}/status`, cookie));
      audit.push(await timed(`${base}/api/audit?limit=100`, cookie));
    }
    return {
      name, rssMb: rss, demoRssMb: demoRss, childrenMb, readyMs, standInsMs: up ? Math.round(standIns - t0) : null,
      statusP50: pct(status, 0.5), statusP99: pct(status, 0.99), auditP50: pct(audit, 0.5), auditP99: pct(audit, 0.99),
    };
  } finally {
    child.kill("SIGTERM");
    await Promise.race([exited, delay(30_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
  }
}

if (!existsSync(fileURLToPath(new URL("../dist/cli/main.js", import.meta.url)))) throw new Error("dist/ is missing: run `npm run build` (npm run bench:idle-rss does)");
const lean = await measure("low-memory (default)", { GOLIVE_USE_DIST: "1" });
const baseline = await measure("baseline (GOLIVE_LOW_MEMORY=0)", { GOLIVE_USE_DIST: "1", GOLIVE_LOW_MEMORY: "0" });
// `node bin/golive serve`: without the first line's start settings, with serve's run-time ones.
const plain = await measure("node bin/golive (no start settings)", { GOLIVE_USE_DIST: "1" }, true);
const checkout = process.argv.includes("--checkout") ? await measure("checkout (tsx)", { GOLIVE_USE_DIST: "0" }) : undefined;
for (const m of [lean, baseline, plain, checkout]) {
  if (!m) continue;
  log(`${m.name}: ${m.rssMb} MB idle, ${m.demoRssMb} MB with the stand-ins up; status p50 ${m.statusP50} ms p99 ${m.statusP99} ms; audit p50 ${m.auditP50} ms p99 ${m.auditP99} ms; ready ${m.readyMs} ms`);
}
console.log(JSON.stringify({
  bench: "idle-rss",
  rss_mb: lean.rssMb, demo_rss_mb: lean.demoRssMb, stand_ins_up: lean.standInsMs !== null, descendants_mb: lean.childrenMb,
  baseline_rss_mb: baseline.rssMb, baseline_demo_rss_mb: baseline.demoRssMb, plain_rss_mb: plain.rssMb, plain_demo_rss_mb: plain.demoRssMb,
  ready_ms: lean.readyMs, baseline_ready_ms: baseline.readyMs,
  status_p50_ms: lean.statusP50, status_p99_ms: lean.statusP99, baseline_status_p50_ms: baseline.statusP50, baseline_status_p99_ms: baseline.statusP99,
  audit_p50_ms: lean.auditP50, audit_p99_ms: lean.auditP99, baseline_audit_p50_ms: baseline.auditP50, baseline_audit_p99_ms: baseline.auditP99,
  ...(checkout ? { checkout_rss_mb: checkout.rssMb, checkout_demo_rss_mb: checkout.demoRssMb } : {}),
}));
