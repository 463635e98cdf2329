// npm run bench:checks: 2,000 HTTP checks at concurrency 100 against a local server, golive's
// scheduler beside a bare undici loop (same concurrency, same process) and curl under xargs -P 16.
// The server runs in its own process so it does not take CPU from the clients being measured.
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Agent, request } from "undici";
import { parseCondition } from "../src/core/conditions/index.ts";
import { http } from "../src/checks/http/config.ts";
import { parseKindConfig, planCheck } from "../src/checks/plan.ts";
import { Check } from "../src/core/model/runbook.ts";
import { providers } from "../src/checks/registry.ts";
import { runChecks, type PlannedCheck } from "../src/checks/scheduler.ts";

const CHECKS = Number(process.env.BENCH_CHECKS ?? 2_000);
const CONCURRENCY = 100;
// Paired rounds; the machine the figures come from is shared, so more than a handful.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);

const SERVER = `
import { createServer } from "node:http";
const body = JSON.stringify({ status: "ok", db: { ok: true } });
const server = createServer((req, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 30000;
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
`;

async function startServer(): Promise<{ base: string; stop: () => void }> {
  const child = spawn(process.execPath, ["--input-type=module", "-e", SERVER], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve) => child.stdout.once("data", (c: Buffer) => resolve(c.toString().trim())));
  return { base: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

// Each check gets its own parsed condition, as the runbook loader gives them (before the clock
// starts, as loading does before `golive check` runs anything): nothing is shared between checks
// that a runbook would not share.
function statusOk() {
  const parsed = parseCondition("status == 200", http.values);
  if (!parsed.ok) throw new Error("condition");
  return parsed.condition;
}

// Planned as `golive check` plans a runbook's checks (planCheck), from the runbook form.
function plan(base: string, n: number): PlannedCheck[] {
  return Array.from({ length: n }, (_, i) =>
    planCheck(Check.parse({ id: `c${i}`, kind: "http", config: { url: `${base}/healthz?i=${i}` }, conditions: "status == 200", timeout: "10s" }), [statusOk()]),
  );
}

const cpu = { golive: [] as number[], undici: [] as number[], bare: [] as number[] };
// Planning (config parsed, values read worked out) happens before the clock, as `golive check`
// plans a runbook before it runs anything; its cost is printed on its own.
const planMs: number[] = [];
function cpuSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

async function golive(base: string, n: number): Promise<number> {
  const p0 = performance.now();
  const checks = plan(base, n);
  planMs.push(performance.now() - p0);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const report = await runChecks(checks, { providers, parseConfig: parseKindConfig, concurrency: CONCURRENCY, env: {} });
  const s = (performance.now() - t0) / 1000;
  cpu.golive.push(cpuSince(c0));
  const passed = report.results.filter((r) => r.fact.outcome === "pass").length;
  if (passed !== n) throw new Error(`golive: ${passed} of ${n} passed (${report.results.find((r) => r.fact.outcome !== "pass")?.fact.error ?? ""})`);
  return s;
}

// The same pool golive's HTTP provider uses for checks with default trust (keep-alive, 4s idle,
// no connection limit), and a per-request timeout signal as golive has a per-attempt deadline:
// a loop that checks hostile targets needs one (undici's headers/body timeouts are idle timers,
// which a server dripping a byte at a time never trips). The same loop without any timeout is
// run too, for what the timeout signal alone costs; it is printed, not the baseline.
const agent = new Agent({ keepAliveTimeout: 4_000 });
async function bareUndici(base: string, n: number, timeout = true): Promise<number> {
  let next = 0;
  let ok = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const res = await request(`${base}/healthz?i=${i}`, timeout ? { dispatcher: agent, signal: AbortSignal.timeout(10_000) } : { dispatcher: agent });
      await res.body.text();
      if (res.statusCode === 200) ok++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const s = (performance.now() - t0) / 1000;
  (timeout ? cpu.undici : cpu.bare).push(cpuSince(c0));
  if (ok !== n) throw new Error(`undici: ${ok} of ${n} passed`);
  return s;
}

function curl(base: string, n: number): number {
  const script = fileURLToPath(new URL("./curl-checks.sh", import.meta.url));
  const t0 = performance.now();
  const r = spawnSync("bash", [script, base, String(n)], { encoding: "utf8" });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0 || Number(r.stdout.trim()) !== n) throw new Error(`curl: ${r.stdout.trim()} of ${n} answered 200 ${r.stderr}`);
  return s;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

const server = await startServer();
try {
  // Warm up both clients (JIT, connection pools) before measuring: two full rounds each.
  for (let w = 0; w < 2; w++) {
    await golive(server.base, CHECKS);
    await bareUndici(server.base, CHECKS);
    await bareUndici(server.base, CHECKS, false);
  }
  cpu.golive.length = 0;
  cpu.undici.length = 0;
  cpu.bare.length = 0;
  const g: number[] = [];
  const u: number[] = [];
  const b: number[] = [];
  const sides = [() => golive(server.base, CHECKS).then((x) => g.push(x)), () => bareUndici(server.base, CHECKS).then((x) => u.push(x)), () => bareUndici(server.base, CHECKS, false).then((x) => b.push(x))];
  for (let r = 0; r < ROUNDS; r++) {
    // Rotate the order so no side always runs on a warmer server.
    for (let k = 0; k < sides.length; k++) await sides[(r + k) % sides.length]?.();
    console.log(`round ${r + 1}: golive ${g[r]?.toFixed(3)}s, undici ${u[r]?.toFixed(3)}s, undici without a timeout ${b[r]?.toFixed(3)}s`);
  }
  const c = curl(server.base, CHECKS);
  const golive_s = median(g);
  const undici_s = median(u);
  // Rounds are paired (run back to back), so the ratio is the median of per-round ratios: on a
  // shared machine that cancels most of the load that comes and goes between rounds.
  const ratio = median(g.map((x, i) => x / (u[i] ?? x)));
  const cpuRatio = median(cpu.golive.map((x, i) => x / (cpu.undici[i] ?? x)));
  const noTimeoutRatio = median(g.map((x, i) => x / (b[i] ?? x)));
  console.log(`${CHECKS} HTTP checks, concurrency ${CONCURRENCY} (curl: xargs -P 16), median of ${ROUNDS} rounds`);
  console.log(`planning ${CHECKS} checks (before the clock, conditions parsed as the loader does): ${median(planMs).toFixed(0)} ms`);
  console.log(`client CPU per round: golive ${median(cpu.golive).toFixed(3)}s, undici ${median(cpu.undici).toFixed(3)}s (ratio ${cpuRatio.toFixed(2)}), undici without a timeout ${median(cpu.bare).toFixed(3)}s`);
  console.log(`undici without any timeout (not a safe checker; what the timeout signal costs): ${median(b).toFixed(3)}s, golive / that ${noTimeoutRatio.toFixed(2)}`);
  console.log(
    JSON.stringify({
      bench: "checks",
      golive_s: round3(golive_s),
      undici_s: round3(undici_s),
      curl_s: round3(c),
      ratio_vs_undici: round3(ratio),
      ratio_vs_curl: round3(golive_s / c),
      cpu_ratio_vs_undici: round3(cpuRatio),
      undici_no_timeout_s: round3(median(b)),
      ratio_vs_undici_no_timeout: round3(noTimeoutRatio),
      rounds: ROUNDS,
    }),
  );
} finally {
  server.stop();
  await agent.close();
}
process.exit(0);
