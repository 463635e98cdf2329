import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateCondition } from "./evaluate.ts";
import { parseCondition } from "./parse.ts";
import { quoteString } from "./format.ts";
import { conditionSource } from "./print.ts";
import { SIGNATURE } from "./test-helpers.ts";
import type { ParseConditionResult } from "./types.ts";

/** Pieces of the language, so that random text often gets deep into the grammar. */
const TOKENS = [
  "status", "latency", "body", "headers", "tags", "p95", "rss", "error_rate", "x", ".", "[", "]", "[0]", '["x-y"]', "(", ")",
  "==", "!=", "<", "<=", ">", ">=", "=", "≥", "≤", "≠", "and", "or", "not", "&&", "||", "contains", "matches", "exists",
  "200", "-1", "1.5", "1s", "250ms", "5m", "1h30m", "256MB", "1KiB", "99.5%", "5sec", "1MB5KB", "true", "false", "null",
  '"ok"', "'x'", '"(', '"\\d+"', '"', "'", "\\", " ", "  ", "\n", "-", "%", "é", "😀",
];

const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 25 }).map((parts) => parts.join(" "));

function wellFormedResult(source: string, result: ParseConditionResult): void {
  if (result.ok) return;
  expect(result.errors.length).toBeGreaterThan(0);
  for (const e of result.errors) {
    expect(typeof e.message).toBe("string");
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.offset).toBeGreaterThanOrEqual(0);
    expect(e.offset + (e.length ?? 0)).toBeLessThanOrEqual(Math.max(source.length, 4000));
  }
}

describe("the parser never throws", () => {
  it("on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (source) => {
        wellFormedResult(source, parseCondition(source));
        wellFormedResult(source, parseCondition(source, SIGNATURE));
      }),
      { numRuns: 1000 },
    );
  });

  it("on text made of the language's own tokens", () => {
    fc.assert(
      fc.property(tokenSoup, (source) => {
        wellFormedResult(source, parseCondition(source));
        wellFormedResult(source, parseCondition(source, SIGNATURE));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("strings round-trip", () => {
  it("quoteString writes a literal that parses back to the same string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (value) => {
        const r = parseCondition(`x == ${quoteString(value)}`);
        if (!r.ok) throw new Error(JSON.stringify(r.errors));
        expect(r.condition.expr).toMatchObject({ right: { kind: "string", value } });
      }),
      { numRuns: 1000 },
    );
  });
});

describe("conditions round-trip and evaluate", () => {
  const generated = fc.letrec((tie) => ({
    test: fc.oneof(
      fc
        .tuple(fc.constantFrom("a", "b.c", 'h["x-y"]', "l[2]"), fc.constantFrom("==", "!=", "<", "<=", ">", ">=", "≥", "≠"), fc.constantFrom("1", "2.5s", "3MB", "99.5%", "-4", "1h30m"))
        .map((t) => t.join(" ")),
      fc.tuple(fc.constantFrom("a", "b.c"), fc.constantFrom("==", "!="), fc.string({ maxLength: 6 })).map(([l, op, s]) => `${l} ${op} ${JSON.stringify(s)}`),
      fc
        .tuple(fc.constantFrom("s", "b.t"), fc.constantFrom("contains", "not contains", "matches", "not matches"), fc.constantFrom('"a"', '"^x\\d"', "'q'"))
        .map((t) => t.join(" ")),
      fc.tuple(fc.constantFrom("h.x", 'h["y"]'), fc.constantFrom("exists", "not exists")).map((t) => t.join(" ")),
    ),
    condition: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      tie("test") as fc.Arbitrary<string>,
      fc.tuple(tie("condition") as fc.Arbitrary<string>, fc.constantFrom("and", "or", "AND", "&&", "||"), tie("condition") as fc.Arbitrary<string>).map(([a, op, b]) => `${a} ${op} ${b}`),
      (tie("condition") as fc.Arbitrary<string>).map((c) => `(${c})`),
      (tie("condition") as fc.Arbitrary<string>).map((c) => `not ${c}`),
    ),
  })).condition;

  it("every generated condition parses, and its canonical form parses to itself", () => {
    fc.assert(
      fc.property(generated, (source) => {
        const first = parseCondition(source);
        if (!first.ok) throw new Error(`${source}: ${JSON.stringify(first.errors)}`);
        const text = conditionSource(first.condition);
        const second = parseCondition(text);
        if (!second.ok) throw new Error(`${text}: ${JSON.stringify(second.errors)}`);
        expect(conditionSource(second.condition)).toBe(text);
        expect(withoutPositions(second.condition.expr)).toEqual(withoutPositions(first.condition.expr));
      }),
      { numRuns: 500 },
    );
  });

  it("evaluation never throws and agrees with the canonical form", () => {
    const values = fc.record(
      { a: fc.jsonValue(), b: fc.jsonValue(), h: fc.jsonValue(), l: fc.jsonValue(), s: fc.jsonValue() },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(generated, values, (source, vals) => {
        const first = parseCondition(source);
        if (!first.ok) return;
        const result = evaluateCondition(first.condition, vals);
        expect(["pass", "fail", "inconclusive"]).toContain(result.outcome);
        expect(result.text.length).toBeGreaterThan(0);
        const again = parseCondition(conditionSource(first.condition));
        if (again.ok) expect(evaluateCondition(again.condition, vals).outcome).toBe(result.outcome);
      }),
      { numRuns: 500 },
    );
  });
});

/** The tree without source positions, which differ between a source and its canonical form. */
function withoutPositions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutPositions);
  if (typeof node !== "object" || node === null) return node;
  const skip = new Set(["offset", "length", "opSpan"]);
  return Object.fromEntries(Object.entries(node).filter(([k]) => !skip.has(k)).map(([k, v]) => [k, withoutPositions(v)]));
}
