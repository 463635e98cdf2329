import { describe, expect, it, vi } from "vitest";
import { BATCH_SIZE, batchSpan, CancelledError, Deadlines, isoTime, Semaphore, TimeoutError } from "./scheduler-parts.ts";

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

describe("Deadlines", () => {
  const never = () => new Promise<never>(() => undefined);
  const outcome = (p: Promise<unknown>, started: number) =>
    p.then(
      (v) => ({ value: v, error: undefined, ms: performance.now() - started }),
      (e: unknown) => ({ value: undefined, error: e, ms: performance.now() - started }),
    );

  it("expires attempts that ignore their signal at their own timeout, with one timer for several timeouts", async () => {
    const d = new Deadlines();
    const t0 = performance.now();
    const signals: AbortSignal[] = [];
    const slow = outcome(d.run(120, (s) => (signals.push(s), never())), t0);
    const fast = outcome(d.run(40, (s) => (signals.push(s), never())), t0);
    const quick = outcome(d.run(120, () => Promise.resolve("done")), t0);
    const [a, b, c] = await Promise.all([slow, fast, quick]);
    expect(c.value).toBe("done");
    expect(b.error).toBeInstanceOf(TimeoutError);
    expect((b.error as Error).message).toBe("timeout after 40ms");
    expect(b.ms).toBeGreaterThanOrEqual(39);
    expect(a.error).toBeInstanceOf(TimeoutError);
    expect(a.ms).toBeGreaterThanOrEqual(119);
    // The work was told to stop, with the same reason.
    expect(signals.map((s) => s.aborted)).toEqual([true, true]);
    expect((signals[1]?.reason as Error).message).toBe("timeout after 40ms");
  });

  it("drops what the work produces after its deadline, and keeps later attempts on time", async () => {
    const d = new Deadlines();
    let finishLate: (v: string) => void = () => undefined;
    const late = d.run(30, () => new Promise<string>((r) => (finishLate = r)));
    await expect(late).rejects.toBeInstanceOf(TimeoutError);
    finishLate("too late");
    // A new attempt after the lanes emptied gets a fresh timer.
    const t0 = performance.now();
    const again = await outcome(d.run(30, never), t0);
    expect(again.error).toBeInstanceOf(TimeoutError);
    expect(again.ms).toBeGreaterThanOrEqual(29);
  });

  it("cancels every running attempt when the run's signal aborts", async () => {
    const run = new AbortController();
    const d = new Deadlines(run.signal);
    const a = d.run(10_000, never);
    const b = d.run(20_000, never);
    run.abort();
    await expect(a).rejects.toBeInstanceOf(CancelledError);
    await expect(b).rejects.toBeInstanceOf(CancelledError);
    await expect(d.run(100, never)).rejects.toBeInstanceOf(CancelledError);
    d.dispose();
  });

  it("shares a signal within a batch but never aborts an attempt's work before its own deadline", async () => {
    expect(batchSpan(200)).toBe(2);
    expect(batchSpan(10_000)).toBe(50);
    expect(batchSpan(10)).toBe(1);
    // On fake timers and a fake performance.now(): the 40 ms between the two attempts are exactly
    // 40 ms however loaded the machine is (a real wait could outlast the first one's deadline).
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    try {
      const ms = 100;
      const d = new Deadlines(undefined, () => 200);
      const t0 = performance.now();
      let first: AbortSignal | undefined;
      let second: AbortSignal | undefined;
      // The first attempt ignores its signal; the second starts 40ms later in the same batch and
      // answers after the first one's deadline but before its own.
      const a = outcome(d.run(ms, (s) => ((first = s), never())), t0);
      await vi.advanceTimersByTimeAsync(40);
      let abortedWhenSecondAnswered: boolean | undefined;
      const t1 = performance.now();
      const b = outcome(
        d.run(ms, (s) => {
          second = s;
          return new Promise<string>((r) =>
            setTimeout(() => {
              abortedWhenSecondAnswered = s.aborted;
              r("answered");
            }, ms - 20),
          );
        }),
        t1,
      );
      expect(second).toBe(first);
      await vi.advanceTimersByTimeAsync(200);
      const [ra, rb] = await Promise.all([a, b]);
      expect(ra.error).toBeInstanceOf(TimeoutError);
      expect(ra.ms).toBe(ms);
      // The first one expired, yet the second's work was not aborted: it answered.
      expect(rb.value).toBe("answered");
      expect(abortedWhenSecondAnswered).toBe(false);
      // With nothing of the batch left running, the shared signal fires with the timeout.
      expect(first?.aborted).toBe(true);
      expect((first?.reason as Error).message).toBe("timeout after 100ms");
    } finally {
      vi.useRealTimers();
    }
  });

  it("opens a new batch after its span, and leaves a batch that only succeeded unaborted", async () => {
    const d = new Deadlines();
    const signals: AbortSignal[] = [];
    await d.run(1_000, (s) => (signals.push(s), Promise.resolve(1)));
    await new Promise((r) => setTimeout(r, batchSpan(1_000) + 5));
    await d.run(1_000, (s) => (signals.push(s), Promise.resolve(2)));
    expect(signals[0]).not.toBe(signals[1]);
    expect(signals.map((s) => s.aborted)).toEqual([false, false]);
  });

  it("lets every attempt of a batch listen to the shared signal without a listener-leak warning, BATCH_SIZE attempts a batch", async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on("warning", onWarning);
    try {
      const d = new Deadlines(undefined, () => 1_000);
      const signals = new Set<AbortSignal>();
      const attempts = Array.from({ length: 50 }, () =>
        d.run(5_000, (s) => {
          signals.add(s);
          const onAbort = () => undefined;
          s.addEventListener("abort", onAbort);
          return new Promise((r) => setTimeout(r, 5)).then(() => s.removeEventListener("abort", onAbort));
        }),
      );
      await Promise.all(attempts);
      await new Promise((r) => setImmediate(r));
      // More listeners on one signal than Node's default limit of 10, and no more than BATCH_SIZE.
      expect(BATCH_SIZE).toBeGreaterThan(10);
      expect(signals.size).toBe(Math.ceil(50 / BATCH_SIZE));
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
