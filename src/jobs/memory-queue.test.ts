import { describe, expect, it } from "vitest";
import { MemoryJobQueue } from "./memory-queue.ts";
import { jobId, type Job } from "./queue.ts";

// The in-process queue and the dispatcher both backends share: dedupe, limits, timeouts, retries.

interface Data {
  group: string;
  n: number;
}

/** A handler whose jobs end when the test says so. */
function gated() {
  const running = new Map<number, () => void>();
  const started: number[] = [];
  let wake: () => void = () => undefined;
  const handler = (job: Job<Data>) =>
    new Promise<void>((resolve) => {
      started.push(job.data.n);
      running.set(job.data.n, resolve);
      wake();
    });
  /** Resolves once `count` jobs have started. */
  const startedCount = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (started.length >= count) resolve();
        else wake = check;
      };
      check();
    });
  return { handler, running, started, startedCount };
}

const noError = (e: unknown) => {
  throw e;
};

describe("MemoryJobQueue", () => {
  it("sends a job once per id, and tells its state", async () => {
    const q = new MemoryJobQueue({ onError: noError });
    const id = jobId("q", "run", "check", 7);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(jobId("q", "run", "check", 7)).toBe(id);
    expect(jobId("q", "run", "check", 8)).not.toBe(id);
    const opts = { id, timeoutMs: 1_000, retries: 0 };
    expect(await q.send("q", { group: "a", n: 1 }, opts)).toBe(true);
    expect(await q.send("q", { group: "a", n: 2 }, opts)).toBe(false);
    expect(await q.state("q", id)).toBe("waiting");
    const g = gated();
    await q.work<Data>("q", g.handler, { concurrency: 1 });
    await g.startedCount(1);
    expect(await q.state("q", id)).toBe("running");
    g.running.get(1)?.();
    await expect.poll(() => q.state("q", id), { timeout: 20_000, interval: 5 }).toBe("completed");
    // Ended, and still the same job: sending it again is a no-op.
    expect(await q.send("q", { group: "a", n: 3 }, opts)).toBe(false);
    expect(g.started).toEqual([1]);
    expect(await q.state("q", jobId("unknown"))).toBeUndefined();
    await q.stop(0);
  });

  it("runs up to the concurrency; a full group's job waits without holding a slot", async () => {
    const q = new MemoryJobQueue({ onError: noError });
    const g = gated();
    await q.work<Data>("q", g.handler, { concurrency: 2, groups: (d) => [{ key: d.group, limit: 1 }] });
    for (const [n, group] of [[1, "a"], [2, "a"], [3, "a"], [4, "b"]] as const) await q.send("q", { group, n }, { timeoutMs: 60_000, retries: 0 });
    await g.startedCount(2);
    // Job 1 of group a and job 4 of group b run; 2 and 3 wait for group a.
    expect(g.started.sort()).toEqual([1, 4]);
    g.running.get(4)?.();
    await new Promise((r) => setTimeout(r, 20));
    expect(g.started).toEqual([1, 4]);
    g.running.get(1)?.();
    await g.startedCount(3);
    expect(g.started).toEqual([1, 4, 2]);
    g.running.get(2)?.();
    await g.startedCount(4);
    g.running.get(3)?.();
    await q.stop(1_000);
  });

  it("aborts a job past its timeout and retries it", async () => {
    const q = new MemoryJobQueue({ pollMs: 10, onError: noError });
    const attempts: boolean[] = [];
    let done: () => void = () => undefined;
    const finished = new Promise<void>((r) => (done = r));
    await q.work<Data>("q", async (job) => {
      attempts.push(job.signal.aborted);
      if (attempts.length === 1) {
        // Ignores nothing: ends when aborted, as a probe does.
        await new Promise((r) => job.signal.addEventListener("abort", r));
        attempts.push(job.signal.aborted);
        return;
      }
      done();
    }, { concurrency: 1 });
    await q.send("q", { group: "a", n: 1 }, { timeoutMs: 50, retries: 1 });
    await finished;
    expect(attempts).toEqual([false, true, false]);
    await q.stop(1_000);
  });

  it("a job that fails with no retry left is failed for good", async () => {
    const q = new MemoryJobQueue({ pollMs: 10, onError: noError });
    let tries = 0;
    await q.work<Data>("q", () => {
      tries++;
      return Promise.reject(new Error("probe broke"));
    }, { concurrency: 1 });
    const id = jobId("q", "failing");
    await q.send("q", { group: "a", n: 1 }, { id, timeoutMs: 1_000, retries: 1 });
    await expect.poll(() => q.state("q", id), { timeout: 20_000, interval: 5 }).toBe("failed");
    expect(tries).toBe(2);
    await q.stop(0);
  });
});
