import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NotificationsView } from "../../api/notifications.ts";
import { openPgliteStore } from "../../store/pglite.ts";
import type { Store } from "../../store/store.ts";
import { startHttpSink, type HttpSink } from "../../testing/http-sink.ts";
import { webhookChannel } from "../notify/webhook.ts";
import { apiFixture, type ApiFixture } from "../testing/fixture.ts";
import { testRunbook } from "../testing/runbook.ts";

// The notifications API: a run's channels without secrets, its delivery log with secrets cut
// out, and a test send (write access: the access table covers who).

const SERVER_SECRET = "server-signing-secret-0123456789";
const ROUTE_SECRET = "route-secret-abcdefghijklmnop";

describe("notifications API", () => {
  let store: Store;
  let fx: ApiFixture;
  let hook: HttpSink;

  beforeAll(async () => {
    hook = await startHttpSink();
    store = await openPgliteStore(undefined);
    fx = await apiFixture(store, {
      checkEnvAllow: ["OPS_*"],
      checkEnv: { OPS_SECRET: ROUTE_SECRET, GOLIVE_NOTIFY_SECRET: SERVER_SECRET },
      notify: { channels: [webhookChannel({ id: "server:webhook", url: hook.url, secret: SERVER_SECRET })] },
    });
    const source = `${testRunbook()}notify:\n  routes:\n    - { id: ops, webhook: "${hook.url}", secret: "\${env:OPS_SECRET}", events: [incident.*], test: true }\n`;
    const up = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runbooks", payload: { source } });
    expect(up.statusCode, up.body).toBe(201);
    const hash = up.json<{ hash: string }>().hash;
    expect((await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs", payload: { runbook: hash, name: "Prod", id: "prod" } })).statusCode).toBe(201);
    expect((await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs", payload: { runbook: hash, name: "Dress", id: "dress", kind: "rehearsal" } })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await fx.close();
    await store.close();
    await hook.close();
  });

  const view = async (run: string) => {
    const res = await fx.call(fx.callers.viewer, { method: "GET", url: `/api/runs/${run}/notifications` });
    expect(res.statusCode).toBe(200);
    return { body: res.body, v: res.json<NotificationsView>() };
  };

  it("lists the server's channels and the runbook's routes, without secrets", async () => {
    const { body, v } = await view("prod");
    expect(v.channels).toEqual([
      { id: "server:webhook", kind: "webhook", scope: "server", test: false, events: ["*"], severities: [], rate_per_minute: 30, active: true },
      { id: "runbook:api-test:ops", kind: "webhook", scope: "runbook", test: true, events: ["incident.*"], severities: [], rate_per_minute: 30, target: hook.url, active: true },
    ]);
    expect(body).not.toContain(SERVER_SECRET);
    expect(body).not.toContain(ROUTE_SECRET);
    expect((await view("dress")).v.channels.map((c) => [c.id, c.active])).toEqual([["server:webhook", false], ["runbook:api-test:ops", true]]);
  });

  it("sends a test to one channel and shows it in the delivery log with its attempts", async () => {
    hook.answer(503);
    const res = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs/prod/notifications/test", payload: { channel: "runbook:api-test:ops" } });
    expect(res.statusCode).toBe(202);
    const id = res.json<{ id: string }>().id;
    await fx.ctx.notifier.deliver();
    fx.clock.advance(5_000);
    await fx.ctx.notifier.deliver();
    await hook.waitFor(2);
    const d = (await view("prod")).v.deliveries.find((x) => x.id === id);
    expect(d).toMatchObject({ channel: "runbook:api-test:ops", event: "test", state: "sent", attempts: 2, title: "Test notification sent by editor" });
    expect(d?.log.map((a) => [a.attempt, a.ok, a.status, a.error])).toEqual([[1, false, 503, "HTTP 503"], [2, true, 200, null]]);
  });

  it("audits a test send (who, which channel, queued; then how it ended), never the channel's URL or secret", async () => {
    hook.answer(...Array<number>(8).fill(500));
    const res = await fx.call(fx.callers.admin, { method: "POST", url: "/api/runs/prod/notifications/test", payload: { channel: "server:webhook" } });
    expect(res.statusCode).toBe(202);
    const id = res.json<{ id: string }>().id;
    // 8 attempts with backoff: the send fails for good, and that ending is audited too.
    for (let i = 0; i < 8; i++) {
      await fx.ctx.notifier.deliver();
      fx.clock.advance(1_800_000);
    }
    const audit = await fx.call(fx.callers.viewer, { method: "GET", url: "/api/audit?run=prod" });
    expect(audit.statusCode).toBe(200);
    const events = audit.json<{ events: { actor: string; action: string; subject: string; after: Record<string, unknown> }[] }>().events.filter((e) => e.action.startsWith("notification.test"));
    const mine = events.filter((e) => e.after.delivery === id);
    expect(mine.map((e) => [e.action, e.actor, e.subject])).toEqual([
      ["notification.test", "admin", "channel:server:webhook"],
      ["notification.test_result", "golive:notify", "channel:server:webhook"],
    ]);
    expect(mine[0]?.after).toMatchObject({ channel: "server:webhook", kind: "webhook", outcome: "queued" });
    expect(mine[1]?.after).toMatchObject({ channel: "server:webhook", requested_by: "admin", outcome: "failed", status: 500, attempts: 8 });
    // The earlier send (503, then 200) ended as sent, by the editor.
    expect(events.filter((e) => e.action === "notification.test_result" && e.after.requested_by === "editor").map((e) => [e.after.outcome, e.after.status])).toContainEqual(["sent", 200]);
    for (const secret of [SERVER_SECRET, ROUTE_SECRET, hook.url]) expect(audit.body).not.toContain(secret);
  });

  it("cuts secrets out of recorded errors, even one a channel let through", async () => {
    const leak = `refused: key=${ROUTE_SECRET} server=${SERVER_SECRET}`;
    const row = { id: "ntf_leak", runId: "prod", channel: "runbook:api-test:ops", eventType: "test", dedupKey: "prod:leak", payload: { title: "leak" }, createdAt: fx.clock.now().toISOString(), nextAtMs: fx.clock.now().getTime() };
    await store.enqueue([row]);
    const [claimed] = await store.claimOutbox("t", fx.clock.now().getTime(), 60_000, 1);
    if (!claimed) throw new Error("nothing claimed");
    await store.finishDelivery(claimed, "t", { ok: false, error: leak, durationMs: 1, atMs: fx.clock.now().getTime() });
    const { body, v } = await view("prod");
    expect(body).not.toContain(ROUTE_SECRET);
    expect(body).not.toContain(SERVER_SECRET);
    expect(v.deliveries.find((x) => x.id === "ntf_leak")).toMatchObject({ state: "failed", last_error: "refused: key=*** server=***" });
  });

  it("refuses a test send to an unknown channel, and to a live channel from a rehearsal", async () => {
    const unknown = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs/prod/notifications/test", payload: { channel: "server:nope" } });
    expect(unknown.statusCode).toBe(422);
    const live = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs/dress/notifications/test", payload: { channel: "server:webhook" } });
    expect(live.statusCode).toBe(422);
    expect(live.json<{ error: { message: string } }>().error.message).toContain("test channels only");
    expect((await fx.call(fx.callers.viewer, { method: "POST", url: "/api/runs/prod/notifications/test", payload: { channel: "server:webhook" } })).statusCode).toBe(403);
  });
});
