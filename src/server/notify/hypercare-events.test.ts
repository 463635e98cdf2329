import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiFixture, Caller } from "../testing/fixture.ts";
import { notifyFixture, type NotifyFixture } from "../testing/notify-fixture.ts";
import type { Envelope } from "./envelope.ts";

// Closing or extending hypercare tells the channels subscribed to it (`hypercare.*`): queued in
// the decision's own transaction, delivered signed to a real receiver on loopback; a refused
// decision tells no one.

const SECRET = "hypercare-route-secret-0123456789";
const HOUR = 3_600_000;
const runbook = (hook: string) => `golive: 1
meta: { id: hc-notify, title: Hypercare notify, timezone: UTC }
roles:
  - { id: po, title: PO, members: [pat] }
hypercare:
  duration: 1h
  owners: po
notify:
  routes:
    - { id: care, webhook: "${hook}", secret: "\${env:OPS_SECRET}", events: [hypercare.*] }
    - { id: gates, webhook: "${hook}", secret: "\${env:OPS_SECRET}", events: [gate.*] }
`;

describe("hypercare events", () => {
  let n: NotifyFixture;
  let fx: ApiFixture;

  beforeAll(async () => {
    n = await notifyFixture(() => ({ checkEnvAllow: ["OPS_*"], checkEnv: { OPS_SECRET: SECRET }, notify: { channels: [] } }));
    fx = n.fx;
    const up = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runbooks", payload: { source: runbook(n.hook.url) } });
    expect(up.statusCode, up.body).toBe(201);
    // An admin vouches for the members the editor's text names (without it they would not act).
    await fx.approve(up.json<{ hash: string }>().hash);
    const run = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs", payload: { runbook: up.json<{ hash: string }>().hash, name: "Go-live", id: "hc", golive_at: fx.clock.now().toISOString() } });
    expect(run.statusCode, run.body).toBe(201);
  });
  afterAll(() => n.close());

  const post = (who: Caller, action: string, payload: Record<string, unknown> = {}) => fx.call(who, { method: "POST", url: `/api/runs/hc/hypercare/${action}`, payload });
  const received = async () => {
    await fx.ctx.notifier.deliver();
    return n.hook.requests.map((r) => JSON.parse(r.body) as Envelope);
  };

  it("sends hypercare.extend with the new end to the route that takes it, and nothing for a refused close", async () => {
    expect((await post(fx.callers.pat, "close")).statusCode).toBe(422);
    expect(await received()).toEqual([]);
    const ok = await post(fx.callers.pat, "extend", { extend_by: "2h", comment: "order backlog" });
    expect(ok.statusCode, ok.body).toBe(200);
    const got = await received();
    expect(got.map((e) => [e.type, e.subject])).toEqual([["hypercare.extend", "hypercare"]]);
    expect(got[0]).toMatchObject({
      run: { id: "hc" }, title: "pat extended hypercare by 2h (ends 2026-05-28T10:00:00.000Z)",
      data: { by: "pat", extend_by: "2h", comment: "order backlog", ends_at: "2026-05-28T10:00:00.000Z" },
    });
    expect(n.hook.requests[0]?.headers["x-golive-signature"]).toBeDefined();
    expect(n.hook.requests[0]?.body).not.toContain(SECRET);
  });

  it("sends hypercare.close once, when an owner closes it after its period", async () => {
    fx.clock.advance(3 * HOUR);
    fx.ctx.runs.invalidate("hc");
    const closed = await post(fx.callers.pat, "close", { comment: "stable" });
    expect(closed.statusCode, closed.body).toBe(200);
    const got = (await received()).filter((e) => e.type === "hypercare.close");
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ subject: "hypercare", title: "pat closed hypercare", data: { by: "pat", comment: "stable", extended_ms: 2 * HOUR } });
    expect((await post(fx.callers.pat, "close")).statusCode).toBe(422);
    expect((await received()).filter((e) => e.type === "hypercare.close")).toHaveLength(1);
  });
});
