import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiFixture } from "../testing/fixture.ts";
import { notifyFixture, type NotifyFixture } from "../testing/notify-fixture.ts";
import type { Envelope } from "./envelope.ts";
import { webhookChannel } from "./webhook.ts";

// The forecast passing the rollback deadline as time passes (a running task overruns): the
// server's sweep announces it once, to a real receiver, and not again on later sweeps.

const RUNBOOK = `golive: 1
meta: { id: cut, title: Cutover, date: 2026-05-28, timezone: UTC }
timeline:
  rollback_deadline: "08:00"
  phases:
    - id: p1
      title: Migrate
      start: "07:00"
      tasks:
        - { id: migrate, at: "07:00", title: Migrate, duration: 40m }
`;

describe("forecast.past_deadline from the clock", () => {
  let n: NotifyFixture;
  let fx: ApiFixture;

  beforeAll(async () => {
    n = await notifyFixture((url) => ({ notify: { channels: [webhookChannel({ id: "server:webhook", url, secret: "forecast-sweep-secret-0123456" })] } }));
    fx = n.fx;
    const up = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runbooks", payload: { source: RUNBOOK } });
    expect(up.statusCode, up.body).toBe(201);
    expect((await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs", payload: { runbook: up.json<{ hash: string }>().hash, name: "Cutover", id: "cut" } })).statusCode).toBe(201);
    // The fixture's clock stands at 07:00 UTC on the day: the task starts on time.
    expect((await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs/cut/tasks/migrate", payload: { started_at: fx.clock.now().toISOString() } })).statusCode).toBe(200);
  });
  afterAll(() => n.close());

  const sweep = async () => {
    await fx.ctx.notifier.sweep(await fx.ctx.runs.context("cut"));
    await fx.ctx.notifier.deliver();
  };
  const forecastEvents = () => n.hook.requests.map((r) => JSON.parse(r.body) as Envelope).filter((e) => e.type === "forecast.past_deadline");

  it("is announced once when the overrunning task pushes the finish past the deadline", async () => {
    await sweep();
    fx.clock.advance(55 * 60_000); // 07:55: the task overran by 15 min, the forecast still fits
    await sweep();
    expect(forecastEvents()).toEqual([]);
    fx.clock.advance(10 * 60_000); // 08:05: still running, the finish is now past 08:00
    await sweep();
    const [e] = forecastEvents();
    expect(e).toMatchObject({ subject: "forecast", data: { rollback_deadline: "2026-05-28T08:00:00.000Z" } });
    expect((e?.data.margin_minutes as number) < 0).toBe(true);
    fx.clock.advance(60_000);
    await sweep();
    fx.clock.advance(60_000);
    await sweep();
    expect(forecastEvents()).toHaveLength(1);
  });
});
