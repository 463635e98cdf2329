import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../store/pglite.ts";
import type { Store } from "../store/store.ts";
import { apiFixture, type ApiFixture, type Caller } from "./testing/fixture.ts";

// Hypercare through the API: its clock in the status, the close and the extension as audited
// decisions, from an owner only, and the close refused while a real check fails (a loopback HTTP
// server), a threshold has not held long enough, an incident broke the rule or a sign-off is missing.

let target: Server;
let healthy = true;
let store: Store;
let fx: ApiFixture;
const RUN = "golive";
const HOUR = 3_600_000;

const runbook = (url: string) => `golive: 1
meta: { id: hc-api, title: Hypercare API, timezone: UTC }
roles:
  - { id: po, title: PO, members: [pat] }
  - { id: qa, title: QA, members: [quinn] }
checks:
  - { id: api, kind: http, config: { url: "${url}" }, conditions: ["status == 200"] }
sections:
  - { id: eod, title: End of day 1, items: [{ id: eod-flows, title: Critical flows work, owner: po }] }
incidents:
  severities: [{ id: P1, title: P1 }, { id: P3, title: P3 }]
signoffs:
  - { id: handover, title: Handover to support, role: qa }
hypercare:
  duration: 2h
  owners: po
  exit: { green_for: 1h, checks: [api], items: [eod-flows], incidents: { none_opened: [P1] }, signoffs: [handover] }
`;

beforeAll(async () => {
  target = createServer((_req, res) => res.writeHead(healthy ? 200 : 503).end("ok"));
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  const addr = target.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  store = await openPgliteStore(undefined);
  fx = await apiFixture(store);
  const up = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runbooks", payload: { source: runbook(`http://127.0.0.1:${port}/healthz`) } });
  expect(up.statusCode).toBe(201);
  // An admin vouches for the members the editor's text names (without it they would not act).
  await fx.approve(up.json<{ hash: string }>().hash);
  const run = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs", payload: { runbook: up.json<{ hash: string }>().hash, name: "Go-live", id: RUN, golive_at: fx.clock.now().toISOString() } });
  expect(run.statusCode).toBe(201);
});
afterAll(async () => {
  await fx.close();
  await store.close();
  await new Promise((resolve) => target.close(resolve));
});

interface Hypercare {
  state: string;
  startedAt?: string;
  endsAt?: string;
  remainingMs?: number;
  mayClose: boolean;
  closedBy?: string;
  criteria: { kind: string; id: string; met: boolean }[];
  closeBlockers: { code: string; text: string }[];
  extensions: { by: string; extendBy: string; comment?: string }[];
}
const status = async () => (await fx.call(fx.callers.viewer, { method: "GET", url: `/api/runs/${RUN}/status` })).json<{ version: number; status: { hypercare?: Hypercare } }>();
const hypercare = async () => (await status()).status.hypercare;
const post = (who: Caller, url: string, payload: Record<string, unknown> = {}) => fx.call(who, { method: "POST", url: `/api/runs/${RUN}${url}`, payload });
const refusal = (res: { json: <T>() => T }) => res.json<{ error: { code: string; details?: { reasons: { text: string }[] } } }>().error;
const runCheck = () => post(fx.callers.editor, "/checks/run", { checks: ["api"] });
const later = (ms: number) => {
  fx.clock.advance(ms);
  fx.ctx.runs.invalidate(RUN);
};

describe("hypercare at the API", () => {
  it("shows the clock from the go-live moment and refuses an early close, naming why", async () => {
    expect(await runCheck()).toMatchObject({ statusCode: 200 });
    const h = await hypercare();
    expect(h).toMatchObject({ state: "running", startedAt: "2026-05-28T07:00:00.000Z", endsAt: "2026-05-28T09:00:00.000Z", remainingMs: 2 * HOUR, mayClose: false });
    const early = await post(fx.callers.pat, "/hypercare/close");
    expect(early.statusCode).toBe(422);
    expect(refusal(early).details?.reasons.map((r) => r.text)).toEqual([
      "hypercare may close only after its period ends 09:00: the runbook allows no early exit",
      "check api green since 07:00: 0s of the 1h it must hold",
      "item ‘Critical flows work’ not_done: ‘Critical flows work’ is not done",
      "sign-off ‘Handover to support’ pending",
    ]);
  });

  it("lets only an owner close or extend, and an extension needs a reason", async () => {
    expect((await post(fx.callers.viewer, "/hypercare/extend", { extend_by: "1h", comment: "x" })).statusCode).toBe(403);
    const outsider = await post(fx.callers.quinn, "/hypercare/extend", { extend_by: "1h", comment: "backlog" });
    expect(refusal(outsider).details?.reasons.map((r) => r.text)).toEqual(["quinn may not close or extend hypercare: it needs role 'po' (members: pat)"]);
    expect(refusal(await post(fx.callers.pat, "/hypercare/extend", { extend_by: "1h" })).details?.reasons.map((r) => r.text)).toEqual(["an extension needs a duration (extend_by) and a reason (comment)"]);
    expect(refusal(await post(fx.callers.pat, "/hypercare/extend", { extend_by: "soon", comment: "x" })).code).toBe("GOLIVE_E_VALIDATION");
    const ok = await post(fx.callers.pat, "/hypercare/extend", { extend_by: "1h", comment: "order backlog after the cutover" });
    expect(ok.statusCode).toBe(200);
    expect(await hypercare()).toMatchObject({ endsAt: "2026-05-28T10:00:00.000Z", extensions: [{ by: "pat", extendBy: "1h", comment: "order backlog after the cutover" }] });
  });

  it("refuses the close while the check fails, then until it has been green for green_for again", async () => {
    const v = (await status()).version;
    expect((await fx.call(fx.callers.pat, { method: "PUT", url: `/api/runs/${RUN}/items/eod-flows`, payload: { version: v, state: "done" } })).statusCode).toBe(200);
    expect((await post(fx.callers.quinn, "/signoffs/handover", { version: (await status()).version })).statusCode).toBe(200);
    later(3 * HOUR);
    healthy = false;
    await runCheck();
    const failing = await post(fx.callers.pat, "/hypercare/close");
    expect(refusal(failing).details?.reasons.map((r) => r.text)).toEqual(["check api is not green: check api failed 10:00: status (503) == 200"]);
    healthy = true;
    await runCheck();
    expect(refusal(await post(fx.callers.pat, "/hypercare/close")).details?.reasons.map((r) => r.text)).toEqual(["check api green since 10:00: 0s of the 1h it must hold"]);
    later(HOUR);
    await runCheck();
    expect(await hypercare()).toMatchObject({ state: "ready", mayClose: true });
  });

  it("a P1 opened during hypercare fails its exit even once resolved", async () => {
    const opened = await post(fx.callers.editor, "/incidents", { title: "Orders stuck", severity: "P1" });
    expect(opened.statusCode).toBe(201);
    const id = opened.json<{ id: string }>().id;
    await post(fx.callers.editor, `/incidents/${id}/resolve`);
    const h = await hypercare();
    expect(h?.state).toBe("running");
    expect(h?.closeBlockers.map((b) => b.code)).toEqual(["hypercare.incident_opened"]);
  });
});

describe("closing hypercare", () => {
  it("is an audited decision by an owner, after which it stays closed", async () => {
    // A second run of the same runbook without the incident: the close goes through.
    const hash = (await fx.call(fx.callers.viewer, { method: "GET", url: `/api/runs/${RUN}` })).json<{ runbook: string }>().runbook;
    const golive = new Date(fx.clock.now().getTime() - 3 * HOUR).toISOString();
    expect((await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs", payload: { runbook: hash, name: "Second", id: "second", golive_at: golive } })).statusCode).toBe(201);
    const on = (url: string) => `/api/runs/second${url}`;
    const call = (who: Caller, method: "POST" | "PUT", url: string, payload: Record<string, unknown> = {}) => fx.call(who, { method, url: on(url), payload });
    const version = async () => (await fx.call(fx.callers.viewer, { method: "GET", url: on("/status") })).json<{ version: number }>().version;
    await call(fx.callers.editor, "POST", "/checks/run", { checks: ["api"] });
    later(HOUR);
    await call(fx.callers.editor, "POST", "/checks/run", { checks: ["api"] });
    await call(fx.callers.pat, "PUT", "/items/eod-flows", { version: await version(), state: "done" });
    await call(fx.callers.quinn, "POST", "/signoffs/handover", { version: await version() });
    const closed = await call(fx.callers.pat, "POST", "/hypercare/close", { comment: "stable, handed over" });
    expect(closed.statusCode).toBe(200);
    const s = (await fx.call(fx.callers.viewer, { method: "GET", url: on("/status") })).json<{ status: { hypercare: Hypercare } }>().status.hypercare;
    expect(s).toMatchObject({ state: "closed", closedBy: "pat", mayClose: false });
    expect(s.criteria.every((c) => c.met)).toBe(true);
    const events = (await fx.call(fx.callers.viewer, { method: "GET", url: "/api/audit?run=second" })).json<{ events: { action: string; actor: string }[] }>().events;
    expect(events.filter((e) => e.action === "hypercare.close").map((e) => e.actor)).toEqual(["pat"]);
    expect(refusal(await call(fx.callers.pat, "POST", "/hypercare/close")).details?.reasons.map((r) => r.text)).toEqual([expect.stringMatching(/^hypercare was closed by pat /)]);
  });
});
