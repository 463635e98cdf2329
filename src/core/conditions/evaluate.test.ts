import { describe, expect, it } from "vitest";
import { evaluateCondition } from "./evaluate.ts";
import { parsed } from "./test-helpers.ts";
import type { ConditionResult } from "./types.ts";

const run = (source: string, values: Record<string, unknown>, untyped = false): ConditionResult =>
  evaluateCondition(parsed(source, untyped ? null : undefined), values);

describe("the runbook examples", () => {
  it.each<[string, Record<string, unknown>, ConditionResult]>([
    ["status == 200", { status: 404 }, { outcome: "fail", text: "status (404) == 200" }],
    ["status == 200", { status: 200 }, { outcome: "pass", text: "status (200) == 200" }],
    ["latency < 1s", { latency: 850 }, { outcome: "pass", text: "latency (0.85s) < 1s" }],
    ["p95 < 1s", { p95: 1300 }, { outcome: "fail", text: "p95 (1.3s) < 1s" }],
    ["p95 < 30s", { p95: 12_345 }, { outcome: "pass", text: "p95 (12.345s) < 30s" }],
    ["value >= 99.5%", { value: 0.9962 }, { outcome: "pass", text: "value (99.62%) >= 99.5%" }],
    ["rss < 256MB", { rss: 301e6 }, { outcome: "fail", text: "rss (301MB) < 256MB" }],
    ["rows == 0", { rows: 0 }, { outcome: "pass", text: "rows (0) == 0" }],
    ['body.status == "ok"', { body: { status: "degraded" } }, { outcome: "fail", text: 'body.status ("degraded") == "ok"' }],
    ["days_left > 14", { days_left: 9 }, { outcome: "fail", text: "days_left (9) > 14" }],
    [
      `headers["content-security-policy"] == "default-src 'self'"`,
      { headers: { "content-security-policy": "default-src 'self'" } },
      { outcome: "pass", text: `headers["content-security-policy"] ("default-src 'self'") == "default-src 'self'"` },
    ],
    ['headers["x-frame-options"] == "DENY"', { headers: { "x-frame-options": "SAMEORIGIN" } }, { outcome: "fail", text: 'headers["x-frame-options"] ("SAMEORIGIN") == "DENY"' }],
    ['headers["strict-transport-security"] exists', { headers: { "strict-transport-security": "max-age=63072000" } }, { outcome: "pass", text: 'headers["strict-transport-security"] ("max-age=63072000") exists' }],
    ['stdout contains "no diff"', { stdout: "checked 12 tables: no diff" }, { outcome: "pass", text: 'stdout ("checked 12 tables: no diff") contains "no diff"' }],
    [
      'plan not contains "Seq Scan on pancake_webhook_event"',
      { plan: "Index Scan using pancake_webhook_event_pkey on pancake_webhook_event" },
      { outcome: "pass", text: 'plan ("Index Scan using pancake_webhook_event_pkey on pancake_webhook_event") not contains "Seq Scan on pancake_webhook_event"' },
    ],
    ["error_rate < 1% and p95 < 1s", { error_rate: 0.004, p95: 1300 }, { outcome: "fail", text: "error_rate (0.4%) < 1% and p95 (1.3s) < 1s" }],
    ["(rows > 1 or status < 2)", { rows: 0, status: 1 }, { outcome: "pass", text: "rows (0) > 1 or status (1) < 2" }],
    ["not (rows == 1)", { rows: 1 }, { outcome: "fail", text: "not (rows (1) == 1)" }],
  ])("%s with %j", (source, values, expected) => {
    expect(run(source, values)).toEqual(expected);
  });
});

describe("comparison operators", () => {
  it.each<[string, "pass" | "fail"]>([
    ["status == 200", "pass"],
    ["status != 200", "fail"],
    ["status < 200", "fail"],
    ["status <= 200", "pass"],
    ["status > 199", "pass"],
    ["status >= 201", "fail"],
    ["status ≥ 200", "pass"],
    ["status ≤ 199", "fail"],
    ["status ≠ 404", "pass"],
    ["200 == status", "pass"],
    ["300 > status", "pass"],
  ])("%s with status 200: %s", (source, outcome) => {
    expect(run(source, { status: 200 }).outcome).toBe(outcome);
  });

  it("shows normalised operators in the text", () => {
    expect(run("status ≥ 200", { status: 200 }).text).toBe("status (200) >= 200");
  });

  it("compares two values", () => {
    expect(run("p95 < latency", { p95: 900, latency: 1500 })).toEqual({ outcome: "pass", text: "p95 (900ms) < latency (1.5s)" });
  });
});

describe("units in results", () => {
  it("shows a duration in the literal's unit", () => {
    expect(run("latency < 250ms", { latency: 1300 }).text).toBe("latency (1300ms) < 250ms");
    expect(run("latency < 5m", { latency: 90_000 }).text).toBe("latency (1.5m) < 5m");
    expect(run("latency < 2h", { latency: 5_400_000 }).text).toBe("latency (1.5h) < 2h");
    expect(run("latency < 1h30m", { latency: 5_400_000 })).toEqual({ outcome: "fail", text: "latency (1.5h) < 1h30m" });
  });

  it("shows a size in the literal's unit, decimal or binary", () => {
    expect(run("size < 50KB", { size: 51_234 }).text).toBe("size (51.234KB) < 50KB");
    expect(run("rss < 256MiB", { rss: 300 * 1024 ** 2 }).text).toBe("rss (300MiB) < 256MiB");
    expect(run("rss < 1GiB", { rss: 1.5 * 1024 ** 3 })).toEqual({ outcome: "fail", text: "rss (1.5GiB) < 1GiB" });
  });

  it("reads a plain number compared with a percent as a ratio", () => {
    expect(run("value >= 99.5%", { value: 0.994 })).toEqual({ outcome: "fail", text: "value (99.4%) >= 99.5%" });
    expect(run("error_rate < 1%", { error_rate: 0.01 })).toEqual({ outcome: "fail", text: "error_rate (1%) < 1%" });
  });

  it("never shows a different value as the threshold", () => {
    expect(run("value >= 99.5%", { value: 0.994999 })).toEqual({ outcome: "fail", text: "value (99.4999%) >= 99.5%" });
    expect(run("p95 < 1s", { p95: 1000.2 })).toEqual({ outcome: "fail", text: "p95 (1.0002s) < 1s" });
    expect(run("rows < 3", { rows: 3.0000001 }, true).text).toBe("rows (3.0000001) < 3");
  });

  it("shows an `any` value in the unit of the literal", () => {
    expect(run("body.p95 < 1s", { body: { p95: 1300 } }).text).toBe("body.p95 (1.3s) < 1s");
    expect(run("body.ratio >= 99.5%", { body: { ratio: 0.9971 } }).text).toBe("body.ratio (99.71%) >= 99.5%");
  });
});

describe("missing values are inconclusive", () => {
  it("a missing top-level value", () => {
    expect(run("p95 < 1s", {})).toEqual({ outcome: "inconclusive", text: "p95 (missing) < 1s", error: "no value for p95" });
    expect(run("p95 < 1s", { p95: undefined })).toMatchObject({ outcome: "inconclusive" });
  });

  it("a missing nested value, never 0", () => {
    expect(run("body.count == 0", { body: {} })).toEqual({ outcome: "inconclusive", text: "body.count (missing) == 0", error: "no value for body.count" });
    expect(run("result[3] == 0", { result: [1] })).toMatchObject({ outcome: "inconclusive", error: "no value for result[3]" });
  });

  it("explains a path through a non-object", () => {
    expect(run('body.status == "ok"', { body: "<html>" })).toMatchObject({ outcome: "inconclusive", error: 'no value for body.status (body is "<html>")' });
  });

  it("does not read inherited properties", () => {
    expect(run('body.constructor == "x"', { body: {} }).outcome).toBe("inconclusive");
  });

  it("applies to every test kind except exists", () => {
    expect(run('stdout contains "x"', {}).outcome).toBe("inconclusive");
    expect(run('text matches "x"', {}).outcome).toBe("inconclusive");
    expect(run("tags contains body.tag", { tags: ["a"], body: {} }).outcome).toBe("inconclusive");
  });
});

describe("run-time types (no silent coercion)", () => {
  it("fails on text where a number is needed", () => {
    expect(run("body.count > 5", { body: { count: "many" } })).toEqual({
      outcome: "fail",
      text: 'body.count ("many") > 5',
      error: 'body.count is "many", not a number',
    });
  });

  it("fails on null, booleans and NaN where a number is needed", () => {
    expect(run("rows == 0", { rows: null })).toEqual({ outcome: "fail", text: "rows (null) == 0", error: "rows is null, not a number" });
    expect(run("body.x < 5", { body: { x: true } }).error).toBe("body.x is true, not a number");
    expect(run("rows == 0", { rows: Number.NaN }).outcome).toBe("fail");
  });

  it("reads numeric strings (SQL, Prometheus) as numbers", () => {
    expect(run("body.count > 12", { body: { count: "12.5" } })).toEqual({ outcome: "pass", text: "body.count (12.5) > 12" });
    expect(run("value >= 99.5%", { value: "0.9971" }).outcome).toBe("pass");
    expect(run("body.v < 1", { body: { v: "+Inf" } })).toEqual({ outcome: "fail", text: "body.v (Inf) < 1" });
    expect(run("body.v == 1000", { body: { v: " 1e3 " } }).outcome).toBe("pass");
    expect(run("body.v == 0", { body: { v: "0x0" } }).outcome).toBe("fail");
  });

  it("fails on a number where text is needed", () => {
    expect(run('body.code == "200"', { body: { code: 200 } })).toEqual({ outcome: "fail", text: 'body.code (200) == "200"', error: "body.code is 200, not text" });
    expect(run('body.code != "200"', { body: { code: 200 } }).outcome).toBe("fail");
  });

  it("compares booleans", () => {
    expect(run("valid == true", { valid: true })).toEqual({ outcome: "pass", text: "valid (true) == true" });
    expect(run("valid != true", { valid: false }).outcome).toBe("pass");
    expect(run("body.ok == true", { body: { ok: "true" } })).toMatchObject({ outcome: "fail", error: 'body.ok is "true", not true or false' });
  });

  it("compares with null", () => {
    expect(run("body.error == null", { body: { error: null } })).toEqual({ outcome: "pass", text: "body.error (null) == null" });
    expect(run("body.error == null", { body: { error: "boom" } }).outcome).toBe("fail");
    expect(run("body.error != null", { body: { error: "boom" } }).outcome).toBe("pass");
  });

  it("compares two `any` values by what they hold", () => {
    const values = { a: 5, b: "5", c: "x", d: { k: [1] }, e: { k: [1] } };
    expect(run("a == b", values, true).outcome).toBe("pass");
    expect(run("a < b", values, true).outcome).toBe("fail");
    expect(run("a < c", values, true)).toMatchObject({ outcome: "fail", error: "< needs two numbers; got a number and text" });
    expect(run("d == e", values, true).outcome).toBe("pass");
    expect(run("c == d", values, true)).toMatchObject({ outcome: "fail", error: "cannot compare text with an object" });
  });
});

describe("contains", () => {
  it("finds text in text", () => {
    expect(run('stdout contains "ok"', { stdout: "all ok" }).outcome).toBe("pass");
    expect(run('stdout contains "OK"', { stdout: "all ok" }).outcome).toBe("fail");
    expect(run('stdout not contains "error"', { stdout: "all ok" }).outcome).toBe("pass");
  });

  it("shows where the text was found in long output", () => {
    const plan = `Hash Join  (cost=1.00..2.00 rows=1 width=8)\n  ->  Seq Scan on pancake_webhook_event e  (cost=0.00..1.00)\n${"x".repeat(200)}`;
    const r = run('plan not contains "Seq Scan on pancake_webhook_event"', { plan });
    expect(r.outcome).toBe("fail");
    expect(r.text).toBe(`plan (…"ws=1 width=8)\\n  ->  Seq Scan on pancake_webhook_event e  (cost=0.00..1.00"… (${plan.length} chars)) not contains "Seq Scan on pancake_webhook_event"`);
  });

  it("finds an item in a list, numbers as numbers", () => {
    expect(run('tags contains "canary"', { tags: ["stable", "canary"] }).outcome).toBe("pass");
    expect(run("codes contains 200", { codes: [200, 301] })).toEqual({ outcome: "pass", text: "codes ([200,301]) contains 200" });
    expect(run("codes contains 200", { codes: ["200"] }).outcome).toBe("pass");
    expect(run("codes not contains 500", { codes: [200, 301] }).outcome).toBe("pass");
  });

  it("finds a key in a map", () => {
    expect(run('headers contains "x-frame-options"', { headers: { "x-frame-options": "DENY" } }).outcome).toBe("pass");
    expect(run('headers contains "x-frame-options"', { headers: new Map([["x-frame-options", "DENY"]]) }).outcome).toBe("pass");
    expect(run('headers not contains "server"', { headers: { server: "nginx" } }).outcome).toBe("fail");
  });

  it("fails on a value that cannot contain anything, even when negated", () => {
    expect(run('body.n contains "1"', { body: { n: 12 } })).toMatchObject({ outcome: "fail", error: "body.n is 12, not text, a list or a map" });
    expect(run('body.n not contains "1"', { body: { n: 12 } }).outcome).toBe("fail");
    expect(run("body.s contains body.n", { body: { s: "a12", n: 12 } })).toMatchObject({ outcome: "fail", error: "body.n is 12, not text" });
  });
});

describe("matches", () => {
  it("tests a regular expression", () => {
    expect(run('text matches "^v\\d+\\.\\d+"', { text: "v1.24.3" })).toEqual({ outcome: "pass", text: 'text ("v1.24.3") matches "^v\\d+\\.\\d+"' });
    expect(run('text matches "^v2"', { text: "v1.24.3" }).outcome).toBe("fail");
    expect(run('text not matches "(?:error|fatal)"', { text: "all good" }).outcome).toBe("pass");
  });

  it("fails on a value that is not text", () => {
    expect(run('body.v matches "1"', { body: { v: 1 } })).toMatchObject({ outcome: "fail", error: "body.v is 1, not text" });
  });
});

describe("exists", () => {
  it("is never inconclusive", () => {
    expect(run('headers["x-powered-by"] not exists', { headers: {} })).toEqual({ outcome: "pass", text: 'headers["x-powered-by"] (missing) not exists' });
    expect(run('headers["x-powered-by"] not exists', { headers: { "x-powered-by": "PHP" } })).toEqual({
      outcome: "fail",
      text: 'headers["x-powered-by"] ("PHP") not exists',
    });
    expect(run("body.a.b exists", {}).outcome).toBe("fail");
  });

  it("counts null as a value", () => {
    expect(run("body.a exists", { body: { a: null } }).outcome).toBe("pass");
  });
});

describe("and, or, not", () => {
  const cases: [string, Record<string, unknown>, ConditionResult["outcome"]][] = [
    ["rows == 0 and status == 200", { rows: 0, status: 200 }, "pass"],
    ["rows == 0 and status == 200", { rows: 1 }, "fail"],
    ["rows == 0 and status == 200", { rows: 0 }, "inconclusive"],
    ["rows == 0 or status == 200", { rows: 0 }, "pass"],
    ["rows == 0 or status == 200", { rows: 1 }, "inconclusive"],
    ["rows == 0 or status == 200", { rows: 1, status: 500 }, "fail"],
    ["not rows == 0", { rows: 0 }, "fail"],
    ["not rows == 0", { rows: 1 }, "pass"],
    ["not rows == 0", {}, "inconclusive"],
  ];
  it.each(cases)("%s with %j is %s", (source, values, outcome) => {
    expect(run(source, values).outcome).toBe(outcome);
  });

  it("shows every part, with parentheses where they matter", () => {
    expect(run("(rows > 1 or status < 2) and not (rows == 1)", { rows: 0, status: 1 })).toEqual({
      outcome: "pass",
      text: "(rows (0) > 1 or status (1) < 2) and not (rows (0) == 1)",
    });
  });

  it("collects the reasons of every part", () => {
    expect(run("p95 < 1s and body.n > 1", { body: { n: "x" } })).toEqual({
      outcome: "fail",
      text: 'p95 (missing) < 1s and body.n ("x") > 1',
      error: 'no value for p95; body.n is "x", not a number',
    });
  });
});
