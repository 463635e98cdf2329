// npm run bench:api: a run of a 1,000-item runbook; autocannon against GET of its status beside a
// bare Fastify route returning the same bytes precomputed (same process), the status's p99 at
// 500 req/s, and the time from a write to its arrival at 200 SSE clients.
// Last line: {"bench":"api","status_rps":…,"status_p99_ms":…,"bare_rps":…,"ratio_rps":…,"sse_p99_ms":…}
import Fastify from "fastify";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { buildApp } from "../src/server/app.ts";
import { newApiToken, secretHash } from "../src/server/auth/tokens.ts";
import { SseClient } from "../src/server/testing/sse-client.ts";
import { openStore } from "../src/store/open.ts";

interface CannonResult {
  requests: { average: number };
  latency: { p99: number; average: number };
  non2xx: number;
  errors: number;
}
type Cannon = (opts: Record<string, unknown>) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)("autocannon") as Cannon;

const ITEMS = 1_000;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const SSE_CLIENTS = 200;
const SSE_WRITES = Number(process.env.BENCH_SSE_WRITES ?? 30);

function runbookYaml(): string {
  const lines = ["golive: 1", "meta:", "  id: bench", "  title: Bench runbook", "  date: 2026-05-28", "roles:", "  - { id: qa, title: QA, members: [bench] }", "sections:"];
  for (let s = 0; s < 20; s++) {
    lines.push(`  - id: s${s}`, `    title: Section ${s}`, "    items:");
    for (let i = 0; i < ITEMS / 20; i++) lines.push(`      - { id: i${s}-${i}, title: "Item ${s}.${i}", owner: qa${i % 5 === 0 ? ", evidence: required" : ""} }`);
  }
  lines.push("gates:");
  for (let g = 0; g < 10; g++) lines.push(`  - { id: g${g}, title: Gate ${g}, requires: { items: [${Array.from({ length: 100 }, (_, i) => `i${g * 2 + Math.floor(i / 50)}-${i % 50}`).join(", ")}] } }`);
  lines.push("signoffs:", "  - { id: qa-ok, title: QA, role: qa, requires: { gates: [g0, g1] } }");
  return `${lines.join("\n")}\n`;
}

const log = (s: string) => process.stderr.write(`${s}\n`);

async function main(): Promise<void> {
  const store = await openStore(process.env.BENCH_DB ?? "memory:");
  const at = new Date().toISOString();
  await store.createUser({ name: "bench", passwordHash: "x", role: "editor", disabled: false }, { actor: "bench", at });
  const tok = newApiToken();
  await store.createToken({ id: tok.id, name: "bench", userName: "bench", secretHash: secretHash(tok.secret), scope: "write", createdAt: at }, { actor: "bench", at });
  const headers = { authorization: `Bearer ${tok.token}` };
  const { app } = await buildApp({ store, pollFeed: true, feedPollMs: 500, ...(process.env.BENCH_REFRESH_MS ? { statusRefreshMs: Number(process.env.BENCH_REFRESH_MS) } : {}) });
  const base = await app.listen({ host: "127.0.0.1", port: 0 });
  const json = { ...headers, "content-type": "application/json" };
  const up = await fetch(`${base}/api/runbooks`, { method: "POST", headers: json, body: JSON.stringify({ source: runbookYaml() }) });
  const { hash } = (await up.json()) as { hash: string };
  await fetch(`${base}/api/runs`, { method: "POST", headers: json, body: JSON.stringify({ runbook: hash, name: "bench", id: "bench" }) });
  // Half the items ticked, as in the middle of a go-live.
  for (let n = 0; n < ITEMS / 2; n++) {
    const s = n % 20;
    const i = Math.floor(n / 20);
    await store.appendFact("bench", { kind: "item", data: { item: `i${s}-${i}`, state: "done", by: "bench", at, evidence: [{ kind: "text", value: "ok" }] } }, { actor: "bench", at, action: "item.set", subject: `item:i${s}-${i}` });
  }
  const statusUrl = `${base}/api/runs/bench/status`;
  const first = await fetch(statusUrl, { headers });
  const bytes = Buffer.from(await first.arrayBuffer());
  log(`status: ${first.status}, ${bytes.length} bytes`);

  const bare = Fastify({ logger: false });
  bare.get("/bare", (_req, reply) => reply.type("application/json; charset=utf-8").send(bytes));
  const bareBase = await bare.listen({ host: "127.0.0.1", port: 0 });

  // The load generator runs in a worker thread: its own event loop does not delay the server's.
  const workers = Number(process.env.BENCH_WORKERS ?? 1);
  const cannon = async (url: string, extra: Record<string, unknown> = {}) => {
    const opts = { url, headers, connections: 20, ...(workers > 0 ? { workers } : {}), ...extra };
    await autocannon({ ...opts, duration: 2 });
    const r = await autocannon({ ...opts, duration: DURATION });
    if (r.non2xx || r.errors) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    return r;
  };
  const status = await cannon(statusUrl);
  log(`status: ${status.requests.average.toFixed(0)} req/s, p99 ${status.latency.p99} ms`);
  const bareR = await cannon(`${bareBase}/bare`);
  log(`bare:   ${bareR.requests.average.toFixed(0)} req/s, p99 ${bareR.latency.p99} ms`);
  const paced = await cannon(statusUrl, { overallRate: 500, connections: 10 });
  log(`status at 500 req/s: p99 ${paced.latency.p99} ms (mean ${paced.latency.average} ms)`);

  const clients = Array.from({ length: SSE_CLIENTS }, () => new SseClient(`${base}/api/runs/bench/events`, headers));
  await Promise.all(clients.map((c) => c.connect()));
  const arrivals: number[] = [];
  for (let w = 0; w < SSE_WRITES; w++) {
    const run = (await (await fetch(`${base}/api/runs/bench`, { headers })).json()) as { version: number };
    const t0 = performance.now();
    const res = await fetch(`${base}/api/runs/bench/items/i19-49`, { method: "PUT", headers: json, body: JSON.stringify({ version: run.version, state: w % 2 ? "done" : "not_done" }) });
    if (res.status !== 200) throw new Error(`write: ${res.status}`);
    await Promise.all(clients.map(async (c) => {
      await c.waitFor(w + 1);
      arrivals.push(performance.now() - t0);
    }));
  }
  arrivals.sort((a, b) => a - b);
  const sseP99 = arrivals[Math.min(arrivals.length - 1, Math.ceil(arrivals.length * 0.99) - 1)] ?? NaN;
  log(`SSE: ${SSE_CLIENTS} clients x ${SSE_WRITES} writes, write-to-arrival p50 ${arrivals[Math.floor(arrivals.length / 2)]?.toFixed(1)} ms, p99 ${sseP99.toFixed(1)} ms`);
  await Promise.all(clients.map((c) => c.close()));
  await bare.close();
  await app.close();
  await store.close();

  const round = (n: number, d = 0) => Number(n.toFixed(d));
  process.stdout.write(`${JSON.stringify({
    bench: "api",
    status_rps: round(status.requests.average),
    status_p99_ms: round(paced.latency.p99, 1),
    bare_rps: round(bareR.requests.average),
    ratio_rps: round(status.requests.average / bareR.requests.average, 3),
    sse_p99_ms: round(sseP99, 1),
  })}\n`);
}

await main();
