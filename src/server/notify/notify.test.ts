import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../store/pglite.ts";
import type { Store } from "../../store/store.ts";
import { startHttpSink, type HttpSink } from "../../testing/http-sink.ts";
import { amPayload } from "../testing/alertmanager-payload.ts";
import { apiFixture, type ApiFixture } from "../testing/fixture.ts";
import type { Envelope } from "./envelope.ts";
import { verifySignature } from "./sign.ts";
import { slackChannel } from "./slack.ts";
import { webhookChannel } from "./webhook.ts";

// Notifications end to end through the API: a fact's events are queued with it, delivered to a
// real HTTP receiver on loopback, signed, retried with backoff, and logged.

const SECRET = "a-test-signing-secret-0123456789";

describe("notifications", () => {
  let store: Store;
  let fx: ApiFixture;
  let hook: HttpSink;
  let slack: HttpSink;

  beforeAll(async () => {
    hook = await startHttpSink();
    slack = await startHttpSink();
    store = await openPgliteStore(undefined);
    fx = await apiFixture(store, {
      notify: { channels: [webhookChannel({ id: "server:webhook", url: hook.url, secret: SECRET }), slackChannel({ id: "server:slack", url: slack.url })], publicUrl: "https://golive.example" },
    });
  });
  afterAll(async () => {
    await fx.close();
    await store.close();
    await hook.close();
    await slack.close();
  });

  const deliver = () => fx.ctx.notifier.deliver();
  const bodies = (sink: HttpSink) => sink.requests.map((r) => JSON.parse(r.body) as Envelope & { blocks?: unknown[] });

  it("delivers a signed JSON event naming the incident an Alertmanager alert opened", async () => {
    const res = await fx.call(fx.callers.writeToken, { method: "POST", url: `/api/runs/${fx.runId}/alerts`, payload: amPayload("g1", "firing", [{ name: "CheckoutErrors", fingerprint: "a1", severity: "critical" }]) });
    const incident = res.json<{ incident: string }>().incident;
    await deliver();
    const [req] = await hook.waitFor(1);
    const nowS = Math.floor(fx.clock.now().getTime() / 1000);
    expect(verifySignature(SECRET, req?.headers["x-golive-signature"] as string, req?.body ?? "", nowS)).toBe(true);
    expect(verifySignature("another-secret-another-secret", req?.headers["x-golive-signature"] as string, req?.body ?? "", nowS)).toBe(false);
    expect(verifySignature(SECRET, req?.headers["x-golive-signature"] as string, `${req?.body ?? ""} `, nowS)).toBe(false);
    expect(verifySignature(SECRET, req?.headers["x-golive-signature"] as string, req?.body ?? "", nowS + 3600)).toBe(false);
    const events = bodies(hook);
    const opened = events.find((e) => e.type === "incident.opened");
    expect(opened).toMatchObject({ version: 1, subject: `incident:${incident}`, severity: "P1", run: { id: fx.runId, kind: "live", url: `https://golive.example/runs/${fx.runId}` }, data: { incident, title: "Checkout error rate above 5%" } });
    expect(req?.headers["x-golive-delivery"]).toBe(opened?.id);
    expect(req?.headers["content-type"]).toBe("application/json");
    // The open P1 incident also flips nothing else here: the run was no-go before and after.
    expect(events.map((e) => e.type)).toEqual(["incident.opened"]);
  });

  it("sends Slack a Block Kit message with a button to the run", () => {
    const [msg] = bodies(slack);
    expect(msg).toMatchObject({ text: expect.stringContaining("opened") as string });
    const blocks = msg?.blocks as { type: string; text?: { type: string; text: string }; elements?: { type: string; url?: string }[]; fields?: unknown[] }[];
    expect(blocks.map((b) => b.type)).toEqual(["header", "section", "actions", "context"]);
    expect(blocks[0]?.text?.type).toBe("plain_text");
    expect(blocks[2]?.elements?.[0]).toMatchObject({ type: "button", url: `https://golive.example/runs/${fx.runId}` });
  });

  it("queues nothing for a repeat, and once per channel for each change", async () => {
    await fx.call(fx.callers.writeToken, { method: "POST", url: `/api/runs/${fx.runId}/alerts`, payload: amPayload("g1", "firing", [{ name: "CheckoutErrors", fingerprint: "a1", severity: "critical" }]) });
    await deliver();
    expect(hook.requests).toHaveLength(1);
    await fx.call(fx.callers.writeToken, { method: "POST", url: `/api/runs/${fx.runId}/alerts`, payload: amPayload("g1", "resolved", [{ name: "CheckoutErrors", fingerprint: "a1" }]) });
    await deliver();
    expect(bodies(hook).map((e) => e.type)).toEqual(["incident.opened", "incident.resolved"]);
    const outbox = await store.listOutbox({ runId: fx.runId });
    expect(outbox.filter((r) => r.channel === "server:webhook").every((r) => r.state === "sent")).toBe(true);
    expect(new Set(outbox.map((r) => r.id)).size).toBe(outbox.length);
  });

  it("derives gate and verdict events from state transitions, not from every write", async () => {
    const before = hook.requests.length;
    const version = async () => (await fx.call(fx.callers.editor, { method: "GET", url: `/api/runs/${fx.runId}` })).json<{ version: number }>().version;
    const backup = await fx.call(fx.callers.dev, { method: "PUT", url: `/api/runs/${fx.runId}/items/backup`, payload: { version: await version(), state: "done", evidence: [{ kind: "text", value: "snapshot 42" }] } });
    expect(backup.statusCode).toBe(200);
    await deliver();
    expect(hook.requests.length).toBe(before);
    const smoke = await fx.call(fx.callers.quinn, { method: "PUT", url: `/api/runs/${fx.runId}/items/smoke`, payload: { version: await version(), state: "done" } });
    expect(smoke.statusCode).toBe(200);
    await deliver();
    const types = bodies(hook).slice(before).map((e) => e.type);
    expect(types).toContain("gate.passed");
    expect(types).toContain("signoff.requested");
    const req = bodies(hook).slice(before).find((e) => e.type === "signoff.requested" && e.subject === "signoff:qa-ok");
    expect(req?.to?.sort()).toEqual(["pat", "quinn"]);
  });

  it("retries a failed delivery with backoff and logs every attempt", async () => {
    hook.answer(503, 500);
    const before = hook.requests.length;
    await fx.call(fx.callers.writeToken, { method: "POST", url: `/api/runs/${fx.runId}/incidents`, payload: { title: "Slow search", severity: "P2" } });
    await deliver();
    expect(hook.requests.length).toBe(before + 1);
    const row = (await store.listOutbox({ runId: fx.runId })).find((r) => r.channel === "server:webhook" && r.eventType === "incident.opened" && (r.payload as Envelope).data.title === "Slow search");
    expect(row).toMatchObject({ state: "retrying", attempts: 1, lastError: "HTTP 503" });
    await deliver();
    expect(hook.requests.length).toBe(before + 1);
    fx.clock.advance(5_000);
    await deliver();
    fx.clock.advance(30_000);
    await deliver();
    expect(hook.requests.length).toBe(before + 3);
    const ids = hook.requests.slice(before).map((r) => r.headers["x-golive-delivery"]);
    expect(new Set(ids).size).toBe(1);
    const log = await store.listDeliveries([row?.id ?? ""]);
    expect(log.map((d) => [d.attempt, d.ok, d.status])).toEqual([[1, false, 503], [2, false, 500], [3, true, 200]]);
  });

  it("sends nothing of a rehearsal run to channels that are not test channels", async () => {
    const made = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs", payload: { runbook: fx.runbookHash, name: "dress rehearsal", id: "dress", kind: "rehearsal" } });
    expect(made.statusCode).toBe(201);
    const before = hook.requests.length + slack.requests.length;
    const res = await fx.call(fx.callers.writeToken, { method: "POST", url: "/api/runs/dress/alerts", payload: amPayload("g-r", "firing", [{ name: "X", fingerprint: "r1", severity: "critical" }]) });
    expect(res.json()).toMatchObject({ action: "opened" });
    await deliver();
    expect(hook.requests.length + slack.requests.length).toBe(before);
    expect(await store.listOutbox({ runId: "dress" })).toEqual([]);
  });

  it("gives up at once on an answer retrying cannot fix", async () => {
    hook.answer(401);
    await fx.call(fx.callers.writeToken, { method: "POST", url: `/api/runs/${fx.runId}/incidents`, payload: { title: "Refused", severity: "P2" } });
    await deliver();
    const row = (await store.listOutbox({ runId: fx.runId })).find((r) => r.channel === "server:webhook" && (r.payload as Envelope).data.title === "Refused");
    expect(row).toMatchObject({ state: "failed", attempts: 1, lastError: "HTTP 401" });
  });
});
