import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseKindConfig } from "./plan.ts";
import { providers } from "./registry.ts";
import { runChecks } from "./scheduler.ts";
import { MissingSecretError, Redactor, resolveSecrets, secretNames } from "./secrets.ts";
import { testCheck } from "./test-plan.ts";

const CANARY = "canary-7Hq/9x+Zt&k=secret";

let server: Server;
let base: string;
beforeAll(async () => {
  // Echoes what it got everywhere it can: body, headers, status text.
  server = createServer((req, res) => {
    const auth = req.headers.authorization ?? "";
    res.writeHead(req.url?.includes("fail") ? 500 : 200, { "Content-Type": "application/json", "X-Echo": auth });
    res.end(JSON.stringify({ auth, url: req.url, token: auth.replace(/^Bearer /, "") }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("secrets", () => {
  it("resolves ${env:NAME} anywhere in a config and remembers the value", () => {
    const r = new Redactor();
    const out = resolveSecrets({ url: "https://x/${env:A}?k=${env:B}", headers: { h: "Bearer ${env:A}" }, n: 3 }, { A: "aa1", B: "bb2" }, r);
    expect(out).toEqual({ url: "https://x/aa1?k=bb2", headers: { h: "Bearer aa1" }, n: 3 });
    expect(r.redact("aa1 and bb2")).toBe("*** and ***");
    expect(secretNames({ a: ["${env:X}", { b: "${env:Y}${env:X}" }] })).toEqual(["X", "Y"]);
  });

  it("names a missing variable without a value", () => {
    expect(() => resolveSecrets({ url: "${env:NOPE_TOKEN}" }, {}, new Redactor())).toThrow(MissingSecretError);
    expect(() => resolveSecrets({ url: "${env:NOPE_TOKEN}" }, {}, new Redactor())).toThrow(/NOPE_TOKEN/);
  });

  it("redacts encoded forms and nested values, longest secret first", () => {
    const r = new Redactor();
    r.add("a b/c");
    r.add("a b");
    expect(r.redact("x a%20b%2Fc y a b/c z a b")).toBe("x *** y *** z ***");
    expect(r.redactDeep({ "k-a b": ["a b/c", 1, { v: "a b" }] })).toEqual({ "k-***": ["***", 1, { v: "***" }] });
  });

  it("never lets a resolved secret into results: errors, conditions, values", async () => {
    const env = { API_TOKEN: CANARY };
    const checks = [
      testCheck({ id: "echo", kind: "http", config: { url: `${base}/ok?t=\${env:API_TOKEN}`, headers: { authorization: "Bearer ${env:API_TOKEN}" } }, conditions: ['body.token == "nope"', 'headers["x-echo"] contains "x"'] }),
      testCheck({ id: "fail", kind: "http", config: { url: `${base}/fail/\${env:API_TOKEN}` }, conditions: ["status == 200", 'text contains "x"'] }),
      testCheck({ id: "refused", kind: "http", config: { url: "http://127.0.0.1:9/${env:API_TOKEN}" } }),
      testCheck({ id: "dns", kind: "dns", config: { name: "${env:API_TOKEN}.invalid", resolver: "127.0.0.1:9" }, timeout: "300ms" }),
      testCheck({ id: "missing", kind: "http", config: { url: "${env:MISSING_OK}" } }),
    ];
    const redactor = new Redactor();
    const report = await runChecks(checks, { providers, parseConfig: parseKindConfig, concurrency: 4, env, redactor });
    const all = JSON.stringify(report);
    expect(all).not.toContain(CANARY);
    expect(all).not.toContain(encodeURIComponent(CANARY));
    expect(all).toContain("***");
    const echo = report.results[0]?.fact;
    expect(echo?.outcome).toBe("fail");
    expect(echo?.conditions[0]?.text).toContain("***");
    expect(report.results[4]?.fact).toMatchObject({ outcome: "error", error: expect.stringContaining("MISSING_OK") as unknown });
    expect(redactor.redact(`log line ${CANARY}`)).toBe("log line ***");
  });
});
