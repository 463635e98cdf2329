import { describe, expect, it } from "vitest";
import { parseCondition } from "./parse.ts";
import { errorsOf, oneError, parsed } from "./test-helpers.ts";
import type { ValuePath } from "./types.ts";

describe("names", () => {
  it("suggests the closest known name", () => {
    expect(oneError("latncy < 1s")).toEqual({ message: "unknown name 'latncy'; did you mean 'latency'?", offset: 0, at: "latncy" });
    expect(oneError("stauts == 200").message).toBe("unknown name 'stauts'; did you mean 'status'?");
    expect(oneError("p95 < 1s and eror_rate < 1%")).toMatchObject({ offset: 13, at: "eror_rate", message: expect.stringContaining("'error_rate'") as unknown });
  });

  it("lists the known names when nothing is close", () => {
    expect(oneError("zzz == 1", { status: "number", latency: "duration" }).message).toBe("unknown name 'zzz'; known names: status, latency");
    expect(oneError("zzz == 1", {}).message).toBe("unknown name 'zzz'; known names: (none)");
  });

  it("accepts any name without a signature", () => {
    expect(parseCondition("whatever.deep[3] == 1").ok).toBe(true);
  });

  it("allows any path below an `any` value", () => {
    expect(parsed('body.data[0]["x-y"].status == "ok"').expr).toMatchObject({ left: { valueType: "any" } });
  });

  it("gives each path its static type", () => {
    const left = (s: string) => (parsed(s).expr as { left: ValuePath }).left.valueType;
    expect(left('headers["x-frame-options"] == "DENY"')).toBe("string");
    expect(left('tags[0] == "a"')).toBe("string");
    expect(left("latency < 1s")).toBe("duration");
  });
});

describe("paths into maps, lists and scalars", () => {
  it("rejects a field of a scalar", () => {
    expect(oneError("status.code == 1")).toEqual({ message: "status is a number; it has no field .code", offset: 6, at: ".code" });
    expect(oneError("text[0] == 1")).toMatchObject({ message: "text is a string; it has no item [0]", offset: 4 });
  });

  it("wants a name for a map and a position for a list", () => {
    expect(oneError('headers[0] == "x"')).toEqual({ message: 'headers is a map of strings; pick an entry by name, e.g. headers["name"]', offset: 7, at: "[0]" });
    expect(oneError('tags.first == "x"')).toEqual({ message: "tags is a list of strings; pick an item by position, e.g. tags[0]", offset: 4, at: ".first" });
  });

  it("rejects comparing a whole map or list", () => {
    expect(oneError('headers == "x"')).toEqual({ message: 'headers is a map of strings; compare one entry, e.g. headers["name"], or use contains', offset: 0, at: "headers" });
    expect(oneError("codes > 1").message).toBe("codes is a list of numbers; compare one item, e.g. codes[0], or use contains");
  });
});

describe("units and kinds of numbers", () => {
  it("wants a unit on a duration", () => {
    expect(oneError("latency < 5")).toEqual({ message: "latency is a duration; write a unit, e.g. 5s", offset: 10, at: "5" });
  });

  it("wants a unit on a size", () => {
    expect(oneError("rss < 256")).toEqual({ message: "rss is a size in bytes; write a unit, e.g. 256MB", offset: 6, at: "256" });
  });

  it("wants a % on a percent, suggesting the percent of a ratio", () => {
    expect(oneError("error_rate < 1").message).toBe("error_rate is a percent; write a unit, e.g. 1%");
    expect(oneError("error_rate < 0.01").message).toBe("error_rate is a percent; write a unit, e.g. 1%");
  });

  it("rejects a unit on a plain number", () => {
    expect(oneError("rows == 0s")).toEqual({ message: "rows is a plain number, not a duration; write 0s without a unit", offset: 8, at: "0s" });
    expect(oneError("days_left > 14d").offset).toBe(12);
    expect(oneError("status < 5MB").message).toBe("status is a plain number, not a size in bytes; write 5MB without a unit");
  });

  it("rejects comparing a duration with bytes, and the like", () => {
    expect(oneError("latency < 5MB")).toEqual({ message: "cannot compare latency (a duration) with 5MB (a size in bytes)", offset: 10, at: "5MB" });
    expect(oneError("rss < 5s").message).toBe("cannot compare rss (a size in bytes) with 5s (a duration)");
    expect(oneError("latency < 5%").message).toBe("cannot compare latency (a duration) with 5% (a percent)");
    expect(oneError("error_rate < 1s").message).toBe("cannot compare error_rate (a percent) with 1s (a duration)");
  });

  it("compares a plain number with a percent as a ratio", () => {
    expect(parseCondition("value >= 99.5%", { value: "number" }).ok).toBe(true);
    expect(parseCondition("value >= error_rate", { value: "number", error_rate: "percent" }).ok).toBe(true);
  });

  it("rejects comparing two values of different kinds", () => {
    expect(oneError("latency < rss")).toEqual({ message: "cannot compare latency (a duration) with rss (a size in bytes)", offset: 0, at: "latency < rss" });
    expect(parseCondition("p95 < latency", { p95: "duration", latency: "duration" }).ok).toBe(true);
  });
});

describe("strings, booleans and null", () => {
  it("rejects ordering a string", () => {
    expect(oneError('text < "b"')).toEqual({
      message: "text is a string: < needs numbers, durations, sizes or percents; use ==, !=, contains or matches for text",
      offset: 5,
      at: "<",
    });
    expect(oneError('body.x >= "b"').message).toMatch(/^"b" is a string: >= needs numbers/);
  });

  it("rejects ordering a boolean or null", () => {
    expect(oneError("valid > true")).toMatchObject({ message: "valid is a boolean: > needs numbers, durations, sizes or percents", offset: 6 });
    expect(oneError("body.x < null")).toMatchObject({ message: "< cannot compare with null; use == null or != null", offset: 7 });
  });

  it("rejects a number compared with a string, and the reverse", () => {
    expect(oneError('status == "200"')).toEqual({ message: "status is a number; compare it with a number without quotes, e.g. 200", offset: 10, at: '"200"' });
    expect(oneError('status == "ok"').message).toBe('status is a number, not a string; cannot compare it with "ok"');
    expect(oneError("text == 200").message).toBe('text is a string; compare it with a string, e.g. "200"');
  });

  it("rejects a boolean compared with something else", () => {
    expect(oneError("valid == 1").message).toBe("valid is a boolean; compare it with true or false");
    expect(oneError("status == true").message).toBe("status is a number, not a boolean (true or false); cannot compare it with true");
  });

  it("allows null against anything", () => {
    expect(parseCondition("status == null", { status: "number" }).ok).toBe(true);
    expect(parseCondition("text != null", { text: "string" }).ok).toBe(true);
  });

  it("rejects comparing two fixed values", () => {
    expect(oneError("1 == 1")).toMatchObject({ offset: 0, at: "1 == 1", message: expect.stringContaining("compares two fixed values") as unknown });
    expect(oneError('"status" == 200').offset).toBe(0);
  });
});

describe("contains, matches, exists", () => {
  it("contains needs text, a list or a map", () => {
    expect(oneError('status contains "2"')).toEqual({ message: "status is a number; contains needs a string, a list or a map", offset: 7, at: "contains" });
    expect(oneError('latency not contains "2"').at).toBe("not contains");
  });

  it("checks what is looked for", () => {
    expect(oneError("stdout contains 5")).toEqual({ message: 'stdout is a string; contains looks for text: write a string, e.g. "ok"', offset: 16, at: "5" });
    expect(oneError("headers contains 1").message).toBe('headers is a map of strings; contains looks for a key: write a string, e.g. "x-frame-options"');
    expect(oneError("codes contains 1s").message).toBe("an item of codes is a plain number, not a duration; write 1s without a unit");
    expect(oneError("tags contains 1").message).toBe('an item of tags is a string; compare it with a string, e.g. "1"');
    expect(parseCondition("codes contains 200", { codes: { list: "number" } }).ok).toBe(true);
    expect(parseCondition('headers contains "x-frame-options"', { headers: { map: "string" } }).ok).toBe(true);
  });

  it("needs a value name on the left", () => {
    expect(oneError('"abc" contains text')).toMatchObject({ offset: 0, at: '"abc"', message: expect.stringMatching(/^contains needs a value name/) as unknown });
    expect(oneError('"abc" matches "a"').message).toMatch(/^matches needs a value name/);
    expect(oneError("5 exists").message).toMatch(/^exists needs a value name/);
  });

  it("matches needs a string value", () => {
    expect(oneError('status matches "^2"')).toEqual({ message: "status is a number; matches needs a string", offset: 7, at: "matches" });
  });

  it("rejects a regular expression that does not compile", () => {
    expect(oneError('text matches "(unclosed"')).toEqual({ message: "not a valid regular expression: /(unclosed/: Unterminated group", offset: 13, at: '"(unclosed"' });
    expect(oneError("text matches '[z-a]'").message).toMatch(/^not a valid regular expression: .*Range out of order/);
  });

  it("exists works on any value, including maps", () => {
    expect(parseCondition('headers["strict-transport-security"] exists', { headers: { map: "string" } }).ok).toBe(true);
    expect(parseCondition("headers not exists", { headers: { map: "string" } }).ok).toBe(true);
  });
});

describe("several errors", () => {
  it("reports every part of a condition, sorted by offset", () => {
    const errors = errorsOf('latency < 5 or text < "a" or nope == 1');
    expect(errors.map((e) => e.offset)).toEqual([10, 20, 29]);
  });

  it("does not repeat an unknown unit as a type error", () => {
    expect(errorsOf("latency < 5sec")).toHaveLength(1);
  });
});
