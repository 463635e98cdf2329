// Hostile targets: each check ends failed or in error within its timeout (+10%), with a clear
// cause, while the other checks of the same run go on and pass.
import { createServer, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDns, type TestDnsServer } from "./dns/test-server.ts";
import { parseKindConfig } from "./plan.ts";
import { providers } from "./registry.ts";
import { runChecks, type CheckRun } from "./scheduler.ts";
import { testCheck } from "./test-plan.ts";
import { makeTestCerts, type TestCerts } from "./tls/test-certs.ts";
import { watchLoopLag } from "../testing/loop-lag.ts";

// The timeout the targets that never finish (no answer, a drip) are held to.
const TIMEOUT_MS = 2_000;
// The targets that answer at once (a redirect loop, bad JSON, a bad certificate, a gigabyte cut at
// max_body) get a timeout long enough that they answer within it however loaded the machine is:
// what they are about is the cause they end with, not the clock (a full-suite run beside other
// work saw the gigabyte one starve at 2 s).
const ANSWERS_TIMEOUT_MS = 30_000;
// Event-loop and scheduling slack on a busy CI machine, on top of the 10% the issue allows, and
// on top of that what the event loop lost while the checks ran (a loaded machine's timers are late).
const SLACK_MS = 150;
const GIB = 1024 ** 3;

let certs: TestCerts;
let dns: TestDnsServer;
const closers: (() => Promise<void>)[] = [];
const sockets = new Set<Socket>();
let bigBytesSent = 0;
const ports: Record<string, number> = {};

async function listen(name: string, server: Server | TcpServer): Promise<void> {
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  ports[name] = (server.address() as AddressInfo).port;
  closers.push(() => new Promise<void>((r) => server.close(() => r())));
}

beforeAll(async () => {
  certs = makeTestCerts();
  await listen(
    "http",
    createServer((req, res) => {
      switch (req.url) {
        case "/never":
          return; // accepts, reads the request, never answers
        case "/drip": {
          res.writeHead(200, { "Content-Type": "application/json" });
          const timer = setInterval(() => res.write("{"), 1_000);
          res.on("close", () => clearInterval(timer));
          return;
        }
        case "/gigabyte": {
          res.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(GIB) });
          let sent = 0;
          const chunk = Buffer.alloc(64 * 1024, 0x61);
          // Made on demand, with backpressure: the server never holds the gigabyte either.
          Readable.from((function* () {
            while (sent < GIB) {
              sent += chunk.length;
              bigBytesSent += chunk.length;
              yield chunk;
            }
          })()).pipe(res);
          return;
        }
        case "/loop":
          res.writeHead(302, { Location: "/loop2" }).end();
          return;
        case "/loop2":
          res.writeHead(302, { Location: "/loop" }).end();
          return;
        case "/invalid-json":
          res.writeHead(200, { "Content-Type": "application/json" }).end('{"status": "ok",');
          return;
        default:
          res.writeHead(200, { "Content-Type": "application/json" }).end('{"status":"ok"}');
      }
    }),
  );
  // Sends its status line one byte per second.
  await listen(
    "drip-raw",
    createTcpServer((socket) => {
      const line = Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      let i = 0;
      const timer = setInterval(() => (i < line.length ? socket.write(line.subarray(i, ++i)) : clearInterval(timer)), 1_000);
      socket.on("close", () => clearInterval(timer));
      socket.on("error", () => clearInterval(timer));
    }),
  );
  const okHandler = (_req: unknown, res: ServerResponse) => res.writeHead(200).end("ok");
  await listen("expired", createHttpsServer({ ...certs.expired }, okHandler));
  await listen("self", createHttpsServer({ ...certs.selfSigned }, okHandler));
  const refused = createServer();
  await new Promise<void>((r) => refused.listen(0, "127.0.0.1", r));
  ports.refused = (refused.address() as AddressInfo).port;
  await new Promise<void>((r) => refused.close(() => r()));
  dns = await startTestDns({ "ok.golive.test": { A: ["127.0.0.1"] } }, ["silent.golive.test"]);
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(closers.map((c) => c()));
  await dns.close();
  certs.cleanup();
});

const hangs = `${TIMEOUT_MS}ms`;
const timeout = `${ANSWERS_TIMEOUT_MS}ms`;
const http = (id: string, path: string, conditions: string[] = ["status == 200"], extra: Record<string, unknown> = {}, within = timeout) =>
  testCheck({ id, kind: "http", config: { url: `http://127.0.0.1:${ports.http}${path}`, ...extra }, conditions, timeout: within });

describe("hostile targets", () => {
  let results: Map<string, CheckRun>;
  let lostMs = 0;
  let timeouts = new Map<string, number>();
  /** A check's own timeout + 10 %, with slack for what a loaded machine's event loop lost. */
  const bound = (id: string) => (timeouts.get(id) ?? 0) * 1.1 + SLACK_MS + lostMs;

  beforeAll(async () => {
    const checks = [
      http("healthy", "/ok", ["status == 200", 'body.status == "ok"']),
      http("never-answers", "/never", ["status == 200"], {}, hangs),
      http("drip-body", "/drip", ["body.ok == true"], {}, hangs),
      testCheck({ id: "drip-status-line", kind: "http", config: { url: `http://127.0.0.1:${ports["drip-raw"]}/` }, conditions: ["status == 200"], timeout: hangs }),
      http("gigabyte", "/gigabyte", ["body.ok == true"]),
      http("gigabyte-text", "/gigabyte", ['text contains "zzz"']),
      http("redirect-loop", "/loop", ["status == 200"], { redirects: true }),
      http("invalid-json", "/invalid-json", ['body.status == "ok"']),
      testCheck({ id: "refused-http", kind: "http", config: { url: `http://127.0.0.1:${ports.refused}/` }, conditions: ["status == 200"], timeout }),
      testCheck({ id: "refused-tcp", kind: "tcp", config: { host: "127.0.0.1", port: ports.refused }, conditions: ["connected == true"], timeout }),
      testCheck({ id: "expired-https", kind: "http", config: { url: `https://127.0.0.1:${ports.expired}/`, ca: certs.caFile }, conditions: ["status == 200"], timeout }),
      testCheck({ id: "expired-tls", kind: "tls", config: { host: "127.0.0.1", servername: "localhost", port: ports.expired, ca: certs.caFile }, conditions: ["days_left > 14"], timeout }),
      testCheck({ id: "self-signed-https", kind: "http", config: { url: `https://127.0.0.1:${ports.self}/`, ca: certs.caFile }, conditions: ["status == 200"], timeout }),
      testCheck({ id: "self-signed-tls", kind: "tls", config: { host: "localhost", port: ports.self, ca: certs.caFile }, conditions: ["valid == true"], timeout }),
      testCheck({ id: "nxdomain", kind: "dns", config: { name: "nope.golive.test", resolver: dns.address }, conditions: ["count > 0"], timeout }),
      testCheck({ id: "dns-silent", kind: "dns", config: { name: "silent.golive.test", resolver: dns.address }, conditions: ["count > 0"], timeout: hangs }),
      testCheck({ id: "dns-ok", kind: "dns", config: { name: "ok.golive.test", resolver: dns.address }, conditions: ['value == "127.0.0.1"'], timeout }),
    ];
    timeouts = new Map(checks.map((c) => [c.id, c.timeoutMs]));
    const lag = watchLoopLag();
    const report = await runChecks(checks, { providers, parseConfig: parseKindConfig, concurrency: 20, env: {}, files: "any" });
    lostMs = lag.lostMs();
    lag.stop();
    results = new Map(report.results.map((r) => [r.id, r]));
  }, 120_000);

  const expectEnded = (id: string, outcome: "fail" | "error", cause: RegExp | string) => {
    const r = results.get(id);
    expect(r?.fact.outcome, id).toBe(outcome);
    if (typeof cause === "string") expect(r?.fact.error, id).toBe(cause);
    else expect(r?.fact.error, id).toMatch(cause);
    expect(r?.fact.duration_ms, `${id} duration (the event loop lost ${Math.round(lostMs)} ms)`).toBeLessThanOrEqual(bound(id));
  };

  it("lets the healthy checks pass beside them", () => {
    expect(results.get("healthy")?.fact.outcome).toBe("pass");
    expect(results.get("dns-ok")?.fact.outcome).toBe("pass");
  });
  it("a server that never answers", () => expectEnded("never-answers", "error", "timeout after 2s"));
  it("a body that drips a byte per second", () => expectEnded("drip-body", "error", "timeout after 2s"));
  it("a status line that drips a byte per second", () => expectEnded("drip-status-line", "error", "timeout after 2s"));
  it("a 1 GB body, read only up to max_body", () => {
    expectEnded("gigabyte", "error", "response body larger than max_body (1MiB): not parsed as JSON (status 200)");
    const text = results.get("gigabyte-text")?.fact;
    expect(text?.outcome).toBe("fail");
    expect(text?.duration_ms).toBeLessThanOrEqual(bound("gigabyte-text"));
    expect(text?.conditions[0]?.text).toMatch(/^text \(.*\) contains "zzz"$/);
    expect(text?.values?.size).toBe(1024 * 1024);
    expect(text?.values?.truncated).toBe(true);
    // Both checks together pulled a few MiB, never the gigabyte.
    expect(bigBytesSent).toBeLessThan(64 * 1024 * 1024);
  });
  it("a redirect loop", () => expectEnded("redirect-loop", "error", /^redirect loop: .*\/loop -> .*\/loop2 -> .*\/loop$/));
  it("invalid JSON", () => expectEnded("invalid-json", "error", /^response body is not valid JSON: .*\(status 200, application\/json, 16 bytes\)$/));
  it("a refused port", () => {
    expectEnded("refused-http", "error", `connection refused (127.0.0.1:${ports.refused})`);
    expectEnded("refused-tcp", "fail", `connection refused (127.0.0.1:${ports.refused})`);
    expect(results.get("refused-tcp")?.fact.conditions[0]?.text).toContain("false");
  });
  it("an expired certificate", () => {
    expectEnded("expired-https", "error", `TLS: certificate expired (127.0.0.1:${ports.expired}) (set insecure: true to accept it)`);
    expectEnded("expired-tls", "fail", "TLS: certificate expired 3 days ago");
    expect(results.get("expired-tls")?.fact.conditions[0]?.text).toContain("-3");
  });
  it("a self-signed certificate", () => {
    expectEnded("self-signed-https", "error", `TLS: self-signed certificate (127.0.0.1:${ports.self}) (set insecure: true to accept it)`);
    expectEnded("self-signed-tls", "fail", "TLS: self-signed certificate");
  });
  it("NXDOMAIN", () => expectEnded("nxdomain", "error", "DNS: nope.golive.test does not exist (NXDOMAIN)"));
  it("a DNS server that never answers", () => expectEnded("dns-silent", "error", /^(timeout after 2s|DNS: no answer from 127\.0\.0\.1:\d+)$/));
});
