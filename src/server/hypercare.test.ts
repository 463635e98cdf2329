import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, reasonsOf, useApiFixture, type Who } from "../testing/api-fixture.ts";

// Hypercare through the API: its clock in the status, the close and the extension as audited
// decisions, from an owner only, and the close refused while a real check fails (a loopback HTTP
// server), a threshold has not held long enough, an incident broke the rule or a sign-off is missing.

let target: Server;
let healthy = true;
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

const api = useApiFixture();

beforeAll(async () => {
  target = createServer((_req, res) => res.writeHead(healthy ? 200 : 503).end("ok"));
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  const addr = target.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  // An admin vouches for the members the editor's text names (without it they would not act).
  await api.startRun(runbook(`http://127.0.0.1:${port}/healthz`), { name: "Go-live", id: RUN, golive_at: api.fx.clock.now().toISOString() });
});
afterAll(async () => {
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
const status = () => api.status<{ version: number; status: { hypercare?: Hypercare } }>(RUN);
const hypercare = async () => (await status()).status.hypercare;
const post = (who: Who, url: string, payload: Record<string, unknown> = {}) => api.as(who).post(`/api/runs/${RUN}${url}`, payload);
const runCheck = () => post("editor", "/checks/run", { checks: ["api"] });
const later = (ms: number) => {
  api.fx.clock.advance(ms);
  api.fx.ctx.runs.invalidate(RUN);
};

describe("hypercare at the API", () => {
  it("shows the clock from the go-live moment and refuses an early close, naming why", async () => {
    expect(await runCheck()).toMatchObject({ statusCode: 200 });
    const h = await hypercare();
    expect(h).toMatchObject({ state: "running", startedAt: "2026-05-28T07:00:00.000Z", endsAt: "2026-05-28T09:00:00.000Z", remainingMs: 2 * HOUR, mayClose: false });
    const early = await post("pat", "/hypercare/close");
    expect(early.statusCode).toBe(422);
    expect(reasonsOf(early)).toEqual([
      "hypercare may close only after its period ends 09:00: the runbook allows no early exit",
      "check api green since 07:00: 0s of the 1h it must hold",
      "item ‘Critical flows work’ not_done: ‘Critical flows work’ is not done",
      "sign-off ‘Handover to support’ pending",
    ]);
  });

  it("lets only an owner close or extend, and an extension needs a reason", async () => {
    expect((await post("viewer", "/hypercare/extend", { extend_by: "1h", comment: "x" })).statusCode).toBe(403);
    const outsider = await post("quinn", "/hypercare/extend", { extend_by: "1h", comment: "backlog" });
    expect(reasonsOf(outsider)).toEqual(["quinn may not close or extend hypercare: it needs role 'po' (members: pat)"]);
    expect(reasonsOf(await post("pat", "/hypercare/extend", { extend_by: "1h" }))).toEqual(["an extension needs a duration (extend_by) and a reason (comment)"]);
    expect(errorOf(await post("pat", "/hypercare/extend", { extend_by: "soon", comment: "x" }))?.code).toBe("GOLIVE_E_VALIDATION");
    const ok = await post("pat", "/hypercare/extend", { extend_by: "1h", comment: "order backlog after the cutover" });
    expect(ok.statusCode).toBe(200);
    expect(await hypercare()).toMatchObject({ endsAt: "2026-05-28T10:00:00.000Z", extensions: [{ by: "pat", extendBy: "1h", comment: "order backlog after the cutover" }] });
  });

  it("refuses the close while the check fails, then until it has been green for green_for again", async () => {
    const v = (await status()).version;
    expect((await api.as("pat").put(`/api/runs/${RUN}/items/eod-flows`, { version: v, state: "done" })).statusCode).toBe(200);
    expect((await post("quinn", "/signoffs/handover", { version: (await status()).version })).statusCode).toBe(200);
    later(3 * HOUR);
    healthy = false;
    await runCheck();
    const failing = await post("pat", "/hypercare/close");
    expect(reasonsOf(failing)).toEqual(["check api is not green: check api failed 10:00: status (503) == 200"]);
    healthy = true;
    await runCheck();
    expect(reasonsOf(await post("pat", "/hypercare/close"))).toEqual(["check api green since 10:00: 0s of the 1h it must hold"]);
    later(HOUR);
    await runCheck();
    expect(await hypercare()).toMatchObject({ state: "ready", mayClose: true });
  });

  it("a P1 opened during hypercare fails its exit even once resolved", async () => {
    const opened = await post("editor", "/incidents", { title: "Orders stuck", severity: "P1" });
    expect(opened.statusCode).toBe(201);
    const id = opened.json<{ id: string }>().id;
    await post("editor", `/incidents/${id}/resolve`);
    const h = await hypercare();
    expect(h?.state).toBe("running");
    expect(h?.closeBlockers.map((b) => b.code)).toEqual(["hypercare.incident_opened"]);
  });
});

describe("closing hypercare", () => {
  it("is an audited decision by an owner, after which it stays closed", async () => {
    // A second run of the same runbook without the incident: the close goes through.
    const hash = (await api.as("viewer").get(`/api/runs/${RUN}`)).json<{ runbook: string }>().runbook;
    const golive = new Date(api.fx.clock.now().getTime() - 3 * HOUR).toISOString();
    expect((await api.as("editor").post("/api/runs", { runbook: hash, name: "Second", id: "second", golive_at: golive })).statusCode).toBe(201);
    const on = (url: string) => `/api/runs/second${url}`;
    const call = (who: Who, method: "post" | "put", url: string, payload: Record<string, unknown> = {}) => api.as(who)[method](on(url), payload);
    const version = async () => (await api.as("viewer").get(on("/status"))).json<{ version: number }>().version;
    await call("editor", "post", "/checks/run", { checks: ["api"] });
    later(HOUR);
    await call("editor", "post", "/checks/run", { checks: ["api"] });
    await call("pat", "put", "/items/eod-flows", { version: await version(), state: "done" });
    await call("quinn", "post", "/signoffs/handover", { version: await version() });
    const closed = await call("pat", "post", "/hypercare/close", { comment: "stable, handed over" });
    expect(closed.statusCode).toBe(200);
    const s = (await api.as("viewer").get(on("/status"))).json<{ status: { hypercare: Hypercare } }>().status.hypercare;
    expect(s).toMatchObject({ state: "closed", closedBy: "pat", mayClose: false });
    expect(s.criteria.every((c) => c.met)).toBe(true);
    const events = (await api.as("viewer").get("/api/audit?run=second")).json<{ events: { action: string; actor: string }[] }>().events;
    expect(events.filter((e) => e.action === "hypercare.close").map((e) => e.actor)).toEqual(["pat"]);
    expect(reasonsOf(await call("pat", "post", "/hypercare/close"))).toEqual([expect.stringMatching(/^hypercare was closed by pat /)]);
  });
});
