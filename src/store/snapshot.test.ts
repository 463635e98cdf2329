import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FactFold, type StoredFact } from "./fact-fold.ts";
import type { Change, FactInput } from "./store.ts";
import { storeHarnesses, type StoreFixture } from "./testing.ts";

// The fact chain and state snapshots (migration 21), on both drivers.

const T0 = Date.UTC(2026, 4, 28, 8, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const by = (actor: string, ms = T0): Change => ({ actor, at: iso(ms) });
const SOURCE = "golive: 1\nmeta:\n  id: demo\n  title: Demo\n";

function fact(i: number): { fact: FactInput; action: string; subject: string } {
  const at = iso(T0 + i * 1000);
  if (i % 5 === 1) return { fact: { kind: "incident", data: { id: `inc-${i}`, title: `Incident ${i}`, severity: "P2", opened_at: at, opened_by: "bob", updates: [] } }, action: "incident.open", subject: `incident:inc-${i}` };
  if (i % 5 === 2) return { fact: { kind: "incident_update", data: { id: `inc-${i - 1}`, at, by: "bob", text: `update ${i}` } }, action: "incident.update", subject: `incident:inc-${i - 1}` };
  if (i % 5 === 3) return { fact: { kind: "check", data: { check: "api", outcome: i % 2 ? "fail" : "pass", at, duration_ms: 12.5, conditions: [{ source: "status == 200", outcome: "pass", text: "status (200) == 200" }], values: { status: 200, ratio: 0.1 } } }, action: "check.result", subject: "check:api" };
  return { fact: { kind: "item", data: { item: `i${i % 7}`, state: i % 4 ? "done" : "not_done", by: "bob", at, evidence: [{ kind: "text", value: `ticket ${i}` }] } }, action: "item.set", subject: `item:i${i % 7}` };
}

async function write(fx: StoreFixture, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    const f = fact(i);
    await fx.store.appendFact("r1", f.fact, { ...by("bob", T0 + i * 1000), action: f.action, subject: f.subject });
  }
}

const fold = (facts: readonly StoredFact[], from?: FactFold) => {
  const out = from ?? new FactFold();
  for (const f of facts) out.apply(f);
  return out;
};

describe.each(storeHarnesses())("fact chain and snapshots on $name", (harness) => {
  let fx: StoreFixture;
  beforeAll(() => harness.start());
  afterAll(() => harness.stop());
  beforeEach(async () => {
    fx = await harness.fresh();
    const rb = await fx.store.putRunbook({ source: SOURCE, runbookId: "demo", title: "Demo" }, by("alice"));
    await fx.store.createRun({ id: "r1", name: "pilot", runbookHash: rb.hash, meta: {} }, by("alice"));
  });
  afterEach(() => fx.teardown());

  it("links every fact into the run's chain as written, and a fold of what was read recomputes each link", async () => {
    await write(fx, 0, 12);
    const state = await fx.store.loadRunState("r1");
    expect(state?.tail).toHaveLength(12);
    const f = new FactFold();
    for (const row of state?.tail ?? []) expect(f.apply(row)).toBe(row.chain);
  });

  it("reads a snapshot and only the facts after it; the result equals the fold of the whole log", async () => {
    await write(fx, 0, 10);
    const whole = fold((await fx.store.loadRunState("r1"))?.tail ?? []);
    await fx.store.putSnapshot("r1", whole.point());
    await write(fx, 10, 15);
    const state = await fx.store.loadRunState("r1");
    expect(state?.rejected).toBeUndefined();
    expect(state?.snapshot?.version).toBe(whole.version);
    expect(state?.tail.map((f) => f.version)).toEqual([12, 13, 14, 15, 16]);
    const resumed = fold(state?.tail ?? [], new FactFold(state?.snapshot));
    const all = fold((await fx.store.loadRunState("r1", 0))?.tail ?? []);
    expect(resumed.chain).toBe(all.chain);
    expect(JSON.parse(JSON.stringify(resumed.view()))).toEqual(JSON.parse(JSON.stringify(all.view())));
    // An older snapshot never replaces a newer one.
    await fx.store.putSnapshot("r1", new FactFold().point());
    expect((await fx.store.loadRunState("r1"))?.snapshot?.version).toBe(whole.version);
  });

  it("rejects a torn or altered snapshot, and one of another history, reading the whole log instead", async () => {
    await write(fx, 0, 8);
    const whole = fold((await fx.store.loadRunState("r1"))?.tail ?? []);
    await fx.store.putSnapshot("r1", whole.point());
    // Torn: the stored lists lose their incidents (the hash no longer matches).
    await fx.tamper(`UPDATE golive_snapshots SET lists = jsonb_set(lists, '{incidents}', '[]'::jsonb)`);
    let state = await fx.store.loadRunState("r1");
    expect(state?.snapshot).toBeUndefined();
    expect(state?.rejected).toMatch(/does not match its hash/);
    expect(state?.tail).toHaveLength(8);
    // Rebuilt and replaced; then a snapshot whose chain is not the log's (its hash recomputed to fit).
    await fx.store.putSnapshot("r1", whole.point(), { replace: true });
    expect((await fx.store.loadRunState("r1"))?.rejected).toBeUndefined();
    const other = fold([{ ...fact(0).fact, version: 1, chain: null }]);
    const forged = { ...whole.point(), chain: other.chain };
    await fx.store.putSnapshot("r1", forged, { replace: true });
    state = await fx.store.loadRunState("r1");
    expect(state?.rejected).toMatch(/does not match the fact log's chain/);
    expect(state?.tail).toHaveLength(8);
  });
});
