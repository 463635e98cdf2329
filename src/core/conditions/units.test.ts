import { describe, expect, it } from "vitest";
import { buildQuantity, unitSize, type QuantityPart } from "./units.ts";

const part = (digits: string, unit: string | null, offset = 0): QuantityPart => ({
  digits,
  unit,
  offset,
  length: digits.length + (unit?.length ?? 0),
});

describe("buildQuantity", () => {
  it("scales decimals exactly", () => {
    expect(buildQuantity(false, [part("1.1", "s")])).toMatchObject({ ok: true, type: "duration", value: 1100 });
    expect(buildQuantity(false, [part("0.1", "m")])).toMatchObject({ value: 6000 });
    expect(buildQuantity(false, [part("99.5", "%")])).toMatchObject({ type: "percent", value: 0.995 });
    expect(buildQuantity(false, [part("0.1", "%")])).toMatchObject({ value: 0.001 });
    expect(buildQuantity(false, [part("1.5", "KiB")])).toMatchObject({ type: "bytes", value: 1536 });
    expect(buildQuantity(false, [part("0.3", "GB")])).toMatchObject({ value: 300_000_000 });
  });

  it("keeps the sign and plain numbers", () => {
    expect(buildQuantity(true, [part("5", null)])).toEqual({ ok: true, type: "number", value: -5, raw: "-5", unit: undefined });
    expect(buildQuantity(true, [part("2", "h")])).toMatchObject({ value: -7_200_000, raw: "-2h" });
  });

  it("adds the parts of a compound duration", () => {
    expect(buildQuantity(false, [part("1", "d"), part("2", "h"), part("30", "m")])).toEqual({
      ok: true,
      type: "duration",
      value: 95_400_000,
      raw: "1d2h30m",
      unit: undefined,
    });
  });

  it("rejects unknown units and mixed compounds, located", () => {
    expect(buildQuantity(false, [part("5", "secs", 10)])).toMatchObject({ ok: false, offset: 10, length: 5 });
    expect(buildQuantity(false, [part("1", "h", 3), part("5", "MB", 5)])).toMatchObject({ ok: false, offset: 3, length: 5 });
    expect(buildQuantity(false, [part("1", "h", 3), part("5", null, 5)])).toMatchObject({ ok: false });
  });

  it("is case-sensitive: mb is not MB", () => {
    expect(buildQuantity(false, [part("5", "mb")])).toMatchObject({ ok: false });
  });
});

describe("unitSize", () => {
  it("gives every unit in run-time units", () => {
    expect(unitSize("ms")).toEqual({ type: "duration", size: 1 });
    expect(unitSize("min")).toEqual({ type: "duration", size: 60_000 });
    expect(unitSize("w")).toEqual({ type: "duration", size: 604_800_000 });
    expect(unitSize("KB")).toEqual({ type: "bytes", size: 1000 });
    expect(unitSize("MiB")).toEqual({ type: "bytes", size: 1_048_576 });
    expect(unitSize("%")).toEqual({ type: "percent", size: 0.01 });
    expect(unitSize("parsec")).toBeUndefined();
  });
});
