import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Activity } from "../model/plan.ts";
import { forecastPlan, type Actual } from "./forecast.ts";

const MIN = 60_000;
const T0 = Date.parse("2026-05-30T06:00:00Z");

function act(id: string, minutes: number, after: string[] = []): Activity {
  return { id, kind: "task", title: id, after, durationMs: minutes * MIN, estimated: true, path: [] };
}

/** A random plan: activity i may wait for any earlier ones; some have fixed starts. */
const plans = fc
  .array(fc.record({ minutes: fc.integer({ min: 0, max: 120 }), preds: fc.array(fc.nat(), { maxLength: 3 }), fixed: fc.option(fc.integer({ min: 0, max: 600 }), { freq: 4 }) }), { minLength: 1, maxLength: 40 })
  .map((rows) => rows.map((r, i) => ({ a: act(`a${i}`, r.minutes, i ? [...new Set(r.preds.map((p) => `a${p % i}`))] : []), fixed: r.fixed === null ? undefined : T0 + r.fixed * MIN })));

describe("forecastPlan", () => {
  it("chains, waits for the slowest predecessor, and finds the critical path", () => {
    const f = forecastPlan([act("export", 30), act("migrate", 30, ["export"]), act("counts", 15, ["migrate"]), act("docs", 5, ["export"]), act("done", 0, ["counts", "docs"])], { start: T0 });
    const at = (id: string) => f.activities.find((a) => a.id === id);
    expect(at("done")?.start).toBe(T0 + 75 * MIN);
    expect(f.finish).toBe(T0 + 75 * MIN);
    expect(f.criticalPath).toEqual(["export", "migrate", "counts", "done"]);
    expect(at("docs")?.slack).toBe(40 * MIN);
    expect(at("migrate")?.slack).toBe(0);
  });

  it("holds a fixed start, and the path starts there", () => {
    const f = forecastPlan([act("a", 10), act("b", 10, ["a"])], { start: T0, notBefore: new Map([["b", T0 + 60 * MIN]]) });
    expect(f.activities[1]?.start).toBe(T0 + 60 * MIN);
    expect(f.criticalPath).toEqual(["b"]);
  });

  it("uses actual times, runs late ones to now, and flags what is late against the plan", () => {
    const actuals = new Map<string, Actual>([["a", { start: T0, finish: T0 + 40 * MIN }], ["b", { start: T0 + 40 * MIN }]]);
    const planned = new Map([["a", T0], ["b", T0 + 30 * MIN], ["c", T0 + 60 * MIN]]);
    const f = forecastPlan([act("a", 30), act("b", 30, ["a"]), act("c", 10, ["b"])], { start: T0, now: T0 + 90 * MIN, actuals, planned, deadline: T0 + 95 * MIN, finish: "c" });
    expect(f.activities.map((a) => [a.id, a.state, (a.finish - T0) / MIN, a.late])).toEqual([["a", "done", 40, true], ["b", "running", 90, true], ["c", "pending", 100, true]]);
    expect(f.fitsDeadline).toBe(false);
  });

  it("names the finish activity even when later work follows it", () => {
    const f = forecastPlan([act("golive", 30), act("hypercare", 600, ["golive"])], { start: T0, finish: "golive", deadline: T0 + 30 * MIN });
    expect(f.finish).toBe(T0 + 30 * MIN);
    expect(f.fitsDeadline).toBe(true);
    expect(f.criticalPath).toEqual(["golive"]);
  });

  it("leaves out a cycle and says which activities are on it", () => {
    const f = forecastPlan([act("a", 10, ["b"]), act("b", 10, ["a"]), act("c", 5)], { start: T0 });
    expect(f.cyclic).toEqual(["a", "b"]);
    expect(f.activities.map((a) => a.id)).toEqual(["c"]);
  });

  it("property: every activity starts after its predecessors, its fixed start and the run start; slack is never negative", () => {
    fc.assert(fc.property(plans, (rows) => {
      const notBefore = new Map(rows.flatMap((r) => (r.fixed === undefined ? [] : [[r.a.id, r.fixed] as const])));
      const f = forecastPlan(rows.map((r) => r.a), { start: T0, notBefore });
      const by = new Map(f.activities.map((a) => [a.id, a]));
      for (const r of rows) {
        const x = by.get(r.a.id);
        if (!x) return false;
        expect(x.finish - x.start).toBe(r.a.durationMs);
        expect(x.start).toBeGreaterThanOrEqual(Math.max(T0, r.fixed ?? T0));
        for (const p of r.a.after) expect(x.start).toBeGreaterThanOrEqual(by.get(p)?.finish ?? Infinity);
        expect(x.slack).toBeGreaterThanOrEqual(0);
      }
      expect(f.finish).toBe(Math.max(...f.activities.map((a) => a.finish)));
      return true;
    }));
  });

  it("property: the critical path is a chain with no gaps that ends at the finish and has no slack", () => {
    fc.assert(fc.property(plans, (rows) => {
      const notBefore = new Map(rows.flatMap((r) => (r.fixed === undefined ? [] : [[r.a.id, r.fixed] as const])));
      const f = forecastPlan(rows.map((r) => r.a), { start: T0, notBefore });
      const by = new Map(f.activities.map((a) => [a.id, a]));
      const path = f.criticalPath.map((id) => by.get(id));
      expect(path.at(-1)?.finish).toBe(f.finish);
      path.forEach((x, i) => {
        expect(x?.slack).toBe(0);
        const prev = path[i - 1];
        if (prev) {
          expect(rows.find((r) => r.a.id === x?.id)?.a.after).toContain(prev.id);
          expect(x?.start).toBe(prev.finish);
        } else expect([T0, notBefore.get(x?.id ?? "")]).toContain(x?.start);
      });
      return true;
    }));
  });

  it("property: without fixed starts, starting later moves every forecast by the same amount", () => {
    fc.assert(fc.property(plans, fc.integer({ min: 1, max: 600 }), (rows, delay) => {
      const list = rows.map((r) => r.a);
      const a = forecastPlan(list, { start: T0 });
      const b = forecastPlan(list, { start: T0 + delay * MIN });
      expect(b.finish - a.finish).toBe(delay * MIN);
      expect(b.criticalPath).toEqual(a.criticalPath);
      b.activities.forEach((x, i) => expect(x.start - (a.activities[i]?.start ?? 0)).toBe(delay * MIN));
      return true;
    }));
  });
});
