import { describe, expect, it } from "vitest";
import { parseCondition } from "./parse.ts";
import { conditionSource } from "./print.ts";
import { errorsOf, oneError, parsed } from "./test-helpers.ts";
import type { CompareNode, ConditionExpr, NumberLiteral, ValuePath } from "./types.ts";

const canonical = (source: string): string => conditionSource(parsed(source, null));

function compare(expr: ConditionExpr): CompareNode {
  if (expr.kind !== "compare") throw new Error(`expected a comparison, got ${expr.kind}`);
  return expr;
}

function numberOn(source: string): NumberLiteral {
  const right = compare(parsed(source, null).expr).right;
  if (right.kind !== "number") throw new Error("expected a number on the right");
  return right;
}

function pathOf(source: string): ValuePath {
  const left = compare(parsed(source, null).expr).left;
  if (left.kind !== "path") throw new Error("expected a path on the left");
  return left;
}

describe("comparison operators", () => {
  it.each([
    ["status == 200", "=="],
    ["status != 200", "!="],
    ["status < 200", "<"],
    ["status <= 200", "<="],
    ["status > 200", ">"],
    ["status >= 200", ">="],
    ["status ≥ 200", ">="],
    ["status ≤ 200", "<="],
    ["status ≠ 200", "!="],
    ["status>=200", ">="],
  ])("%s uses %s", (source, op) => {
    const node = compare(parsed(source).expr);
    expect(node.op).toBe(op);
    expect(node.left).toMatchObject({ kind: "path", root: "status" });
    expect(node.right).toMatchObject({ kind: "number", value: 200 });
  });

  it("records where the operator is, unicode included", () => {
    expect(compare(parsed("status ≥ 200").expr).opSpan).toEqual({ offset: 7, length: 1 });
    expect(compare(parsed("status >= 200").expr).opSpan).toEqual({ offset: 7, length: 2 });
  });

  it("accepts a literal on the left", () => {
    expect(canonical("200 == status")).toBe("200 == status");
  });
});

describe("word operators", () => {
  it.each([
    ['stdout contains "no diff"', "contains", false],
    ['plan not contains "Seq Scan on pancake_webhook_event"', "contains", true],
    ['text matches "^ok"', "matches", false],
    ['text not matches "^ok"', "matches", true],
    ['headers["strict-transport-security"] exists', "exists", false],
    ['headers["x-powered-by"] not exists', "exists", true],
  ])("%s", (source, kind, negated) => {
    expect(parsed(source).expr).toMatchObject({ kind, negated });
  });

  it("keywords are case-insensitive and && / || are accepted", () => {
    expect(canonical("a == 1 AND b == 2 Or NOT c Contains 'x'")).toBe('a == 1 and b == 2 or not (c contains "x")');
    expect(canonical("a == 1 && b == 2 || c == 3")).toBe("a == 1 and b == 2 or c == 3");
  });

  it("a name may start with a keyword", () => {
    expect(pathOf("notes == 1").root).toBe("notes");
    expect(pathOf("order_count == 1").root).toBe("order_count");
    expect(pathOf("body.not == 1").segments).toMatchObject([{ kind: "field", name: "not" }]);
  });
});

describe("precedence: not > and > or", () => {
  it("and binds tighter than or", () => {
    const expr = parsed("a == 1 or b == 2 and c == 3", null).expr;
    expect(expr.kind).toBe("or");
    expect(expr).toMatchObject({ parts: [{ kind: "compare" }, { kind: "and" }] });
  });

  it("not applies to one test, before and", () => {
    const expr = parsed("not a == 1 and b == 2", null).expr;
    expect(expr).toMatchObject({ kind: "and", parts: [{ kind: "not", operand: { kind: "compare" } }, { kind: "compare" }] });
  });

  it("parentheses group", () => {
    expect(parsed("(a > 1 or b < 2) and c == 3", null).expr).toMatchObject({ kind: "and", parts: [{ kind: "or" }, { kind: "compare" }] });
    expect(parsed("not (x == 1)", null).expr).toMatchObject({ kind: "not", operand: { kind: "compare", op: "==" } });
    expect(canonical("((a == 1))")).toBe("a == 1");
  });

  it("chains of the same operator are one node", () => {
    expect(parsed("a == 1 and b == 2 and c == 3", null).expr).toMatchObject({ kind: "and", parts: [{}, {}, {}] });
  });
});

describe("number literals and units", () => {
  it.each([
    ["x == 200", "number", 200, undefined],
    ["x == -3.5", "number", -3.5, undefined],
    ["x < 250ms", "duration", 250, "ms"],
    ["x < 1s", "duration", 1000, "s"],
    ["x < 1.1s", "duration", 1100, "s"],
    ["x < 5m", "duration", 300_000, "m"],
    ["x < 5min", "duration", 300_000, "min"],
    ["x < 2h", "duration", 7_200_000, "h"],
    ["x < 7d", "duration", 604_800_000, "d"],
    ["x < 1w", "duration", 604_800_000, "w"],
    ["x < 1h30m", "duration", 5_400_000, undefined],
    ["x < 512B", "bytes", 512, "B"],
    ["x < 50KB", "bytes", 50_000, "KB"],
    ["x < 50kB", "bytes", 50_000, "kB"],
    ["x < 256MB", "bytes", 256_000_000, "MB"],
    ["x < 2GB", "bytes", 2e9, "GB"],
    ["x < 1TB", "bytes", 1e12, "TB"],
    ["x < 1KiB", "bytes", 1024, "KiB"],
    ["x < 256MiB", "bytes", 256 * 1024 ** 2, "MiB"],
    ["x < 1GiB", "bytes", 1024 ** 3, "GiB"],
    ["x < 1TiB", "bytes", 1024 ** 4, "TiB"],
    ["x >= 99.5%", "percent", 0.995, "%"],
    ["x < 1%", "percent", 0.01, "%"],
  ])("%s", (source, type, value, unit) => {
    expect(numberOn(source)).toMatchObject({ type, value, unit });
  });

  it("allows a space before a known unit, as documents write it", () => {
    expect(numberOn("x < 256 MB")).toMatchObject({ type: "bytes", value: 256e6, raw: "256MB" });
    expect(numberOn("x >= 99.5 %")).toMatchObject({ type: "percent", value: 0.995, raw: "99.5%" });
    expect(numberOn("x < 30 min")).toMatchObject({ type: "duration", value: 1_800_000 });
  });

  it("reports an unknown unit at the number", () => {
    const e = oneError("latency < 5sec");
    expect(e.message).toMatch(/^unknown unit 'sec' in 5sec; durations: ms, s, m/);
    expect(e).toMatchObject({ offset: 10, at: "5sec" });
  });

  it("combines only durations", () => {
    expect(oneError("size < 1MB5KB").message).toBe("1MB5KB: only durations can be combined, each part with a unit (e.g. 1h30m)");
    expect(oneError("latency < 1h30").offset).toBe(10);
  });
});

describe("strings, booleans, null", () => {
  it("reads double- and single-quoted strings with escapes", () => {
    const right = (s: string) => compare(parsed(s, null).expr).right;
    expect(right('x == "a \\"b\\" c"')).toMatchObject({ kind: "string", value: 'a "b" c' });
    expect(right("x == 'it\\'s'")).toMatchObject({ kind: "string", value: "it's" });
    expect(right(`x == "default-src 'self'"`)).toMatchObject({ value: "default-src 'self'" });
    expect(right('x == "a\\nb\\tc\\\\d"')).toMatchObject({ value: "a\nb\tc\\d" });
  });

  it("keeps unknown escapes, so regular expressions read as written", () => {
    const node = parsed('text matches "^v\\d+\\.\\d+$"').expr;
    expect(node).toMatchObject({ kind: "matches", pattern: { value: "^v\\d+\\.\\d+$" } });
  });

  it("reads true, false and null", () => {
    expect(compare(parsed("valid == true").expr).right).toMatchObject({ kind: "boolean", value: true });
    expect(compare(parsed("valid == FALSE").expr).right).toMatchObject({ kind: "boolean", value: false });
    expect(compare(parsed("body.x == null").expr).right).toMatchObject({ kind: "null" });
  });
});

describe("value paths", () => {
  it("reads fields, keys and indexes", () => {
    expect(pathOf('body.data[0]["x-y"].z == 1')).toMatchObject({
      root: "body",
      segments: [
        { kind: "field", name: "data" },
        { kind: "index", index: 0 },
        { kind: "key", key: "x-y" },
        { kind: "field", name: "z" },
      ],
    });
  });

  it("allows spaces inside brackets", () => {
    expect(pathOf('headers[ "x-frame-options" ] == "DENY"').segments).toMatchObject([{ kind: "key", key: "x-frame-options" }]);
  });

  it("asks for brackets around a name with dashes", () => {
    const e = oneError('headers.x-frame-options == "DENY"');
    expect(e).toEqual({ message: `a name with '-' needs brackets: write ["x-frame-options"]`, offset: 7, at: ".x-frame-options" });
  });
});

describe("syntax errors", () => {
  it("locates a missing operator", () => {
    expect(oneError("status")).toEqual({
      message: "expected an operator (==, !=, <, <=, >, >=, contains, matches, exists), but the condition ends there",
      offset: 6,
      at: "",
    });
    expect(oneError("status 200")).toMatchObject({ offset: 7, message: expect.stringMatching(/found '200'$/) as unknown });
  });

  it("locates a missing value", () => {
    expect(oneError("status ==")).toMatchObject({ offset: 9, message: expect.stringMatching(/^expected a value/) as unknown });
    expect(oneError("status == 200 and")).toMatchObject({ offset: 17 });
  });

  it("locates text after a complete test", () => {
    expect(oneError("status == 200 rows == 1")).toEqual({ message: `expected "and", "or" or the end of the condition, found 'rows'`, offset: 14, at: "r" });
  });

  it("says = is not ==", () => {
    expect(oneError("status = 200")).toEqual({ message: "use == to compare (a single = is not an operator)", offset: 7, at: "=" });
  });

  it("says a string is not closed", () => {
    expect(oneError('body.status == "ok')).toMatchObject({ message: 'this string is not closed: add the closing "', offset: 15 });
  });

  it("wants a string after matches", () => {
    expect(oneError("text matches ^ok")).toMatchObject({ offset: 13, message: expect.stringMatching(/^expected a quoted string/) as unknown });
  });

  it("reports an unbalanced parenthesis", () => {
    expect(oneError("(status == 200")).toMatchObject({ offset: 14, message: expect.stringContaining('")"') as unknown });
    expect(oneError("status == 200)")).toMatchObject({ offset: 13 });
  });

  it("reports an empty condition", () => {
    expect(oneError("   ").message).toBe("the condition is empty; write e.g. status == 200");
  });

  it("reports several problems at once, in order", () => {
    const errors = errorsOf("latncy < 5 and status = 200");
    expect(errors.map((e) => e.offset)).toEqual([0, 22]);
  });

  it("rejects very long or deeply nested conditions without throwing", () => {
    expect(errorsOf("x == 1 and ".repeat(500) + "x == 1", null)[0]?.message).toMatch(/longer than 4000/);
    const deep = "(".repeat(1995) + "x == 1" + ")".repeat(1995);
    const r = parseCondition(deep);
    // Depending on the stack size it parses, or says why not; it never throws.
    if (!r.ok) expect(r.errors).toEqual([{ message: "the condition is nested too deeply", offset: 0 }]);
    else expect(conditionSource(r.condition)).toBe("x == 1");
  });

  it("rejects a source that is not text", () => {
    expect(parseCondition(200 as unknown as string)).toMatchObject({ ok: false, errors: [{ offset: 0 }] });
  });
});

describe("the parsed condition", () => {
  it("keeps the source as written and prints a canonical form", () => {
    const c = parsed("p95 ≤ 1s  AND   error_rate<1%");
    expect(c.source).toBe("p95 ≤ 1s  AND   error_rate<1%");
    expect(conditionSource(c)).toBe("p95 <= 1s and error_rate < 1%");
  });

  it("is plain data (can be stored as JSON)", () => {
    const c = parsed('text matches "^a" and p95 < 1s');
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
  });
});
