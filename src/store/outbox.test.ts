import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openPostgresStore } from "./postgres.ts";
import { ConflictError, type OutboxInput, type Store } from "./store.ts";
import { storeHarnesses, type StoreFixture } from "./testing.ts";

// The outbox's contract on both drivers: written with its fact or not at all, one row per
// channel and dedup key, claimed by one holder at a time, retried after a lost lease.

const T0 = Date.UTC(2026, 4, 28, 8, 0, 0);
const SOURCE = "golive: 1\nmeta:\n  id: demo\n  title: Demo\n";
const row = (n: number, channel = "server:webhook", dedup = `k${n}`): OutboxInput => ({
  id: `n${n}-${channel}`, runId: "r1", channel, eventType: "incident.opened", dedupKey: dedup, payload: { n }, createdAt: new Date(T0).toISOString(), nextAtMs: T0,
});

describe.each(storeHarnesses())("outbox on $name", (harness) => {
  let fx: StoreFixture;
  beforeAll(() => harness.start());
  afterAll(() => harness.stop());
  beforeEach(async () => {
    fx = await harness.fresh();
    const rb = await fx.store.putRunbook({ source: SOURCE, runbookId: "demo", title: "Demo" }, { actor: "a", at: new Date(T0).toISOString() });
    await fx.store.createRun({ id: "r1", name: "r", runbookHash: rb.hash, meta: {} }, { actor: "a", at: new Date(T0).toISOString() });
  });
  afterEach(() => fx.teardown());

  const fact = { kind: "item" as const, data: { item: "x", state: "done" as const, by: "b", at: new Date(T0).toISOString(), evidence: [] } };

  it("writes notifications in the fact's transaction: a refused fact leaves none", async () => {
    await fx.store.appendFact("r1", fact, { actor: "b", at: new Date(T0).toISOString(), action: "item.set", subject: "item:x", outbox: [row(1), row(1, "server:slack")] });
    await expect(fx.store.appendFact("r1", fact, { actor: "b", at: new Date(T0).toISOString(), action: "item.set", subject: "item:x", expectedVersion: 1, outbox: [row(2)] })).rejects.toBeInstanceOf(ConflictError);
    const rows = await fx.store.listOutbox({ runId: "r1" });
    expect(rows.map((r) => r.id).sort()).toEqual(["n1-server:slack", "n1-server:webhook"]);
    expect(rows.every((r) => r.state === "pending" && r.attempts === 0)).toBe(true);
  });

  it("queues an event once per channel and dedup key", async () => {
    expect(await fx.store.enqueue([row(1), { ...row(9), dedupKey: "k1" }, row(2)])).toBe(2);
    expect(await fx.store.enqueue([row(1)])).toBe(0);
    expect(await fx.store.listOutbox({})).toHaveLength(2);
  });

  it("lets one holder claim a row; another claims it only after the lease runs out; the late finish is refused", async () => {
    await fx.store.enqueue([row(1)]);
    const [a] = await fx.store.claimOutbox("A", T0, 30_000, 10);
    expect(a?.attempts).toBe(1);
    expect(await fx.store.claimOutbox("B", T0 + 1000, 30_000, 10)).toEqual([]);
    const [b] = await fx.store.claimOutbox("B", T0 + 31_000, 30_000, 10);
    expect(b?.attempts).toBe(2);
    expect(await fx.store.finishDelivery(a!, "A", { ok: true, durationMs: 5, atMs: T0 + 32_000 })).toBe(false);
    expect(await fx.store.finishDelivery(b!, "B", { ok: true, status: 200, durationMs: 5, atMs: T0 + 32_000 })).toBe(true);
    const [done] = await fx.store.listOutbox({});
    expect(done).toMatchObject({ state: "sent", attempts: 2 });
    expect(await fx.store.claimOutbox("C", T0 + 100_000, 30_000, 10)).toEqual([]);
    // Both attempts are in the delivery log (the first holder did send: at least once).
    expect((await fx.store.listDeliveries([done!.id])).map((d) => [d.attempt, d.ok])).toEqual([[1, true], [2, true]]);
    expect(await fx.store.countDeliveries("server:webhook", T0)).toBe(2);
  });

  it("appends an audit event with a queued row and with a finish, in their transactions; none for a finish whose lease ran out", async () => {
    const at = new Date(T0).toISOString();
    const audit = (action: string) => ({ at, actor: "ed", action, runId: "r1", subject: "channel:server:webhook", after: { delivery: "n1-server:webhook" } });
    const before = (await fx.store.auditHead()).seq;
    expect(await fx.store.enqueue([row(1)], audit("notification.test"))).toBe(1);
    const [a] = await fx.store.claimOutbox("A", T0, 30_000, 10);
    const [b] = await fx.store.claimOutbox("B", T0 + 31_000, 30_000, 10);
    expect(await fx.store.finishDelivery(a!, "A", { ok: true, durationMs: 5, atMs: T0 + 32_000 }, audit("late"))).toBe(false);
    expect(await fx.store.finishDelivery(b!, "B", { ok: true, durationMs: 5, atMs: T0 + 32_000 }, audit("notification.test_result"))).toBe(true);
    const events = await fx.store.listAudit({ runId: "r1", afterSeq: before });
    expect(events.map((e) => [e.action, e.actor, e.subject, e.before])).toEqual([
      ["notification.test", "ed", "channel:server:webhook", null],
      ["notification.test_result", "ed", "channel:server:webhook", null],
    ]);
  });

  it("retries at the time given, fails for good without one, and postpones without counting", async () => {
    await fx.store.enqueue([row(1), row(2)]);
    const claimed = await fx.store.claimOutbox("A", T0, 30_000, 10);
    expect(claimed).toHaveLength(2);
    const [one, two] = claimed as [NonNullable<(typeof claimed)[0]>, NonNullable<(typeof claimed)[0]>];
    await fx.store.finishDelivery(one, "A", { ok: false, status: 500, error: "HTTP 500", durationMs: 3, atMs: T0, retryAtMs: T0 + 10_000 });
    await fx.store.postponeDelivery(two, "A", T0 + 5_000);
    expect(await fx.store.claimOutbox("A", T0 + 1_000, 30_000, 10)).toEqual([]);
    const [again] = await fx.store.claimOutbox("A", T0 + 5_000, 30_000, 10);
    expect(again).toMatchObject({ id: two.id, attempts: 1 });
    const [retry] = await fx.store.claimOutbox("A", T0 + 10_000, 30_000, 10);
    expect(retry).toMatchObject({ id: one.id, attempts: 2, state: "retrying", lastError: "HTTP 500" });
    await fx.store.finishDelivery(retry!, "A", { ok: false, error: "connection refused", durationMs: 1, atMs: T0 + 10_000 });
    expect((await fx.store.listOutbox({})).find((r) => r.id === one.id)).toMatchObject({ state: "failed", lastError: "connection refused" });
  });

  if (harness.name === "postgres") {
    it("never hands one row to two instances claiming at once", async () => {
      const rows = Array.from({ length: 40 }, (_, n) => row(n));
      await fx.store.enqueue(rows);
      const others: Store[] = await Promise.all([1, 2, 3].map(() => openPostgresStore(fx.location, { max: 2 })));
      try {
        const all = [fx.store, ...others];
        const claims = await Promise.all(all.flatMap((s, i) => [0, 1].map((k) => s.claimOutbox(`I${i}-${k}`, T0, 30_000, 7))));
        const ids = claims.flat().map((r) => r.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(40);
      } finally {
        await Promise.all(others.map((s) => s.close()));
      }
    });
  }
});
