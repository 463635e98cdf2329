import { describe, expect, it } from "vitest";
import { isoTime, Semaphore } from "./scheduler-parts.ts";

describe("isoTime", () => {
  it("writes what Date#toISOString writes, second after second and across the prefix it reuses", () => {
    const start = Date.parse("2026-05-28T23:59:58.000Z");
    for (let ms = start; ms < start + 3_000; ms += 7) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    // Back in time, fractional milliseconds, the epoch, before it, and years with six digits.
    for (const ms of [start - 1, 1_000.9, 0, -1, -999, Date.parse("1969-12-31T23:59:59.999Z"), 8.64e15, -6.2e13]) {
      expect(isoTime(ms)).toBe(new Date(Math.floor(ms)).toISOString());
    }
  });
});

describe("Semaphore", () => {
  it("takes free slots without waiting, and queues once they are gone", async () => {
    const s = new Semaphore(2);
    expect(s.tryAcquire()).toBe(true);
    expect(s.tryAcquire()).toBe(true);
    expect(s.tryAcquire()).toBe(false);
    let got = false;
    const waiting = s.acquire().then(() => (got = true));
    s.release();
    await waiting;
    expect(got).toBe(true);
    // The released slot went to the waiter, not back to the pool.
    expect(s.tryAcquire()).toBe(false);
    const cancelled = new AbortController();
    cancelled.abort();
    s.release();
    expect(s.tryAcquire(cancelled.signal)).toBe(false);
    expect(s.tryAcquire()).toBe(true);
  });
});
