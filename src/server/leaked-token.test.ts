import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../store/pglite.ts";
import type { Store } from "../store/store.ts";
import { verifyStoreAudit } from "../store/verify.ts";
import { httpCall, type HttpAnswer } from "./testing/http.ts";
import { apiFixture, type ApiFixture, type Caller } from "./testing/fixture.ts";

// A leaked CI token, over real HTTP against a listening server: an admin's token, and the tokens
// of the very people who may sign, waive and decide, try every act that is a person's. None goes
// through, nothing changes, each attempt is on the audit record; what a pipeline does still works.

let store: Store;
let fx: ApiFixture;
let base: string;
/** API tokens by owner and scope: `admin-write`, `pat-write` (pat is the PO), … */
const tokens: Record<string, Caller> = {};

interface Answer {
  version: number;
  state_hash: string;
  role: string;
  approved_by?: string;
  error: { code: string; message: string; details?: { requires?: string } };
  events: { action: string; actor: string; subject: string; after: Record<string, unknown> }[];
  facts: { signoffs: unknown[]; waivers: unknown[]; checkpoints: unknown[]; attestations: unknown[]; hypercare: unknown[]; assignment_changes: unknown[] };
}

function http(caller: Caller, method: string, path: string, body?: unknown): Promise<HttpAnswer<Answer>> {
  return httpCall<Answer>(base, caller, method, path, body);
}
const version = async (run: string) => (await http(fx.callers.viewer, "GET", `/api/runs/${run}/status`)).json.version;

beforeAll(async () => {
  store = await openPgliteStore(undefined);
  fx = await apiFixture(store);
  base = await fx.app.listen({ host: "127.0.0.1", port: 0 });
  for (const owner of ["admin", "pat", "quinn", "dev"] as const) {
    for (const scope of ["read", "write"] as const) {
      const t = await http(fx.callers[owner], "POST", "/api/tokens", { name: `${owner}-ci-${scope}`, scope });
      expect(t.status, t.text).toBe(201);
      tokens[`${owner}-${scope}`] = { name: `${owner}'s ${scope} token`, headers: { authorization: `Bearer ${(t.json as unknown as { token: string }).token}` } };
    }
  }
  // Run "prod" with its gate ready, so a sign-off is the PO's to give.
  expect((await http(fx.callers.editor, "POST", "/api/runs", { runbook: fx.runbookHash, name: "prod", id: "prod" })).status).toBe(201);
  const file = await http(fx.callers.dev, "POST", "/api/files", { name: "b.txt", content_base64: Buffer.from("ok").toString("base64") });
  const sha = (file.json as unknown as { sha256: string }).sha256;
  expect((await http(fx.callers.dev, "PUT", "/api/runs/prod/items/backup", { version: await version("prod"), state: "done", evidence: [{ kind: "file", value: "b.txt", sha256: sha }] })).status).toBe(200);
  expect((await http(fx.callers.quinn, "PUT", "/api/runs/prod/items/smoke", { version: await version("prod"), state: "done" })).status).toBe(200);
});

afterAll(async () => {
  await fx.close();
  await store.close();
});

/** Every token there is, the admin's first, and the other callers without the right. */
const everyToken = () => Object.values(tokens).concat([fx.callers.readToken, fx.callers.writeToken]);

async function refusedToTokens(method: string, path: string, body: () => unknown): Promise<void> {
  for (const who of everyToken()) {
    const r = await http(who, method, path, await body());
    expect({ who: who.name, path, status: r.status, code: r.json.error.code, requires: r.json.error.details?.requires }).toEqual({ who: who.name, path, status: 403, code: "GOLIVE_E_TOKEN_SCOPE", requires: "session" });
    expect(r.json.error.message).toMatch(/is an act of a person: API tokens cannot do it.*Sign in/);
  }
  for (const who of [fx.callers.viewer, fx.callers.anonymous]) {
    const r = await http(who, method, path, await body());
    expect([401, 403], `${who.name} ${method} ${path}: ${r.text}`).toContain(r.status);
  }
}

describe("a leaked admin token cannot take the server over", () => {
  it("creates no account, changes no role, lists no accounts, mints no token", async () => {
    await refusedToTokens("POST", "/api/users", () => ({ name: "mallory", password: "a long enough password", role: "admin" }));
    await refusedToTokens("PATCH", "/api/users/viewer", () => ({ role: "admin" }));
    await refusedToTokens("PATCH", "/api/users/admin", () => ({ password: "taken over by a token" }));
    await refusedToTokens("GET", "/api/users", () => undefined);
    await refusedToTokens("POST", "/api/tokens", () => ({ name: "more", scope: "write" }));
    expect(await store.getUser("mallory")).toBeUndefined();
    expect((await store.getUser("viewer"))?.role).toBe("viewer");
    // The same acts by the admin, signed in, go through: the refusal is the token's, not the act's.
    expect((await http(fx.callers.admin, "POST", "/api/users", { name: "newcomer", password: "a long enough password", role: "viewer" })).status).toBe(201);
    expect((await http(fx.callers.admin, "PATCH", "/api/users/newcomer", { role: "editor" })).json.role).toBe("editor");
  });
});

describe("a token signs nothing, waives nothing, decides nothing, even its own person's", () => {
  const expires = () => new Date(fx.clock.now().getTime() + 3_600_000).toISOString();

  it("sign-offs, waivers, checkpoint and hypercare decisions and attestations: refused to every token, nothing recorded", async () => {
    const before = await version("prod");
    await refusedToTokens("POST", "/api/runs/prod/signoffs/po-ok", async () => ({ version: await version("prod") }));
    await refusedToTokens("POST", "/api/runs/prod/waivers", () => ({ policy: "wp", target: "ready", expires: expires(), reason: "pipeline says so" }));
    await refusedToTokens("POST", "/api/runs/prod/checkpoints/cp1", () => ({ decision: "go" }));
    await refusedToTokens("POST", "/api/runs/prod/hypercare/close", () => ({}));
    await refusedToTokens("POST", "/api/runs/prod/attestations/w1-survey", () => ({ value: 5, evidence: [] }));
    expect(await version("prod")).toBe(before);
    const facts = (await http(fx.callers.viewer, "GET", "/api/runs/prod")).json.facts;
    expect([facts.signoffs, facts.waivers, facts.checkpoints, facts.attestations]).toEqual([[], [], [], []]);
  });

  it("a pipeline may open an incident (it holds GO back); only a person says it is over", async () => {
    const opened = await http(fx.callers.writeToken, "POST", "/api/runs/prod/incidents", { title: "Orders lost", severity: "P1" });
    expect(opened.status, opened.text).toBe(201);
    const open = await http(fx.callers.viewer, "GET", "/api/runs/prod");
    const incident = (open.json.facts as unknown as { incidents: { id: string }[] }).incidents[0]?.id ?? "";
    await refusedToTokens("POST", `/api/runs/prod/incidents/${incident}/resolve`, () => ({}));
    // Nor by a detour: a milder severity that no longer holds GO back is the same call.
    for (const who of everyToken()) {
      const r = await http(who, "POST", `/api/runs/prod/incidents/${incident}/updates`, { text: "not that bad", severity: "P2" });
      expect({ who: who.name, status: r.status }).toEqual({ who: who.name, status: 403 });
      if (who.name.includes("write")) expect([who.name, r.json.error.code]).toEqual([who.name, "GOLIVE_E_TOKEN_SCOPE"]);
    }
    expect(await version("prod")).toBe(open.json.version);
    const held = (await http(fx.callers.viewer, "GET", "/api/runs/prod/status")).json as unknown as { status: { incidents: { id: string; severity: string; blocksGo: boolean }[] } };
    expect(held.status.incidents.find((i) => i.id === incident)).toMatchObject({ severity: "P1", blocksGo: true });
    // What a pipeline tells stays open to it: an update, or the same severity.
    expect((await http(fx.callers.writeToken, "POST", `/api/runs/prod/incidents/${incident}/updates`, { text: "rollback started", severity: "P1" })).status).toBe(200);
    expect((await http(fx.callers.dev, "POST", `/api/runs/prod/incidents/${incident}/resolve`, {})).status).toBe(200);
  });

  it("the same person, signed in, signs and waives", async () => {
    const seen = await http(fx.callers.viewer, "GET", "/api/runs/prod/status");
    const signed = await http(fx.callers.pat, "POST", "/api/runs/prod/signoffs/po-ok", { version: seen.json.version });
    expect(signed.status, signed.text).toBe(200);
    const waived = await http(fx.callers.pat, "POST", "/api/runs/prod/waivers", { policy: "wp", target: "ready", expires: expires(), reason: "accepted risk, reviewed" });
    expect(waived.status, waived.text).toBe(201);
  });
});

describe("roles in a run are given by people", () => {
  it("a token assigns no role, on a new run or an existing one; it may still create a run", async () => {
    const admin = tokens["admin-write"] as Caller;
    const created = await http(admin, "POST", "/api/runs", { runbook: fx.runbookHash, name: "by token", id: "tok-assign", assignments: { qa: ["editor"] } });
    expect([created.status, created.json.error.code]).toEqual([403, "GOLIVE_E_TOKEN_SCOPE"]);
    expect(await store.getRun("tok-assign")).toBeUndefined();
    const plain = await http(admin, "POST", "/api/runs", { runbook: fx.runbookHash, name: "by a pipeline", id: "tok-run" });
    expect(plain.status, plain.text).toBe(201);
    for (const who of [admin, tokens["pat-write"] as Caller]) {
      const r = await http(who, "PATCH", "/api/runs/tok-run", { version: await version("tok-run"), assignments: { qa: ["editor"] } });
      expect([r.status, r.json.error.code]).toEqual([403, "GOLIVE_E_TOKEN_SCOPE"]);
    }
    expect((await http(fx.callers.viewer, "GET", "/api/runs/tok-run")).json.facts.assignment_changes).toEqual([]);
    // Nor does it move the run's date (its timeline and rollback deadline) or start its clock.
    for (const change of [{ date: "2026-05-27" }, { timezone: "Pacific/Kiritimati" }, { start: true }, { active: false }]) {
      const r = await http(admin, "PATCH", "/api/runs/tok-run", { version: await version("tok-run"), ...change });
      expect([r.status, r.json.error.code]).toEqual([403, "GOLIVE_E_TOKEN_SCOPE"]);
    }
    expect((await store.getRun("tok-run"))?.meta).toEqual({});
    // The admin, signed in, assigns.
    expect((await http(fx.callers.admin, "PATCH", "/api/runs/tok-run", { version: await version("tok-run"), assignments: { qa: ["editor"] } })).status).toBe(200);
  });

  it("an admin's token does not override a role's item; the role's own member's token ticks it", async () => {
    const r = await http(tokens["admin-write"] as Caller, "PUT", "/api/runs/tok-run/items/smoke", { version: await version("tok-run"), state: "done" });
    expect([r.status, r.json.error.code]).toEqual([403, "GOLIVE_E_TOKEN_SCOPE"]);
    expect(r.json.error.message).toMatch(/an admin's override/);
    const own = await http(tokens["quinn-write"] as Caller, "PUT", "/api/runs/tok-run/items/smoke", { version: await version("tok-run"), state: "done" });
    expect(own.status, own.text).toBe(200);
  });
});

describe("what a pipeline does still works through tokens", () => {
  it("reads gates and status, records a deploy step, opens an incident", async () => {
    expect((await http(fx.callers.readToken, "GET", "/api/runs/prod/gates")).status).toBe(200);
    expect((await http(tokens["admin-read"] as Caller, "GET", "/api/audit/verify")).status).toBe(200);
    const step = await http(tokens["dev-write"] as Caller, "POST", "/api/runs/prod/steps/s1/start", { note: "pipeline 42" });
    expect(step.status, step.text).toBe(200);
    expect((await http(fx.callers.writeToken, "POST", "/api/runs/prod/incidents", { title: "Latency", severity: "P2" })).status).toBe(201);
  });
});

describe("each refused attempt is on the audit record", () => {
  it("names the token's account, the token and the route, never its secret; once a minute per token and route", async () => {
    const log = (await http(fx.callers.admin, "GET", "/api/audit?limit=1000")).json.events.filter((e) => e.action === "token.refused");
    const admins = log.filter((e) => e.actor === "admin").map((e) => e.after.route);
    expect(admins).toEqual(expect.arrayContaining(["POST /api/users", "PATCH /api/users/:name", "GET /api/users", "POST /api/tokens", "POST /api/runs/:id/signoffs/:signoff", "POST /api/runs/:id/waivers", "POST /api/runs/:id/checkpoints/:checkpoint", "POST /api/runs/:id/hypercare/:action", "POST /api/runs/:id/attestations/:criterion", "POST /api/runs/:id/incidents/:incident/resolve", "POST /api/runs", "PATCH /api/runs/:id", "PUT /api/runs/:id/items/:item"]));
    // PATCH /api/users/:name was tried twice by each token within the minute: recorded once each.
    const patches = log.filter((e) => e.after.route === "PATCH /api/users/:name");
    expect(new Set(patches.map((e) => e.subject)).size).toBe(patches.length);
    expect(log.every((e) => /^token:[0-9a-f]{12}$/.test(e.subject))).toBe(true);
    const text = JSON.stringify(log);
    for (const t of Object.values(tokens)) expect(text).not.toContain((t.headers.authorization ?? "").slice("Bearer glv_".length + 13));
    expect(await verifyStoreAudit(store)).toMatchObject({ ok: true });
  });
});
