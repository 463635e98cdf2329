import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../testing.ts";

const run = runCli;

const CANARY = "cnry-5f0e9b1d-7c2a-secret";
let server: Server;
let dir: string;
let file: string;
const port = () => (server.address() as AddressInfo).port;

const runbook = (base: string) => `
golive: 1
meta: { id: shop, title: "Shop <release> & co" }
sections:
  - id: pre
    title: Pre-flight
    items:
      - { id: api-up, title: API answers, check: health }
checks:
  - id: health
    title: Health endpoint
    kind: http
    config: { url: "${base}/healthz", headers: { authorization: "Bearer \${env:CHECK_TEST_CANARY}" } }
    conditions: [status == 200, 'body.status == "ok"']
  - id: echo
    title: "Echo <b>&</b>"
    kind: http
    config: { url: "${base}/echo?token=\${env:CHECK_TEST_CANARY}", headers: { x-token: "\${env:CHECK_TEST_CANARY}" } }
    conditions: ['text contains "never-there"']
  - id: hang
    kind: http
    config: { url: "${base}/hang" }
    timeout: 30s
  - id: advice
    kind: http
    config: { url: "${base}/missing" }
    advisory: true
gates:
  - { id: G-1, title: API, requires: { items: [api-up] } }
  - { id: G-2, title: All, requires: { gates: [G-1], checks: [echo] } }
  - { id: G-3, title: Advice, requires: { checks: [health, advice] } }
`;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/healthz") res.writeHead(200, { "Content-Type": "application/json" }).end('{"status":"ok"}');
    else if (req.url?.startsWith("/echo")) res.writeHead(200, { "X-Echo": String(req.headers["x-token"]) }).end(`you sent <${String(req.headers["x-token"])}> & ${req.url}\u0001`);
    else if (req.url === "/hang") return;
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  dir = await mkdtemp(join(tmpdir(), "golive-check-"));
  file = join(dir, "shop.yaml");
  await writeFile(file, runbook(`http://127.0.0.1:${port()}`));
  process.env.CHECK_TEST_CANARY = CANARY;
});
afterAll(async () => {
  delete process.env.CHECK_TEST_CANARY;
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await rm(dir, { recursive: true, force: true });
});

describe("golive check", () => {
  it("exits 0 when a gate's checks pass, reached through its items", async () => {
    const r = await run(["check", file, "--gate", "G-1"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\[1\/1\] PASS health/);
    expect(r.out).toContain("every blocking check passed");
  });

  it("exits 1 with the failed condition and its observed value", async () => {
    const r = await run(["check", file, "--gate", "G-2"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL\s+echo\s+http .*text \(.*\) contains "never-there"/);
    expect(r.out).toContain("PASS health");
  });

  it("lets an advisory check fail without blocking", async () => {
    const r = await run(["check", file, "--gate", "G-3"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/FAIL \(advisory\)\s+advice .*status \(404\) < 400/);
  });

  it("writes JSON for CI", async () => {
    const r = await run(["check", file, "--only", "health", "echo", "--format", "json"]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as { passed: boolean; summary: { pass: number; fail: number }; results: { check: string; outcome: string; conditions: { text: string }[] }[] };
    expect(doc.passed).toBe(false);
    expect(doc.summary).toMatchObject({ pass: 1, fail: 1 });
    expect(doc.results.map((x) => [x.check, x.outcome])).toEqual([["health", "pass"], ["echo", "fail"]]);
  });

  it("writes escaped JUnit XML", async () => {
    const r = await run(["check", file, "--only", "health", "echo", "--format", "junit"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="golive check" tests="2" failures="1" errors="0" skipped="0"/);
    expect(r.out).toContain('<testsuite name="shop: Shop &lt;release&gt; &amp; co"');
    expect(r.out).toContain('<testcase name="echo: Echo &lt;b&gt;&amp;&lt;/b&gt;" classname="golive.shop.http"');
    expect(r.out).toContain("<failure message=\"text (");
    // No raw markup from the target's body, no control characters.
    expect(r.out).not.toMatch(/you sent </);
    expect(r.out).not.toContain("\u0001");
  });

  it("never shows the canary secret, in any format", async () => {
    for (const format of ["table", "json", "junit"]) {
      const r = await run(["check", file, "--only", "health", "echo", "--format", format]);
      expect(r.out + r.err, format).not.toContain(CANARY);
      expect(r.out, format).toContain("***");
    }
  });

  it("exits 2 on usage errors and on an invalid runbook, with located errors", async () => {
    expect((await run(["check", file, "--gate", "G-9"])).err).toContain("unknown gate 'G-9'; did you mean 'G-1'?");
    expect((await run(["check", file, "--format", "xml"])).code).toBe(2);
    expect((await run(["check", file, "--concurrency", "0"])).code).toBe(2);
    const bad = join(dir, "bad.yaml");
    await writeFile(bad, "golive: 1\nmeta: { id: x, title: X }\nchecks:\n  - { id: a, kind: http, config: { url: http://127.0.0.1/ }, conditions: [statuz == 200] }\n");
    const r = await run(["check", bad]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:4:\\d+ .*statuz`, "m"));
  });

  it("stops cleanly on Ctrl-C and reports what ran", async () => {
    const child = spawn(process.execPath, ["bin/golive", "check", file, "--only", "health", "hang", "--concurrency", "1"], {
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    let interrupted = false;
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        // health is done and hang is running: interrupt, once.
        if (!interrupted && out.includes("PASS health")) {
          interrupted = true;
          child.kill("SIGINT");
        }
      });
      child.on("exit", (c) => resolve(c));
    });
    expect(err).toContain("cancelling");
    expect(code).toBe(1);
    expect(out).toMatch(/ERROR\s+hang\s+http .*cancelled/);
    expect(out).toMatch(/pass\s+health/);
    expect(out).toContain("cancelled: 2 of 2 checks ran");
  }, 120_000);
});
