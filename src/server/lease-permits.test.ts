import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../store/pglite.ts";
import type { Store } from "../store/store.ts";
import { leasePermits, permitLease } from "./lease-permits.ts";

let store: Store;
beforeAll(async () => {
  store = await openPgliteStore(undefined);
});
afterAll(async () => {
  await store.close();
});

describe("group permits as lease rows", () => {
  it("gives a group's limit of holders a permit, takes all of a job's groups or none, and frees them", async () => {
    // Two instances: each its own permits object over the one store.
    const a = leasePermits(store);
    const b = leasePermits(store);
    const target = { key: "target:db:5432", limit: 2 };
    const run = { key: "run:r1", limit: 4 };
    expect(await a.take([run, target], "a1", 60_000)).toBe(true);
    expect(await b.take([run, target], "b1", 60_000)).toBe(true);
    // The target is full: b2 gets nothing, not even the run's permit it could have had.
    expect(await b.take([run, target], "b2", 60_000)).toBe(false);
    expect(await store.tryLease(permitLease("run:r1", 2), "probe", Date.now(), 1)).toBe(true);
    await store.releaseLease(permitLease("run:r1", 2), "probe");
    await a.give([run, target], "a1");
    expect(await b.take([run, target], "b2", 60_000)).toBe(true);
    // A dead holder's permit expires with its ttl.
    expect(await a.take([target], "a2", 60_000)).toBe(false);
    await b.give([run, target], "b1");
    expect(await a.take([target], "a3", 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 5));
    expect(await b.take([target], "b3", 60_000)).toBe(true);
  });
});
