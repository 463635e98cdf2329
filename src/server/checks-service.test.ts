import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../store/pglite.ts";
import type { Store } from "../store/store.ts";
import { checkLease, SCHEDULER_ACTOR } from "./checks-service.ts";
import { apiFixture, type ApiFixture } from "./testing/fixture.ts";

let target: Server;
let hits = 0;
let healthy = true;
let store: Store;
let fx: ApiFixture;

beforeAll(async () => {
  target = createServer((_req, res) => {
    hits++;
    res.writeHead(healthy ? 200 : 503).end("ok");
  });
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  const addr = target.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  store = await openPgliteStore(undefined);
  fx = await apiFixture(store, { runbookUrl: `http://127.0.0.1:${port}/healthz`, instanceId: "instance-a" });
});
afterAll(async () => {
  await fx.close();
  await store.close();
  await new Promise((resolve) => target.close(resolve));
});

const checkState = async () => {
  const res = await fx.call(fx.callers.viewer, { method: "GET", url: `/api/runs/${fx.runId}/checks` });
  return res.json<{ checks: { id: string; state: string }[] }>().checks.find((c) => c.id === "api-health")?.state;
};

describe("checks", () => {
  it("runs a run's checks now through the API and stores the results", async () => {
    expect(await checkState()).toBe("pending");
    const res = await fx.call(fx.callers.editor, { method: "POST", url: `/api/runs/${fx.runId}/checks/run`, payload: { checks: ["api-health"] } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ results: [{ check: "api-health", outcome: "pass" }] });
    expect(await checkState()).toBe("pass");
    const items = (await fx.call(fx.callers.viewer, { method: "GET", url: `/api/runs/${fx.runId}/status` })).json<{ status: { items: { id: string; state: string }[] } }>();
    expect(items.status.items.find((i) => i.id === "health")?.state).toBe("done");
    expect((await fx.app.inject("/metrics")).body).toMatch(/golive_check_runs_total\{outcome="pass"\} 1/);
    const unknown = await fx.call(fx.callers.editor, { method: "POST", url: `/api/runs/${fx.runId}/checks/run`, payload: { checks: ["nope"] } });
    expect(unknown.json()).toMatchObject({ error: { code: "GOLIVE_E_UNKNOWN_REFERENCE" } });
  });

  it("sends each due slot of a check as one job and runs it under its check's lease", async () => {
    const before = hits;
    fx.clock.advance(61_000);
    healthy = false;
    await fx.ctx.schedule.start((e) => {
      throw e;
    });
    // The current slot was sent at start: the in-process worker runs it.
    await expect.poll(checkState, { timeout: 30_000, interval: 25 }).toBe("fail");
    expect(hits).toBe(before + 1);
    // No more timed rounds: this test moves the clock and plans by hand.
    fx.ctx.schedule.stop();
    // Nothing is due until the next slot; the next slot is due at its start, once.
    expect(await fx.ctx.schedule.plan()).toBe(0);
    const next = fx.ctx.schedule.nextPlanMs();
    expect(next).toBeGreaterThan(fx.clock.now().getTime());
    const events = await store.listAudit({ runId: fx.runId });
    expect(events.at(-1)).toMatchObject({ action: "check.result", actor: SCHEDULER_ACTOR, subject: "check:api-health" });

    // While another holder (an instance running it, a "run now") has the check's lease, a job skips it.
    fx.clock.advance(61_000);
    const slotMs = fx.clock.now().getTime() - 1_000;
    const job = { runId: fx.runId, checkId: "api-health", slotMs, everyMs: 60_000, target: "x" };
    expect(await store.tryLease(checkLease(fx.runId, "api-health"), "instance-b:1", fx.clock.now().getTime(), 60_000)).toBe(true);
    expect(await fx.ctx.schedule.runJob(job, new AbortController().signal, 60_000)).toBe(false);
    expect(hits).toBe(before + 1);
    await store.releaseLease(checkLease(fx.runId, "api-health"), "instance-b:1");
    healthy = true;
    expect(await fx.ctx.schedule.runJob(job, new AbortController().signal, 60_000)).toBe(true);
    expect(hits).toBe(before + 2);
    expect(await checkState()).toBe("pass");
    // A result came in during the slot: the slot's job (retried, say) does not run it again.
    expect(await fx.ctx.schedule.runJob(job, new AbortController().signal, 60_000)).toBe(false);
    // A late job (a retry after its instance died) whose slot passed without a result runs the check,
    fx.clock.advance(120_000);
    expect(await fx.ctx.schedule.runJob({ ...job, slotMs: fx.clock.now().getTime() - 90_000 }, new AbortController().signal, 60_000)).toBe(true);
    expect(hits).toBe(before + 3);
    // and the current slot's job, finding that result, does not run it again.
    expect(await fx.ctx.schedule.runJob({ ...job, slotMs: fx.clock.now().getTime() - 30_000 }, new AbortController().signal, 60_000)).toBe(false);
    expect(hits).toBe(before + 3);
  });

  it("keeps samples that changed nothing out of the audit log, and shows them in the check's history", async () => {
    const head = (await store.auditHead()).seq;
    for (let i = 0; i < 3; i++) {
      fx.clock.advance(61_000);
      const run = await fx.call(fx.callers.editor, { method: "POST", url: `/api/runs/${fx.runId}/checks/run`, payload: { checks: ["api-health"] } });
      expect(run.json()).toMatchObject({ results: [{ check: "api-health", outcome: "pass" }] });
    }
    // Still passing: three samples, no fact, no audit event; the status shows the latest sample.
    expect((await store.auditHead()).seq).toBe(head);
    const status = (await fx.call(fx.callers.viewer, { method: "GET", url: `/api/runs/${fx.runId}/checks` })).json<{ checks: { id: string; at: string }[] }>();
    expect(status.checks.find((c) => c.id === "api-health")?.at).toBe(fx.clock.now().toISOString());
    const res = await fx.call(fx.callers.viewer, { method: "GET", url: `/api/runs/${fx.runId}/checks/api-health/history?width=1h` });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ buckets: { n: number; pass: number; fail: number }[] }>();
    const total = body.buckets.reduce((a, b) => ({ n: a.n + b.n, pass: a.pass + b.pass, fail: a.fail + b.fail }), { n: 0, pass: 0, fail: 0 });
    // Run now (pass), the scheduled failure, the two jobs' passes, and these three.
    expect(total).toEqual({ n: 7, pass: 6, fail: 1 });
    const unknown = await fx.call(fx.callers.viewer, { method: "GET", url: `/api/runs/${fx.runId}/checks/nope/history` });
    expect(unknown.json()).toMatchObject({ error: { code: "GOLIVE_E_UNKNOWN_REFERENCE" } });
  });

  it("runs a check once for presses of run now at the same time, and again for a later press", async () => {
    const before = hits;
    const press = () => fx.call(fx.callers.editor, { method: "POST", url: `/api/runs/${fx.runId}/checks/run`, payload: { checks: ["api-health"] } });
    const [a, b] = await Promise.all([press(), press()]);
    expect(hits).toBe(before + 1);
    expect(a.json()).toEqual(b.json());
    expect(a.json()).toMatchObject({ results: [{ check: "api-health", outcome: "pass" }] });
    fx.clock.advance(1_000);
    expect((await press()).json()).toMatchObject({ results: [{ check: "api-health", outcome: "pass", at: fx.clock.now().toISOString() }] });
    expect(hits).toBe(before + 2);
  });
});

