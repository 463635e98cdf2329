import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LoadConfig } from "./config.ts";
import { loadProvider, percentile } from "./provider.ts";

let server: Server;
let base: string;
let hits = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    if (req.url === "/fail") res.writeHead(503).end("down");
    else res.writeHead(200).end("ok");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function probe(config: Record<string, unknown>) {
  return loadProvider.probe(LoadConfig.parse(config), { signal: AbortSignal.timeout(20_000), timeoutMs: 15_000, allowCommands: false, env: {}, files: "any" });
}

describe("load provider", () => {
  it("holds a rate for a duration and reports latency percentiles", async () => {
    hits = 0;
    const v = await probe({ url: `${base}/`, rate: 40, duration: "1s", connections: 4 });
    // Requests still in flight when the duration ends reach the server but are not counted.
    expect(hits - (v.requests as number)).toBeGreaterThanOrEqual(0);
    expect(hits - (v.requests as number)).toBeLessThanOrEqual(4);
    expect(v.requests as number).toBeGreaterThanOrEqual(20);
    expect(v.requests as number).toBeLessThanOrEqual(80);
    expect(v.errors).toBe(0);
    expect(v.error_rate).toBe(0);
    const [p50, p90, p95, p99, max] = [v.p50, v.p90, v.p95, v.p99, v.max] as number[];
    expect(p50).toBeLessThanOrEqual(p90 as number);
    expect(p90).toBeLessThanOrEqual(p95 as number);
    expect(p95).toBeLessThanOrEqual(p99 as number);
    expect(p99).toBeLessThanOrEqual(max as number);
    expect(v.rate as number).toBeGreaterThan(0);
  });

  it("counts error statuses and explains them", async () => {
    const v = await probe({ url: `${base}/fail`, rate: 20, duration: "1s" });
    expect(v.error_rate).toBe(1);
    expect(loadProvider.explain(v)).toMatch(/^\d+ of \d+ requests failed \(first: HTTP 503\)$/);
  });

  it("computes nearest-rank percentiles", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 95)).toBe(0);
  });
});
