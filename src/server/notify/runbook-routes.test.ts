import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../store/pglite.ts";
import type { Store } from "../../store/store.ts";
import { startHttpSink, type HttpSink } from "../../testing/http-sink.ts";
import { apiFixture, type ApiFixture } from "../testing/fixture.ts";
import { testRunbook } from "../testing/runbook.ts";
import type { Envelope } from "./envelope.ts";
import { verifySignature } from "./sign.ts";

// A runbook's own `notify:` routes: secrets through `${env:…}` under the checks' allowlist (a
// variable the operator does not expose is a located 422 at upload), filters by event and
// severity, a rehearsal sending only to test channels, and a rate limit per channel.

const HOOK_SECRET = "route-signing-secret-0123456789";

const routes = (hook: string) => `notify:
  routes:
    - id: ops-hook
      webhook: "${hook}"
      secret: "\${env:OPS_HOOK_SECRET}"
      events: [incident.*]
      severities: [P1]
      rate_per_minute: 2
    - id: qa-slack
      slack: "\${env:OPS_SLACK_URL}"
      events: [gate.*, signoff.requested]
      test: true
`;

describe("runbook notification routes", () => {
  let store: Store;
  let fx: ApiFixture;
  let hook: HttpSink;
  let slack: HttpSink;
  let hash: string;

  beforeAll(async () => {
    hook = await startHttpSink();
    slack = await startHttpSink();
    store = await openPgliteStore(undefined);
    fx = await apiFixture(store, {
      checkEnvAllow: ["OPS_*"],
      checkEnv: { OPS_HOOK_SECRET: HOOK_SECRET, OPS_SLACK_URL: slack.url, PRIVATE_KEY: "not-for-runbooks", GOLIVE_NOTIFY_SECRET: "the-servers-own-secret" },
      notify: { channels: [], publicUrl: "https://golive.example" },
    });
    const up = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runbooks", payload: { source: testRunbook() + routes(hook.url) } });
    expect(up.statusCode, up.body).toBe(201);
    hash = up.json<{ hash: string }>().hash;
    // An admin vouches for the members the editor's text names (without it they would not act).
    await fx.approve(hash);
    expect((await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs", payload: { runbook: hash, name: "Production", id: "prod" } })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await fx.close();
    await store.close();
    await hook.close();
    await slack.close();
  });

  const deliver = () => fx.ctx.notifier.deliver();
  const incident = (run: string, title: string, severity: string) => fx.call(fx.callers.writeToken, { method: "POST", url: `/api/runs/${run}/incidents`, payload: { title, severity } });
  const bodies = (sink: HttpSink) => sink.requests.map((r) => JSON.parse(r.body) as Envelope);

  it("refuses at upload, located, a route that reads a variable the operator does not expose", async () => {
    const source = testRunbook() + routes(hook.url).replace("OPS_HOOK_SECRET", "PRIVATE_KEY").replace("OPS_SLACK_URL", "GOLIVE_NOTIFY_SECRET");
    const res = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runbooks", payload: { source, file: "pilot.yaml" } });
    expect(res.statusCode).toBe(422);
    const diags = res.json<{ error: { details: { diagnostics: { file: string; line: number; path: string; message: string }[] } } }>().error.details.diagnostics;
    const lines = source.split("\n");
    const secretLine = lines.findIndex((l) => l.includes("PRIVATE_KEY")) + 1;
    const slackLine = lines.findIndex((l) => l.includes("GOLIVE_NOTIFY_SECRET")) + 1;
    expect(diags.map((d) => [d.file, d.line, d.path, d.message.includes("is not exposed")])).toEqual([
      ["pilot.yaml", secretLine, "notify.routes[0].secret", true],
      ["pilot.yaml", slackLine, "notify.routes[1].slack", true],
    ]);
    expect(res.body).not.toContain("not-for-runbooks");
    expect(res.body).not.toContain("the-servers-own-secret");
  });

  it("refuses secrets written in the runbook and unknown events or severities, all at once", async () => {
    const source = `${testRunbook()}notify:
  routes:
    - { id: a, slack: "https://hooks.slack.example/T0/B0/xyz" }
    - { id: b, webhook: "https://hooks.example/x", secret: "written-in-the-file-0123" }
    - { id: c, email: [ops@example.com, not-an-address], events: [incident.opend], severities: [P9] }
`;
    const res = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runbooks", payload: { source } });
    expect(res.statusCode).toBe(422);
    const messages = res.json<{ error: { details: { diagnostics: { message: string }[] } } }>().error.details.diagnostics.map((d) => d.message);
    expect(messages).toEqual(expect.arrayContaining([
      expect.stringContaining("Slack incoming webhook URL is a secret"),
      expect.stringContaining("signing secret written in the runbook"),
      expect.stringContaining("'not-an-address' is not an e-mail address"),
      expect.stringContaining("unknown event 'incident.opend'; did you mean 'incident.opened'?"),
      expect.stringContaining("unknown severity 'P9'"),
    ]));
  });

  it("sends an incident of a listed severity to the route, signed with the secret from the environment", async () => {
    await incident("prod", "Slow reports", "P2");
    await incident("prod", "Checkout down", "P1");
    await deliver();
    const [req] = await hook.waitFor(1);
    expect(hook.requests).toHaveLength(1);
    expect(bodies(hook)[0]).toMatchObject({ type: "incident.opened", severity: "P1", data: { title: "Checkout down" }, run: { id: "prod", kind: "live" } });
    expect(verifySignature(HOOK_SECRET, req?.headers["x-golive-signature"] as string, req?.body ?? "", Math.floor(fx.clock.now().getTime() / 1000))).toBe(true);
    const rows = await store.listOutbox({ runId: "prod" });
    expect(rows.map((r) => r.channel)).toEqual(["runbook:api-test:ops-hook"]);
    expect(JSON.stringify(rows)).not.toContain(HOOK_SECRET);
  });

  it("holds deliveries beyond the route's rate limit until the next minute", async () => {
    for (const t of ["B", "C", "D"]) await incident("prod", `Outage ${t}`, "P1");
    await deliver();
    // One delivery this minute already: one more goes (rows due at the same moment go in any order), two wait.
    expect(hook.requests).toHaveLength(2);
    const waiting = (await store.listOutbox({ runId: "prod" })).filter((r) => r.state === "pending");
    expect(waiting).toHaveLength(2);
    expect([...bodies(hook), ...waiting.map((r) => r.payload as Envelope)].map((e) => e.data.title).sort()).toEqual(["Checkout down", "Outage B", "Outage C", "Outage D"]);
    expect(waiting.every((r) => r.attempts === 0 && r.nextAtMs === fx.clock.now().getTime() + 60_000)).toBe(true);
    fx.clock.advance(60_000);
    await deliver();
    expect(bodies(hook).map((e) => e.data.title).sort()).toEqual(["Checkout down", "Outage B", "Outage C", "Outage D"]);
    expect((await store.listOutbox({ runId: "prod" })).filter((r) => r.channel === "runbook:api-test:ops-hook").every((r) => r.state === "sent")).toBe(true);
  });

  it("queues an event once per channel however often it is seen", async () => {
    const ctx = await fx.ctx.runs.context("prod");
    const event = { type: "incident.opened" as const, version: 1 as const, subject: "incident:x", severity: "P1", title: "x", data: { title: "x" }, key: "incident.opened:x" };
    const rows = fx.ctx.notifier.rows(ctx, [event], fx.clock.now());
    expect(rows.map((r) => r.channel)).toEqual(["runbook:api-test:ops-hook"]);
    expect(await store.enqueue(rows)).toBe(1);
    expect(await store.enqueue(fx.ctx.notifier.rows(ctx, [event], fx.clock.now()))).toBe(0);
  });

  it("sends a rehearsal's events to its test channels only", async () => {
    expect((await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs", payload: { runbook: hash, name: "Dress rehearsal", id: "dress", kind: "rehearsal" } })).statusCode).toBe(201);
    const before = hook.requests.length;
    await incident("dress", "Rehearsed outage", "P1");
    const version = async () => (await fx.call(fx.callers.editor, { method: "GET", url: "/api/runs/dress" })).json<{ version: number }>().version;
    expect((await fx.call(fx.callers.dev, { method: "PUT", url: "/api/runs/dress/items/backup", payload: { version: await version(), state: "done", evidence: [{ kind: "text", value: "snap" }] } })).statusCode).toBe(200);
    expect((await fx.call(fx.callers.quinn, { method: "PUT", url: "/api/runs/dress/items/smoke", payload: { version: await version(), state: "done" } })).statusCode).toBe(200);
    await deliver();
    expect(hook.requests.length).toBe(before);
    await slack.waitFor(1);
    const types = slack.requests.map((r) => (JSON.parse(r.body) as { text: string }).text);
    expect(types.some((t) => t.startsWith("Gate ready passed"))).toBe(true);
    expect((await store.listOutbox({ runId: "dress" })).every((r) => r.channel === "runbook:api-test:qa-slack")).toBe(true);
  });
});
