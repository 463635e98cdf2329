import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Counter, Gauge, Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveRegistry, type TestExporter } from "../../testing/exporter.ts";
import { freePort } from "../../testing/postgres.ts";
import { startPrometheus, type TestPrometheus } from "../../testing/prometheus.ts";
import type { ProbeError } from "../provider.ts";
import { PrometheusConfig } from "./config.ts";
import { prometheusProvider } from "./provider.ts";
import { expectProbeError } from "../test-plan.ts";

const RULES = `
groups:
  - name: golive_test
    rules:
      - alert: AlwaysFiring
        expr: vector(1)
        labels: { severity: info }
      - alert: NeverFiring
        expr: golive_test_temperature > 1000
        for: 5m
      - record: job:golive_test_requests:sum
        expr: sum(golive_test_requests_total)
`;

let exporter: TestExporter;
let prom: TestPrometheus;

beforeAll(async () => {
  const registry = new Registry();
  new Gauge({ name: "golive_test_temperature", help: "one series", registers: [registry] }).set(21.5);
  const queue = new Gauge({ name: "golive_test_queue_depth", help: "two series", labelNames: ["queue"], registers: [registry] });
  queue.set({ queue: "a" }, 3);
  queue.set({ queue: "b" }, 7);
  new Counter({ name: "golive_test_requests_total", help: "a counter", registers: [registry] }).inc(12);
  exporter = await serveRegistry(registry);
  prom = await startPrometheus({ jobs: [{ job: "exporter", targets: [exporter.target] }], rules: RULES });
});

afterAll(async () => {
  await prom?.stop();
  await exporter?.close();
});

function ctx(timeoutMs = 5000) {
  return { signal: new AbortController().signal, timeoutMs, allowCommands: false, env: {}, files: "any" as const };
}

function probe(config: Record<string, unknown>, timeoutMs?: number) {
  return prometheusProvider.probe(PrometheusConfig.parse(config), ctx(timeoutMs));
}

function probeError(config: Record<string, unknown>, timeoutMs?: number): Promise<ProbeError> {
  return expectProbeError(probe(config, timeoutMs));
}

describe("prometheus provider against a real Prometheus", () => {
  it("reads a single series' value as a number", async () => {
    const v = await probe({ url: prom.url, query: 'golive_test_temperature{job="exporter"}' });
    expect(v).toMatchObject({ value: 21.5, values: [21.5], series: 1 });
    expect(typeof v.latency).toBe("number");
    expect(prometheusProvider.explain?.(v)).toBeUndefined();
  });

  it("reads a scalar", async () => {
    const v = await probe({ url: prom.url, query: "scalar(golive_test_requests_total) * 2" });
    expect(v).toMatchObject({ value: 24, values: [24], series: 1 });
  });

  it("reports every series of a vector, and no single value", async () => {
    const v = await probe({ url: prom.url, query: "sort(golive_test_queue_depth)" });
    expect(v).toMatchObject({ values: [3, 7], series: 2 });
    expect(v).not.toHaveProperty("value");
    expect(prometheusProvider.explain?.(v)).toMatch(/^the query returned 2 series; `value` needs exactly one/);
  });

  it("reports an empty vector as zero series", async () => {
    const v = await probe({ url: prom.url, query: "golive_test_temperature > 1000" });
    expect(v).toMatchObject({ values: [], series: 0 });
    expect(prometheusProvider.explain?.(v)).toBe("the query returned no series");
  });

  it("turns NaN into null (no data, not a number)", async () => {
    const v = await probe({ url: prom.url, query: "vector(0) / 0" });
    expect(v.value).toBeNull();
  });

  it("ends a PromQL error with Prometheus's message", async () => {
    const err = await probeError({ url: prom.url, query: "sum(rate(golive_test_requests_total[5m]" });
    expect(err.message).toMatch(/^Prometheus: bad_data: .*parse error/);
  });

  it("refuses a range vector with a hint", async () => {
    const err = await probeError({ url: prom.url, query: "golive_test_requests_total[1m]" });
    expect(err.message).toMatch(/range vector/);
  });

  it("lists loaded rules and firing alerts", async () => {
    let v = await probe({ url: prom.url, rules: true });
    expect(v.rules).toEqual(["AlwaysFiring", "NeverFiring", "job:golive_test_requests:sum"]);
    expect(v.rule_count).toBe(3);
    // The first rule evaluation may not have run yet: poll the real server, bounded (generously:
    // on a loaded machine Prometheus's 1 s evaluations run late).
    for (const end = Date.now() + 60_000; !(v.firing as string[]).includes("AlwaysFiring") && Date.now() < end; ) {
      await new Promise((r) => setTimeout(r, 100));
      v = await probe({ url: prom.url, rules: true });
    }
    expect(v.firing).toEqual(["AlwaysFiring"]);
  });

  it("answers a query and the rules in one probe", async () => {
    const v = await probe({ url: prom.url, query: "vector(5)", rules: true });
    expect(v).toMatchObject({ value: 5, rule_count: 3 });
  });
});

describe("prometheus provider against hostile targets", () => {
  it("names a refused port", async () => {
    const port = await freePort();
    const err = await probeError({ url: `http://127.0.0.1:${port}`, query: "up" });
    expect(err.message).toBe(`connection refused (127.0.0.1:${port})`);
  });

  it("ends a server that never answers at the check's timeout", async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const port = (silent.address() as AddressInfo).port;
    try {
      const started = performance.now();
      const err = await probeError({ url: `http://127.0.0.1:${port}`, query: "up" }, 1000);
      const elapsed = performance.now() - started;
      expect(err.message).toBe("timeout after 1s");
      // Ended by the timeout (the server never answers); generous for a loaded machine.
      expect(elapsed).toBeLessThan(20_000);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it("sends URL credentials as basic auth, and never shows them", async () => {
    let seen: string | undefined;
    const server = createServer((req, res) => {
      seen = req.headers.authorization;
      res.writeHead(401, { "content-type": "text/plain" }).end("unauthorized");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    try {
      const err = await probeError({ url: `http://ops:s3cret-canary@127.0.0.1:${port}`, query: "up" });
      expect(seen).toBe(`Basic ${Buffer.from("ops:s3cret-canary").toString("base64")}`);
      expect(err.message).toBe("Prometheus answered HTTP 401");
      expect(err.message).not.toContain("s3cret-canary");
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
