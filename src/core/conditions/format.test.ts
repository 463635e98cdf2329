import { describe, expect, it } from "vitest";
import { describeValueType, formatNumber, formatValue, quoteString } from "./format.ts";
import { conditionSource } from "./print.ts";
import { parsed } from "./test-helpers.ts";

describe("formatValue", () => {
  it("shows a duration in the given unit, or in the largest unit that reads well", () => {
    expect(formatValue(1300, "duration", "s")).toBe("1.3s");
    expect(formatValue(1300, "duration", "ms")).toBe("1300ms");
    expect(formatValue(90_000, "duration", "min")).toBe("1.5min");
    expect(formatValue(850, "duration")).toBe("850ms");
    expect(formatValue(1300, "duration")).toBe("1.3s");
    expect(formatValue(270_000, "duration")).toBe("4.5m");
    expect(formatValue(129_600_000, "duration")).toBe("36h");
    expect(formatValue(1_209_600_000, "duration")).toBe("14d");
  });

  it("shows a size in the given unit, or in decimal units", () => {
    expect(formatValue(301e6, "bytes", "MB")).toBe("301MB");
    expect(formatValue(1536, "bytes", "KiB")).toBe("1.5KiB");
    expect(formatValue(512, "bytes")).toBe("512B");
    expect(formatValue(51_234, "bytes")).toBe("51.234KB");
    expect(formatValue(2.5e9, "bytes")).toBe("2.5GB");
    expect(formatValue(3e12, "bytes")).toBe("3TB");
  });

  it("shows a ratio as a percent", () => {
    expect(formatValue(0.9962, "percent")).toBe("99.62%");
    expect(formatValue(0.9962, "number", "%")).toBe("99.62%");
    expect(formatValue(0.00012, "percent")).toBe("0.012%");
  });

  it("shows numbers, strings, booleans, null and missing values", () => {
    expect(formatValue(404, "number")).toBe("404");
    expect(formatValue(0.000123456, "number")).toBe("0.0001235");
    expect(formatValue(Infinity, "number")).toBe("Inf");
    expect(formatValue("degraded", "string")).toBe('"degraded"');
    expect(formatValue('say "hi"\n', "string")).toBe('"say \\"hi\\"\\n"');
    expect(formatValue(true, "boolean")).toBe("true");
    expect(formatValue(null, "any")).toBe("null");
    expect(formatValue(undefined, "number")).toBe("missing");
  });

  it("shortens long text and JSON", () => {
    const long = "a".repeat(200);
    expect(formatValue(long, "string")).toBe(`"${"a".repeat(70)}"… (200 chars)`);
    const json = formatValue({ items: Array.from({ length: 50 }, (_, i) => i) }, "any");
    expect(json).toHaveLength(80);
    expect(json.endsWith("…")).toBe(true);
  });

  it("shows a value of an unexpected kind as JSON", () => {
    expect(formatValue("12", "duration")).toBe('"12"');
    expect(formatValue([1, 2], { list: "number" })).toBe("[1,2]");
  });
});

describe("formatNumber", () => {
  it("keeps about four significant digits of fractions", () => {
    expect(formatNumber(1 / 3)).toBe("0.3333");
    expect(formatNumber(12.34567)).toBe("12.346");
    expect(formatNumber(-0.5)).toBe("-0.5");
    expect(formatNumber(1 / 3, 6)).toBe("0.333333");
  });
});

describe("quoteString", () => {
  it("escapes only what would be misread", () => {
    expect(quoteString('a "b"')).toBe('"a \\"b\\""');
    expect(quoteString("^v\\d+$")).toBe('"^v\\d+$"');
    expect(quoteString("a\\nb")).toBe('"a\\\\nb"');
    expect(quoteString("end\\")).toBe('"end\\\\"');
    expect(quoteString("tab\there")).toBe('"tab\\there"');
  });
});

describe("describeValueType", () => {
  it("names types in words", () => {
    expect(describeValueType("duration")).toBe("a duration");
    expect(describeValueType("bytes")).toBe("a size in bytes");
    expect(describeValueType({ map: "string" })).toBe("a map of strings");
    expect(describeValueType({ list: { map: "any" } })).toBe("a list of maps of values");
  });
});

describe("conditionSource", () => {
  it.each([
    ["status==200", "status == 200"],
    ["p95 ≤ 1s AND error_rate < 1 %", "p95 <= 1s and error_rate < 1%"],
    ["a == 1 or b == 2 and c == 3", "a == 1 or b == 2 and c == 3"],
    ["(a == 1 or b == 2) and c == 3", "(a == 1 or b == 2) and c == 3"],
    ["a == 1 and (b == 2 and c == 3)", "a == 1 and (b == 2 and c == 3)"],
    ["not not a == 1", "not not (a == 1)"],
    ["not (a == 1 and b == 2)", "not (a == 1 and b == 2)"],
    [`h['x-y'] == 'it\\'s'`, `h["x-y"] == "it's"`],
    ["x.a[0] NOT CONTAINS 'q'", 'x.a[0] not contains "q"'],
    ["x matches '^a\\.b'", 'x matches "^a\\.b"'],
    ["h.x not exists", "h.x not exists"],
    ["x == TRUE or x == Null", "x == true or x == null"],
  ])("%s prints as %s", (source, expected) => {
    const c = parsed(source, null);
    expect(conditionSource(c)).toBe(expected);
    expect(conditionSource(parsed(expected, null))).toBe(expected);
  });
});
