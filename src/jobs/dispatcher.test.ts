import { describe, expect, it } from "vitest";
import { Dispatcher } from "./dispatcher.ts";
import type { FetchedJob, GroupLimit, GroupPermits, JobBackend } from "./queue.ts";

// Two dispatchers (two instances) sharing group permits: a group's limit holds across both.

/** Permits in one shared map, as the store's lease rows are. */
function sharedPermits(): GroupPermits & { held: Map<string, string> } {
  const held = new Map<string, string>();
  return {
    held,
    take(groups: readonly GroupLimit[], holder: string): Promise<boolean> {
      const names: string[] = [];
      for (const g of groups) {
        const free = Array.from({ length: g.limit }, (_, i) => `${g.key}:${i}`).find((n) => !held.has(n));
        if (!free) {
          for (const n of names) held.delete(n);
          return Promise.resolve(false);
        }
        held.set(free, holder);
        names.push(free);
      }
      return Promise.resolve(true);
    },
    give(_groups: readonly GroupLimit[], holder: string): Promise<void> {
      for (const [n, h] of [...held]) if (h === holder) held.delete(n);
      return Promise.resolve();
    },
  };
}

/** A backend holding `n` jobs, handed out once each. */
function backend(prefix: string, n: number): JobBackend & { done: string[] } {
  const jobs: FetchedJob[] = Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, data: { target: "t" }, timeoutMs: 10_000 }));
  const done: string[] = [];
  return {
    done,
    fetch: (_q, max) => Promise.resolve(jobs.splice(0, max)),
    complete: (_q, id) => {
      done.push(id);
      return Promise.resolve();
    },
    fail: () => Promise.resolve(),
  };
}

describe("Dispatcher with shared group permits", () => {
  it("runs at most the group's limit across instances, and every job in the end", async () => {
    const permits = sharedPermits();
    const a = backend("a", 3);
    const b = backend("b", 3);
    let running = 0;
    let most = 0;
    const handler = async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 30));
      running--;
    };
    const fail = (e: unknown) => {
      throw e;
    };
    const da = new Dispatcher(a, 10, fail, permits);
    const db = new Dispatcher(b, 10, fail, permits);
    // Each instance alone would run 2 of the target at once: 4 together without the permits.
    const opts = { concurrency: 4, groups: () => [{ key: "target:t", limit: 2 }] };
    da.register("q", handler, opts);
    db.register("q", handler, opts);
    // Waits for the six to be done (bounded generously: a loaded machine is slow, never wrong).
    await expect.poll(() => a.done.length + b.done.length, { timeout: 20_000, interval: 10 }).toBe(6);
    expect(most).toBe(2);
    expect(permits.held.size).toBe(0);
    await Promise.all([da.stop(0), db.stop(0)]);
  });
});
