import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CheckResultFact } from "../core/model/facts.ts";
import { verifyStoreAudit } from "./verify.ts";
import { NotFoundError, type Change } from "./store.ts";
import { storeHarnesses, type StoreFixture } from "./testing.ts";

const T0 = Date.UTC(2026, 4, 28, 8, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const by = (actor: string, ms = T0): Change => ({ actor, at: iso(ms) });
const SOURCE = "golive: 1\nmeta:\n  id: demo\n  title: Demo\n";
const sample = (check: string, ms: number, outcome: CheckResultFact["outcome"], duration = 10): CheckResultFact => ({ check, outcome, at: iso(ms), duration_ms: duration, conditions: [] });

describe.each(storeHarnesses())("check samples on $name", (harness) => {
  let fx: StoreFixture;
  beforeAll(() => harness.start());
  afterAll(() => harness.stop());
  beforeEach(async () => {
    fx = await harness.fresh();
    const rb = await fx.store.putRunbook({ source: SOURCE, runbookId: "demo", title: "Demo" }, by("alice"));
    await fx.store.createRun({ id: "r1", name: "pilot", runbookHash: rb.hash, meta: {} }, by("alice"));
  });
  afterEach(() => fx.teardown());

  it("keeps samples out of the fact log except outcome changes, and the audit chain intact", async () => {
    const head = (await fx.store.auditHead()).seq;
    for (let i = 0; i < 10; i++) {
      const outcome = i >= 4 && i < 7 ? "fail" : "pass";
      await fx.store.recordSamples("r1", [sample("api", T0 + i * 15_000, outcome), sample("db", T0 + i * 15_000, "pass")], by("golive:scheduler", T0 + i * 15_000));
    }
    const loaded = await fx.store.loadFacts("r1");
    // api: pass, fail, pass (3 changes); db: pass (1).
    expect(loaded?.facts.checks.map((c) => `${c.check}:${c.outcome}`)).toEqual(["api:pass", "db:pass", "api:fail", "api:pass"]);
    expect((await fx.store.auditHead()).seq).toBe(head + 4);
    expect(await verifyStoreAudit(fx.store)).toMatchObject({ ok: true });
    const segs = await fx.store.loadSegments("r1");
    expect(segs.map((s) => `${s.check}#${s.seq}:${s.outcome}x${s.count}`)).toEqual(["api#0:passx4", "api#1:failx3", "api#2:passx3", "db#0:passx10"]);
    expect(segs.find((s) => s.check === "db")?.last.at).toBe(iso(T0 + 9 * 15_000));
    expect(await fx.store.lastSegment("r1", "api")).toEqual(segs[2]);
    expect(await fx.store.lastSegment("r1", "db")).toEqual(segs[3]);
    expect(await fx.store.lastSegment("r1", "nope")).toBeUndefined();
  });

  it("reads only the segments written after a position, and each round moves it on", async () => {
    const first = await fx.store.recordSamples("r1", [sample("api", T0, "pass"), sample("db", T0, "pass")], by("s", T0));
    const all = await fx.store.segmentsSince("r1", -1);
    expect(all.segments.map((s) => s.check)).toEqual(["api", "db"]);
    expect(all.touched).toBe(first.touched);
    expect(await fx.store.segmentsSince("r1", all.touched)).toEqual({ segments: [], touched: all.touched });
    const second = await fx.store.recordSamples("r1", [sample("db", T0 + 60_000, "fail")], by("s", T0 + 60_000));
    expect(second.touched).toBeGreaterThan(first.touched);
    const since = await fx.store.segmentsSince("r1", all.touched);
    expect(since.segments.map((s) => `${s.check}#${s.seq}:${s.outcome}`)).toEqual(["db#1:fail"]);
    expect(since.touched).toBe(second.touched);
    expect(await fx.store.loadSegments("r1")).toHaveLength(3);
  });

  it("starts a new segment after a decision (not after an item), so no segment spans one", async () => {
    await fx.store.recordSamples("r1", [sample("api", T0, "pass")], by("s", T0));
    await fx.store.appendFact("r1", { kind: "item", data: { item: "x", state: "done", by: "bob", at: iso(T0 + 4_000), evidence: [] } }, { ...by("bob", T0 + 4_000), action: "item.set", subject: "item:x" });
    await fx.store.appendFact("r1", { kind: "signoff", data: { signoff: "x", by: "bob", at: iso(T0 + 5_000) } }, { ...by("bob", T0 + 5_000), action: "signoff.give", subject: "signoff:x" });
    await fx.store.recordSamples("r1", [sample("api", T0 + 10_000, "pass")], by("s", T0 + 10_000));
    await fx.store.recordSamples("r1", [sample("api", T0 + 20_000, "pass")], by("s", T0 + 20_000));
    expect((await fx.store.loadSegments("r1")).map((s) => s.count)).toEqual([1, 2]);
  });

  it("reads history from aggregates and raw samples alike, before and after downsampling", async () => {
    const list: CheckResultFact[] = [];
    // 3 hours, one sample a minute; every 10th fails.
    for (let i = 0; i < 180; i++) list.push(sample("api", T0 + i * 60_000 + 1_000, i % 10 === 9 ? "fail" : "pass", i));
    for (let i = 0; i < list.length; i += 30) await fx.store.recordSamples("r1", list.slice(i, i + 30), by("s", T0));
    const q = { fromMs: T0, toMs: T0 + 3 * 3_600_000, width: "1h" as const };
    const before = await fx.store.sampleHistory("r1", "api", q);
    expect(before.map((b) => [b.n, b.fail])).toEqual([[60, 6], [60, 6], [60, 6]]);
    // Two hours later: hours 0-4 are complete; raw older than 1 h goes, aggregates stay.
    await fx.store.rollupSamples("r1", T0 + 5 * 3_600_000 + 60_000, { rawMs: 3_600_000, minuteMs: 30 * 86_400_000 });
    const after = await fx.store.sampleHistory("r1", "api", q);
    expect(after).toEqual(before);
    expect(after[1]).toMatchObject({ durMax: 119, durSum: (60 + 119) * 30 });
    const minutes = await fx.store.sampleHistory("r1", "api", { fromMs: T0, toMs: T0 + 3_600_000, width: "1m" });
    expect(minutes).toHaveLength(60);
    expect(minutes.filter((m) => m.fail === 1)).toHaveLength(6);
    // Rolling up again changes nothing.
    await fx.store.rollupSamples("r1", T0 + 5 * 3_600_000 + 120_000, { rawMs: 3_600_000, minuteMs: 30 * 86_400_000 });
    expect(await fx.store.sampleHistory("r1", "api", q)).toEqual(before);
    // The summary still has the whole story.
    expect((await fx.store.loadSegments("r1")).reduce((n, s) => n + s.count, 0)).toBe(180);
  });

  it("refuses samples of an unknown run", async () => {
    await expect(fx.store.recordSamples("nope", [sample("api", T0, "pass")], by("s"))).rejects.toBeInstanceOf(NotFoundError);
  });
});
