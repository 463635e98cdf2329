import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clockOf, dateOf, formatDuration, parseDuration, resolveDue, zonedInstant } from "./time.ts";

describe("durations", () => {
  it("parses units and compounds", () => {
    expect(parseDuration("30s")).toBe(30_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("7d")).toBe(7 * 86_400_000);
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("1.5h")).toBe(5_400_000);
    expect(parseDuration("soon")).toBeUndefined();
    expect(parseDuration("5m later")).toBeUndefined();
    expect(parseDuration("")).toBeUndefined();
  });
  it("formats for people", () => {
    expect(formatDuration(45 * 60_000)).toBe("45m");
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe("3d 4h");
    expect(formatDuration(12_000)).toBe("12s");
  });
});

describe("time zones through Intl", () => {
  it("places a wall-clock time in a fixed-offset zone", () => {
    expect(zonedInstant("2026-05-30", "11:00", "Asia/Ho_Chi_Minh")?.toISOString()).toBe("2026-05-30T04:00:00.000Z");
    expect(zonedInstant("2026-05-30", "00:30", "Asia/Jakarta")?.toISOString()).toBe("2026-05-29T17:30:00.000Z");
  });
  it("follows daylight saving time", () => {
    expect(zonedInstant("2026-01-15", "09:00", "America/New_York")?.toISOString()).toBe("2026-01-15T14:00:00.000Z");
    expect(zonedInstant("2026-07-15", "09:00", "America/New_York")?.toISOString()).toBe("2026-07-15T13:00:00.000Z");
  });
  it("round-trips any wall-clock time in zones with and without daylight saving (outside DST gaps)", () => {
    const zones = ["Asia/Ho_Chi_Minh", "Asia/Jakarta", "Asia/Kolkata", "Europe/Berlin", "America/New_York", "Australia/Adelaide", "UTC"];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2035-12-31T00:00:00Z"), noInvalidDate: true }), (zone, instant) => {
        // From an instant to its wall clock and back: the same instant, to the minute.
        const minute = new Date(Math.floor(instant.getTime() / 60_000) * 60_000);
        const back = zonedInstant(dateOf(minute, zone), clockOf(minute, zone), zone);
        // In the repeated hour of a DST fall-back either of the two instants is a correct answer.
        expect([0, 3_600_000]).toContain(Math.abs((back?.getTime() ?? 0) - minute.getTime()));
        expect(back && clockOf(back, zone)).toBe(clockOf(minute, zone));
      }),
      { numRuns: 500 },
    );
  });

  it("reads an instant back as local date and clock", () => {
    const d = new Date("2026-05-29T18:05:00Z");
    expect(clockOf(d, "Asia/Ho_Chi_Minh")).toBe("01:05");
    expect(dateOf(d, "Asia/Ho_Chi_Minh")).toBe("2026-05-30");
    expect(clockOf(d, "UTC")).toBe("18:05");
  });
});

describe("due times", () => {
  const ctx = { date: "2026-05-30", zone: "Asia/Ho_Chi_Minh", goliveAt: new Date("2026-05-30T02:00:00Z") };
  it("HH:MM is on the run date in the runbook's zone", () => {
    expect(resolveDue("08:30", ctx)?.toISOString()).toBe("2026-05-30T01:30:00.000Z");
    expect(resolveDue("08:30", { ...ctx, date: undefined })).toBeUndefined();
  });
  it("+DURATION counts from go-live", () => {
    expect(resolveDue("+30m", ctx)?.toISOString()).toBe("2026-05-30T02:30:00.000Z");
    expect(resolveDue("+24h", ctx)?.toISOString()).toBe("2026-05-31T02:00:00.000Z");
    expect(resolveDue("+30m", { ...ctx, goliveAt: undefined })).toBeUndefined();
  });
  it("ISO dates and date-times", () => {
    expect(resolveDue("2026-05-31", ctx)?.toISOString()).toBe("2026-05-31T17:00:00.000Z");
    expect(resolveDue("2026-05-31T06:00+07:00", ctx)?.toISOString()).toBe("2026-05-30T23:00:00.000Z");
    expect(resolveDue("2026-05-31T06:00", ctx)?.toISOString()).toBe("2026-05-30T23:00:00.000Z");
  });
});
