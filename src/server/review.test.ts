import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunReview } from "../core/engine/types.ts";
import { openPgliteStore } from "../store/pglite.ts";
import type { Store } from "../store/store.ts";
import type { RehearsalSummary } from "./routes/review.ts";
import { apiFixture, type ApiFixture } from "./testing/fixture.ts";

// Rehearsals through the API: a run's kind, the rebaseline at start, task times and the review.

let store: Store;
let fx: ApiFixture;
let hash = "";
const MIN = 60_000;

beforeAll(async () => {
  store = await openPgliteStore(undefined);
  // The operator exposes the runbook's check variables (none of the checks run here).
  fx = await apiFixture(store, { checkEnvAllow: ["ERP_URL", "ERP_DB_URL", "ERP_PROMETHEUS_URL"], checkEnv: {} });
  const source = readFileSync(new URL("../../examples/erp-wms-cutover.yaml", import.meta.url), "utf8");
  const saved = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runbooks", payload: { source, file: "erp.yaml" } });
  expect(saved.statusCode, saved.body).toBe(201);
  hash = saved.json<{ hash: string }>().hash;
});
afterAll(async () => {
  await fx.close();
  await store.close();
});

type Review = { version: number; review: RunReview; rehearsals: RehearsalSummary[] };
const review = async (id: string) => {
  const res = await fx.call(fx.callers.viewer, { method: "GET", url: `/api/runs/${id}/review` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Review>();
};

describe("a rehearsal run and its review", () => {
  it("is created with its kind, rebaselined at start, and its review lists the tasks planned against actual", async () => {
    // The fake clock reads 2026-05-28 14:00 in Ho Chi Minh City: the 06:00 plan moves there.
    const created = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs", payload: { runbook: hash, name: "Rehearsal 1", id: "reh-1", kind: "rehearsal", start: true } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ id: "reh-1", kind: "rehearsal", started_at: "2026-05-28T07:00:00.000Z", baseline_start: "2026-05-28T07:00:00.000Z" });
    fx.clock.advance(12 * MIN);
    const task = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs/reh-1/tasks/t-0600", payload: { started_at: "2026-05-28T07:00:00Z", ended_at: "2026-05-28T07:12:00Z" } });
    expect(task.statusCode, task.body).toBe(200);
    expect((await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs/reh-1/tasks/nope", payload: { ended_at: "2026-05-28T07:12:00Z" } })).statusCode).toBe(422);

    const { review: r, rehearsals } = await review("reh-1");
    expect(r.run).toEqual({ id: "reh-1", name: "Rehearsal 1", kind: "rehearsal" });
    expect(r.shiftMs).toBe(Date.parse("2026-05-28T07:00:00Z") - Date.parse("2026-05-27T23:00:00Z"));
    expect(r.tasks.length).toBe(28);
    expect(r.tasks[0]).toMatchObject({ id: "t-0600", plannedStart: "2026-05-28T07:00:00.000Z", plannedDurationMs: 10 * MIN, actualDurationMs: 12 * MIN, durationVarianceMs: 2 * MIN, finishVarianceMs: 2 * MIN });
    expect(r.tasks[1]).toMatchObject({ id: "t-0610", plannedStart: "2026-05-28T07:10:00.000Z" });
    expect(r.tasks[1]?.actualStart).toBeUndefined();
    expect(r.criticalPath.planned.at(-1)).toBe("t-1100");
    expect(r.criticalPath.asRun.at(-1)).toBe("t-1100");
    expect(r.finishVarianceMs).toBe(2 * MIN);
    expect(r.checkpoints.map((c) => [c.id, c.decision, c.plannedAt])).toEqual([
      ["CHECKPOINT-1", "pending", "2026-05-28T07:30:00.000Z"], ["CHECKPOINT-2", "pending", "2026-05-28T09:00:00.000Z"],
      ["CHECKPOINT-3", "pending", "2026-05-28T10:00:00.000Z"], ["CHECKPOINT-4", "pending", "2026-05-28T11:30:00.000Z"],
    ]);
    expect(rehearsals.map((x) => [x.id, x.kind])).toEqual([["reh-1", "rehearsal"]]);
  });

  it("compares the rehearsals of one runbook; a live run is live and not rebaselined", async () => {
    await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs", payload: { runbook: hash, name: "Rehearsal 2", id: "reh-2", kind: "rehearsal", start: true } });
    const live = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs", payload: { runbook: hash, name: "Go-live", id: "live-1", start: true } });
    expect(live.json()).toMatchObject({ kind: "live" });
    expect(live.json<Record<string, unknown>>().baseline_start).toBeUndefined();
    const { review: r, rehearsals } = await review("live-1");
    expect(r.run.kind).toBe("live");
    expect(r.shiftMs).toBe(0);
    expect(rehearsals.map((x) => x.id)).toEqual(["reh-1", "live-1", "reh-2"]);
    expect((await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs", payload: { runbook: hash, name: "X", kind: "drill" } })).statusCode).toBe(400);
  });

  it("reads the kind back from the store", async () => {
    expect((await store.getRun("reh-1"))?.kind).toBe("rehearsal");
    expect((await store.getRun("live-1"))?.kind).toBe("live");
    const run = await fx.call(fx.callers.viewer, { method: "GET", url: "/api/runs/reh-1" });
    expect(run.json()).toMatchObject({ kind: "rehearsal", facts: { tasks: [{ task: "t-0600", started_at: "2026-05-28T07:00:00Z", ended_at: "2026-05-28T07:12:00Z" }] } });
  });
});
