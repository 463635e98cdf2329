import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CheckResultFact } from "../core/model/facts.ts";
import { openPgliteStore } from "../store/pglite.ts";
import type { FactInput, Store } from "../store/store.ts";
import { RunService, stateHash } from "./runs.ts";
import { testRunbook } from "./testing/runbook.ts";

// The run state folded per fact: what a service holds after writes equals a fresh read of the
// log; a read never sees later writes; a torn snapshot is rejected at start and rebuilt.

const T0 = Date.UTC(2026, 4, 28, 8, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const clock = { ms: T0, now() { return new Date(this.ms); } };

function human(i: number): { fact: FactInput; action: string; subject: string } {
  const at = iso(T0 + i * 1000);
  if (i % 4 === 1) return { fact: { kind: "incident", data: { id: `inc-${i}`, title: `Incident ${i}`, severity: "P2", opened_at: at, opened_by: "pat", updates: [] } }, action: "incident.open", subject: `incident:inc-${i}` };
  if (i % 4 === 2) return { fact: { kind: "incident_update", data: { id: `inc-${i - 1}`, at, by: "pat", text: `update ${i}` } }, action: "incident.update", subject: `incident:inc-${i - 1}` };
  return { fact: { kind: "item", data: { item: i % 3 ? "backup" : "smoke", state: "done", by: "dev", at, evidence: [{ kind: "text", value: `ticket ${i}` }] } }, action: "item.set", subject: `item:${i % 3 ? "backup" : "smoke"}` };
}

const sample = (i: number, outcome: CheckResultFact["outcome"]): CheckResultFact => ({ check: "api-health", outcome, at: iso(T0 + i * 1000 + 500), duration_ms: 10, conditions: [] });
const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

describe("run state folded per fact", () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "golive-run-cache-"));
    store = await openPgliteStore(dir);
    const rb = await store.putRunbook({ source: testRunbook(), runbookId: "api-test", title: "t" }, { actor: "t", at: iso(T0) });
    await store.createRun({ id: "r1", name: "run", runbookHash: rb.hash, meta: { started_at: iso(T0) } }, { actor: "t", at: iso(T0) });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("folds each acknowledged write and sample round without reading the log again, and equals a fresh read", async () => {
    const runs = new RunService(store, clock, 0);
    const before = await runs.context("r1");
    const reads = vi.spyOn(store, "loadRunState");
    const segmentReads = vi.spyOn(store, "segmentsSince");
    for (let i = 0; i < 40; i++) {
      const h = human(i);
      await runs.append("r1", h.fact, { actor: "pat", at: iso(T0 + i * 1000), action: h.action, subject: h.subject });
      runs.applySamples("r1", await store.recordSamples("r1", [sample(i, i % 10 < 5 ? "pass" : "fail")], { actor: "s", at: iso(T0 + i * 1000 + 500) }));
      await runs.statusJson("r1");
    }
    expect(reads).not.toHaveBeenCalled();
    // The embedded database has no other writer: every round came through applySamples.
    expect(segmentReads).not.toHaveBeenCalled();
    const held = await runs.context("r1");
    // The state before the writes is still what it was.
    expect(before.facts.items).toEqual([]);
    expect(before.lists.incidents).toEqual([]);
    const fresh = await new RunService(store, clock, 0).context("r1");
    expect(held.run.version).toBe(fresh.run.version);
    expect(plain(held.facts)).toEqual(plain(fresh.facts));
    expect(held.chain).toBe(fresh.chain);
    expect(stateHash(held)).toBe(stateHash(fresh));
    expect(JSON.parse((await runs.statusJson("r1")).toString())).toMatchObject({ version: fresh.run.version, state_hash: stateHash(fresh) });
  });

  it("reads only the facts after the version it holds when another instance wrote", async () => {
    const mine = new RunService(store, clock, 0);
    const other = new RunService(store, clock, 0);
    await mine.context("r1");
    for (let i = 0; i < 5; i++) {
      const h = human(i);
      await other.append("r1", h.fact, { actor: "pat", at: iso(T0 + i * 1000), action: h.action, subject: h.subject });
    }
    const reads = vi.spyOn(store, "loadRunState");
    mine.invalidate("r1", 6);
    const ctx = await mine.context("r1");
    expect(reads).toHaveBeenCalledWith("r1", 0);
    expect(plain(ctx.facts)).toEqual(plain((await other.context("r1")).facts));
  });

  it("rejects a torn snapshot at start, says so, rebuilds it from the log and reads the same state", async () => {
    const runs = new RunService(store, clock, 0);
    await runs.context("r1");
    for (let i = 0; i < 240; i++) {
      const h = human(i);
      await runs.append("r1", h.fact, { actor: "pat", at: iso(T0 + i * 1000), action: h.action, subject: h.subject });
    }
    const held = await runs.context("r1");
    await store.close();
    // A snapshot was written along the way; tear it.
    const raw = await PGlite.create(dir);
    const snap = await raw.query<{ version: number }>("SELECT version FROM golive_snapshots WHERE run_id = 'r1'");
    expect(snap.rows[0]?.version).toBeGreaterThan(1);
    await raw.exec(`UPDATE golive_snapshots SET lists = jsonb_set(lists, '{items}', '[]'::jsonb)`);
    await raw.close();
    store = await openPgliteStore(dir);
    const restarted = new RunService(store, clock, 0);
    const rejected: string[] = [];
    restarted.onSnapshotRejected = (_run, reason) => rejected.push(reason);
    const ctx = await restarted.context("r1");
    expect(rejected).toEqual([expect.stringMatching(/does not match its hash/)]);
    expect(plain(ctx.facts)).toEqual(plain(held.facts));
    expect(stateHash(ctx)).toBe(stateHash(held));
    const state = await store.loadRunState("r1");
    expect(state?.rejected).toBeUndefined();
    expect(state?.snapshot?.version).toBe(held.run.version);
  });

  it("on a shared database, reads only the segments another instance wrote since its last read, off the status's path", async () => {
    // The same database seen as PostgreSQL is: other instances write to it too.
    const shared = Object.create(store, { exclusive: { value: false } }) as Store;
    const mine = new RunService(shared, clock, 0);
    const other = new RunService(shared, clock, 0);
    for (let i = 0; i < 30; i++) mine.applySamples("r1", await shared.recordSamples("r1", [sample(i, i % 10 < 5 ? "pass" : "fail")], { actor: "s", at: iso(T0 + i * 1000 + 500) }));
    await mine.statusJson("r1");
    await mine.settled();
    const since = vi.spyOn(shared, "segmentsSince");
    // Another instance's round: no new version (same outcome), one segment grows.
    const round = await shared.recordSamples("r1", [sample(30, "fail")], { actor: "s", at: iso(T0 + 30_500) });
    other.applySamples("r1", round);
    expect(round.facts).toEqual([]);
    clock.ms = T0 + 60_000;
    const at = async () => (JSON.parse((await mine.statusJson("r1")).toString()) as { status: { checks: { id: string; at?: string }[] } }).status.checks.find((c) => c.id === "api-health")?.at;
    try {
      // The status at hand does not wait for the read; the next one has what it brought.
      expect(await at()).toBe(iso(T0 + 29_500));
      await mine.settled();
      expect(await at()).toBe(iso(T0 + 30_500));
    } finally {
      clock.ms = T0;
    }
    await mine.settled();
    const read = await since.mock.results[0]?.value as { segments: unknown[] };
    expect(read.segments).toHaveLength(1);
    const fresh = await new RunService(shared, clock, 0).context("r1");
    expect(plain((await mine.context("r1")).facts)).toEqual(plain(fresh.facts));
  });

  it("on a shared database, a status never waits for the segments read, and a round that lands during it is kept", async () => {
    const shared = Object.create(store, { exclusive: { value: false } }) as Store;
    const mine = new RunService(shared, clock, 0);
    const other = new RunService(shared, clock, 0);
    mine.applySamples("r1", await shared.recordSamples("r1", [sample(0, "pass")], { actor: "s", at: iso(T0 + 500) }));
    await mine.context("r1");
    other.applySamples("r1", await shared.recordSamples("r1", [sample(1, "pass")], { actor: "s", at: iso(T0 + 1_500) }));
    // The read is held back until released: statuses keep coming meanwhile.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const real = shared.segmentsSince.bind(shared);
    vi.spyOn(shared, "segmentsSince").mockImplementation(async (run, after) => {
      const out = await real(run, after);
      await gate;
      return out;
    });
    await mine.statusJson("r1");
    await mine.statusJson("r1");
    // This instance's own round lands while the read is out.
    mine.applySamples("r1", await shared.recordSamples("r1", [sample(2, "pass")], { actor: "s", at: iso(T0 + 2_500) }));
    release();
    await mine.settled();
    vi.restoreAllMocks();
    const fresh = await new RunService(shared, clock, 0).context("r1");
    const held = await mine.context("r1");
    expect(plain(held.facts)).toEqual(plain(fresh.facts));
    expect(held.segments.get("api-health")?.[0]?.count).toBe(3);
  });

  it("takes in rounds applied out of order as a fresh read sees them", async () => {
    const runs = new RunService(store, clock, 0);
    await runs.context("r1");
    const a = await store.recordSamples("r1", [sample(0, "pass")], { actor: "s", at: iso(T0 + 500) });
    runs.applySamples("r1", a);
    const b = await store.recordSamples("r1", [sample(1, "pass")], { actor: "s", at: iso(T0 + 1_500) });
    const c = await store.recordSamples("r1", [sample(2, "pass")], { actor: "s", at: iso(T0 + 2_500) });
    // Two rounds of one run finish together; their acknowledgements arrive the other way round.
    runs.applySamples("r1", c);
    runs.applySamples("r1", b);
    const fresh = await new RunService(store, clock, 0).context("r1");
    expect(plain((await runs.context("r1")).facts)).toEqual(plain(fresh.facts));
    expect((await runs.context("r1")).segments.get("api-health")?.[0]?.count).toBe(3);
  });
});
