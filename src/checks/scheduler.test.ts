import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseKindConfig } from "./plan.ts";
import { providers } from "./registry.ts";
import { blockingPassed, runChecks, type SchedulerEvent, type SchedulerOptions } from "./scheduler.ts";
import { testCheck } from "./test-plan.ts";

// A server whose answers the test scripts: /seq/NAME answers the next status of its sequence.
let server: Server;
let base: string;
const sequences = new Map<string, number[]>();
const hits = new Map<string, number>();
const auths: (string | undefined)[] = [];
let inFlight = 0;
let maxInFlight = 0;

function route(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? "/", "http://x").pathname;
  hits.set(path, (hits.get(path) ?? 0) + 1);
  if (path.startsWith("/seq/")) {
    const seq = sequences.get(path.slice(5)) ?? [];
    const status = seq.length > 1 ? (seq.shift() as number) : (seq[0] ?? 200);
    res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify({ status }));
  } else if (path === "/slow") {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      res.writeHead(200).end("ok");
    }, 20);
  } else if (path === "/hang") {
    // Never answers.
  } else if (path === "/echo") {
    auths.push(req.headers.authorization);
    res.writeHead(200, { "Content-Type": "application/json", "X-Seen-Auth": req.headers.authorization ?? "" });
    res.end(JSON.stringify({ auth: req.headers.authorization ?? null, url: req.url }));
  } else res.writeHead(200, { "Content-Type": "application/json" }).end(`{"ok":true}`);
}

beforeAll(async () => {
  server = createServer(route);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((r) => server.close(() => r()));
});
beforeEach(() => {
  sequences.clear();
  hits.clear();
});

/** A fake clock that only moves when the scheduler sleeps: interval and window tests never wait. */
function fakeTime() {
  let now = Date.parse("2026-05-28T06:00:00Z");
  const sleeps: number[] = [];
  return {
    sleeps,
    clock: () => now,
    sleep: (ms: number) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

function options(extra: Partial<SchedulerOptions> = {}): SchedulerOptions {
  return { providers, parseConfig: parseKindConfig, concurrency: 4, env: {}, ...extra };
}

const http = (id: string, path: string, rest: Record<string, unknown> = {}) =>
  testCheck({ id, kind: "http", config: { url: `${base}${path}` }, conditions: ["status == 200"], ...rest });

describe("scheduler", () => {
  it("runs checks with bounded concurrency and reports in input order", async () => {
    maxInFlight = 0;
    const checks = Array.from({ length: 12 }, (_, i) => http(`c${i}`, "/slow", { conditions: [] }));
    const report = await runChecks(checks, options({ concurrency: 3 }));
    expect(report.results.map((r) => r.id)).toEqual(checks.map((c) => c.id));
    expect(report.results.every((r) => r.fact.outcome === "pass")).toBe(true);
    expect(maxInFlight).toBeLessThanOrEqual(3);
    expect(maxInFlight).toBeGreaterThanOrEqual(2);
  });

  it("shows the observed value of a failed condition", async () => {
    sequences.set("a", [503]);
    const [r] = (await runChecks([http("a", "/seq/a")], options())).results;
    expect(r?.fact.outcome).toBe("fail");
    expect(r?.fact.conditions[0]).toMatchObject({ source: "status == 200", outcome: "fail" });
    expect(r?.fact.conditions[0]?.text).toContain("503");
  });

  it("retries with backoff until a sample passes", async () => {
    sequences.set("r", [500, 502, 200]);
    const t = fakeTime();
    const [r] = (await runChecks([http("r", "/seq/r", { retries: 3 })], options(t))).results;
    expect(r?.fact.outcome).toBe("pass");
    expect(hits.get("/seq/r")).toBe(3);
    expect(t.sleeps).toEqual([250, 500]);
  });

  it("gives up after the retries", async () => {
    sequences.set("g", [500, 500, 500, 200]);
    const [r] = (await runChecks([http("g", "/seq/g", { retries: 1 })], options(fakeTime()))).results;
    expect(r?.fact.outcome).toBe("fail");
    expect(hits.get("/seq/g")).toBe(2);
  });

  it("takes count samples every interval and stops when failures pass the limit", async () => {
    sequences.set("s", [200, 200, 500, 200, 200]);
    const t = fakeTime();
    const [r] = (await runChecks([http("s", "/seq/s", { count: 5, interval: "1m" })], options(t))).results;
    expect(r?.fact.outcome).toBe("fail");
    expect(r?.samples).toBe(3);
    expect(r?.fact.error).toBe("sample 3 of 5");
    expect(r?.fact.duration_ms).toBe(120_000);
    expect(t.sleeps).toEqual([60_000, 60_000]);
  });

  it("tolerates failures within failure_limit (Argo Rollouts semantics)", async () => {
    sequences.set("l", [200, 500, 200, 500, 200]);
    const [r] = (await runChecks([http("l", "/seq/l", { count: 5, interval: "10s", failure_limit: 2 })], options(fakeTime()))).results;
    expect(r?.fact.outcome).toBe("pass");
    expect(r?.samples).toBe(5);
    expect(hits.get("/seq/l")).toBe(5);
  });

  it("does not retry a failed sample inside a window", async () => {
    sequences.set("w", [200, 500, 200]);
    const [r] = (await runChecks([http("w", "/seq/w", { count: 3, interval: "10s", retries: 3 })], options(fakeTime()))).results;
    expect(r?.fact.outcome).toBe("fail");
    expect(hits.get("/seq/w")).toBe(2);
  });

  it("holds a sustained window: every sample for `for`", async () => {
    sequences.set("f", [200]);
    const t = fakeTime();
    const [r] = (await runChecks([http("f", "/seq/f", { for: "10m", interval: "1m" })], options(t))).results;
    expect(r?.fact.outcome).toBe("pass");
    expect(r?.samples).toBe(11);
    expect(r?.fact.duration_ms).toBe(600_000);
  });

  it("fails a sustained window at its first bad sample", async () => {
    sequences.set("b", [200, 200, 200, 200, 503, 200]);
    const [r] = (await runChecks([http("b", "/seq/b", { for: "10m", interval: "1m" })], options(fakeTime()))).results;
    expect(r?.fact.outcome).toBe("fail");
    expect(r?.fact.error).toBe("sample 5 of 11");
    expect(r?.fact.conditions[0]?.text).toContain("503");
  });

  it("ends inconclusive past inconclusive_limit", async () => {
    const check = http("i", "/", { conditions: ["body.count > 1"], count: 3, interval: "5s", inconclusive_limit: 1 });
    const [r] = (await runChecks([check], options(fakeTime()))).results;
    expect(r?.fact.outcome).toBe("inconclusive");
    expect(r?.samples).toBe(2);
  });

  it("waits for the checks it needs and skips when they fail", async () => {
    sequences.set("down", [500]);
    const events: SchedulerEvent[] = [];
    const checks = [
      http("base", "/seq/up"),
      http("dep", "/seq/dep", { needs: ["base"] }),
      http("broken", "/seq/down"),
      http("skipped", "/seq/never", { needs: ["broken"] }),
    ];
    const report = await runChecks(checks, options({ onEvent: (e) => events.push(e) }));
    const byId = new Map(report.results.map((r) => [r.id, r.fact]));
    expect(byId.get("dep")?.outcome).toBe("pass");
    expect(byId.get("skipped")).toMatchObject({ outcome: "error", error: "needs broken which failed" });
    expect(hits.get("/seq/never")).toBeUndefined();
    const order = events.map((e) => (e.type === "finished" ? `end:${e.run.id}` : e.type === "started" ? `start:${e.check}` : ""));
    expect(order.indexOf("end:base")).toBeLessThan(order.indexOf("start:dep"));
    expect(order).not.toContain("start:skipped");
  });

  it("never blocks on an advisory check", async () => {
    sequences.set("adv", [500]);
    const report = await runChecks([http("ok", "/"), http("adv", "/seq/adv", { advisory: true })], options());
    expect(report.results[1]?.fact.outcome).toBe("fail");
    expect(blockingPassed(report)).toBe(true);
    sequences.set("adv", [500]);
    const strict = await runChecks([http("ok", "/"), http("adv", "/seq/adv")], options());
    expect(blockingPassed(strict)).toBe(false);
  });

  it("cancels cleanly: running checks stop, waiting ones never start", async () => {
    const controller = new AbortController();
    const events: SchedulerEvent[] = [];
    const checks = [http("hang", "/hang", { timeout: "30s" }), http("queued", "/"), http("queued2", "/")];
    const running = runChecks(checks, options({ concurrency: 1, signal: controller.signal, onEvent: (e) => {
      events.push(e);
      if (e.type === "started" && e.check === "hang") setTimeout(() => controller.abort(), 50);
    } }));
    const report = await running;
    expect(report.cancelled).toBe(true);
    expect(report.results.map((r) => [r.id, r.fact.outcome, r.fact.error])).toEqual([
      ["hang", "error", "cancelled"],
      ["queued", "error", "cancelled before it ran"],
      ["queued2", "error", "cancelled before it ran"],
    ]);
    expect(report.results[0]?.fact.duration_ms).toBeLessThan(30_000);
    expect(blockingPassed(report)).toBe(false);
  });

  it("reports progress: started, each sample, finished", async () => {
    const events: SchedulerEvent[] = [];
    await runChecks([http("p", "/", { count: 2, interval: "1s" })], options({ ...fakeTime(), onEvent: (e) => events.push(e) }));
    expect(events.map((e) => e.type)).toEqual(["started", "sample", "sample", "finished"]);
    expect(events[2]).toMatchObject({ type: "sample", index: 1, total: 2, outcome: "pass" });
  });

  it("turns an invalid config into the check's error, not an exception", async () => {
    const check = testCheck({ id: "bad", kind: "tcp", config: { host: "127.0.0.1", port: "${env:PORT}" } });
    const [r] = (await runChecks([check], options({ env: { PORT: "not-a-port" } }))).results;
    expect(r?.fact.outcome).toBe("error");
    expect(r?.fact.error).toMatch(/^invalid tcp config: port: /);
    expect(r?.fact.error).not.toContain("not-a-port");
  });

  it("parses a config without secrets once, at planning, and one with secrets at each run", async () => {
    const plain = http("plain", "/echo");
    expect(plain.parsedConfig).toMatchObject({ url: `${base}/echo`, method: "GET", redirects: false });
    const secret = testCheck({ id: "s", kind: "http", config: { url: `${base}/echo`, headers: { authorization: "Bearer ${env:TOKEN}" } }, conditions: ["status == 200"] });
    expect(secret.parsedConfig).toBeUndefined();
    // The environment changes between two runs of the same plan: each run sends what it reads then.
    auths.length = 0;
    for (const token of ["first-token", "second-token"]) {
      const [p, s] = (await runChecks([plain, secret], options({ env: { TOKEN: token }, concurrency: 1 }))).results;
      expect(p?.fact.outcome).toBe("pass");
      expect(s?.fact.outcome).toBe("pass");
      // A header named like a credential is kept as *** whole (auth-material.ts).
      expect((s?.fact.values?.headers as Record<string, string>)["x-seen-auth"]).toBe("***");
      expect(JSON.stringify(s?.fact)).not.toContain(token);
    }
    expect(auths).toEqual([undefined, "Bearer first-token", undefined, "Bearer second-token"]);
  });
});
