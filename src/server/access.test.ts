import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../store/pglite.ts";
import type { Store } from "../store/store.ts";
import { assertDeclared } from "./auth/access.ts";
import { apiFixture, login, PASSWORD, type ApiFixture, type Caller } from "./testing/fixture.ts";

// Every route x every kind of caller: nobody gets through a route their role does not allow.
// The expected access is written out here, independently of the routes' own declarations; a
// new route fails this test until it is added to the table.

type Level = "public" | "read" | "write" | "admin";
/** `person`: only someone signed in (a session), never an API token of any account or scope. */
type Actor = "any" | "person";
type Policy = "public" | `${Exclude<Level, "public">} ${Actor}`;
const EXPECTED: Record<string, Policy> = {
  "GET /healthz": "public", "GET /readyz": "public", "GET /metrics": "public", "GET /openapi.json": "public", "GET /docs": "public",
  "POST /api/auth/login": "public", "POST /api/auth/logout": "read person", "GET /api/auth/me": "read any",
  // Accounts, roles and tokens: a person's (a leaked admin token must not take the server over).
  "GET /api/users": "admin person", "POST /api/users": "admin person", "PATCH /api/users/:name": "admin person",
  "GET /api/tokens": "read person", "POST /api/tokens": "read person", "DELETE /api/tokens/:tokenId": "read person",
  // Approving a runbook's commands lets the server run them: a person's, and so is taking it back.
  "GET /api/runbooks": "read any", "POST /api/runbooks": "write any", "GET /api/runbooks/:hash": "read any", "POST /api/runbooks/:hash/approve": "admin person", "POST /api/runbooks/:hash/withdraw": "admin person",
  "POST /api/runbooks/preview": "write any", "GET /api/demo": "read any",
  "GET /api/runs": "read any", "POST /api/runs": "write any", "GET /api/runs/:id": "read any", "PATCH /api/runs/:id": "write person",
  "GET /api/runs/:id/status": "read any", "GET /api/runs/:id/status/items": "read any", "GET /api/runs/:id/gates": "read any", "GET /api/runs/:id/checks": "read any", "GET /api/runs/:id/checks/:check/history": "read any",
  "POST /api/runs/:id/checks/run": "write any", "PUT /api/runs/:id/items/:item": "write any",
  "POST /api/files": "write any", "GET /api/files/:sha256": "read any",
  // What a pipeline does (docs/ci.md): waves and deploy steps, judged by the engine's rules.
  "POST /api/runs/:id/waves/:wave/:action": "write any", "POST /api/runs/:id/steps/:step/:action": "write any",
  // Decisions a named person answers for: go/no-go, hypercare, sign-offs, waivers, attestations.
  "POST /api/runs/:id/checkpoints/:checkpoint": "write person", "POST /api/runs/:id/hypercare/:action": "write person", "POST /api/runs/:id/signoffs/:signoff": "write person",
  "POST /api/runs/:id/waivers": "write person", "POST /api/runs/:id/attestations/:criterion": "write person",
  "POST /api/runs/:id/incidents": "write any", "POST /api/runs/:id/incidents/:incident/updates": "write any",
  "POST /api/runs/:id/incidents/:incident/resolve": "write person", "POST /api/runs/:id/alerts": "write any", "GET /api/runs/:id/notifications": "read any", "POST /api/runs/:id/notifications/test": "write any", "POST /api/runs/:id/phases/:phase": "write any", "POST /api/runs/:id/tasks/:task": "write any", "GET /api/runs/:id/review": "read any",
  "GET /api/audit": "read any", "GET /api/audit/verify": "admin any", "GET /api/runs/:id/events": "read any",
};
const levelOf = (p: Policy) => p.split(" ")[0] as Level;
const actorOf = (p: Policy): Actor | undefined => p.split(" ")[1] as Actor | undefined;

type Who = "anonymous" | "viewer" | "editor" | "admin" | "readToken" | "writeToken" | "adminReadToken" | "adminWriteToken";
const TOKENS: readonly Who[] = ["readToken", "writeToken", "adminReadToken", "adminWriteToken"];
/** Tokens act as their account (the editor's, or the admin's), limited by their scope, and never as a person. */
const allowedCallers = (policy: Policy, method: string): Who[] => {
  const byRole = ((): Who[] => {
    switch (levelOf(policy)) {
      case "public": return ["anonymous", "viewer", "editor", "admin", "readToken", "writeToken", "adminReadToken", "adminWriteToken"];
      case "read": return ["viewer", "editor", "admin", "readToken", "writeToken", "adminReadToken", "adminWriteToken"];
      case "write": return ["editor", "admin", "writeToken", "adminWriteToken"];
      case "admin": return isSafe(method) ? ["admin", "adminReadToken", "adminWriteToken"] : ["admin", "adminWriteToken"];
    }
  })();
  return actorOf(policy) === "person" ? byRole.filter((w) => !TOKENS.includes(w)) : byRole;
};
const isSafe = (m: string) => m === "GET";
// The dashboard's files (web-static.ts) are public when that plugin is registered.
const DASHBOARD = "GET /*";

let store: Store;
let fx: ApiFixture;
const who = {} as Record<Who, Caller>;

beforeAll(async () => {
  store = await openPgliteStore(undefined);
  fx = await apiFixture(store);
  for (const k of ["anonymous", "viewer", "editor", "admin", "readToken", "writeToken"] as const) who[k] = fx.callers[k];
  for (const scope of ["read", "write"] as const) {
    const t = await fx.call(fx.callers.admin, { method: "POST", url: "/api/tokens", payload: { name: `admin-${scope}`, scope } });
    who[scope === "read" ? "adminReadToken" : "adminWriteToken"] = { name: `admin-${scope}-token`, headers: { authorization: `Bearer ${t.json<{ token: string }>().token}` } };
  }
});
afterAll(async () => {
  await fx.close();
  await store.close();
});

const PARAMS: Record<string, string> = {
  id: "rehearsal", item: "smoke", name: "viewer", tokenId: "000000000000", hash: "", sha256: "0".repeat(64),
  wave: "w1", action: "open", step: "s1", checkpoint: "cp1", signoff: "po-ok", criterion: "w1-survey", incident: "inc-none", phase: "p1",
};
const fill = (url: string) => url.replace(/:([a-zA-Z0-9]+)/g, (_, k: string) => (k === "hash" ? fx.runbookHash : PARAMS[k] ?? "x"));
const BODIES: Record<string, unknown> = {
  "PATCH /api/users/:name": { role: "viewer" },
  "POST /api/tokens": { name: "t", scope: "read" },
  "POST /api/auth/login": { user: "viewer", password: PASSWORD },
};

describe("route x role", () => {
  it("the table covers exactly the registered routes, each with a declared access", () => {
    const registered = fx.routes.map((r) => `${r.method} ${r.url}`).filter((k) => k !== DASHBOARD).sort();
    expect(registered).toEqual(Object.keys(EXPECTED).sort());
    for (const r of fx.routes) {
      const key = `${r.method} ${r.url}`;
      const policy: Policy = key === DASHBOARD ? "public" : EXPECTED[key] ?? "public";
      expect(r.access, key).toBe(levelOf(policy));
      expect(r.actor, key).toBe(actorOf(policy));
    }
  });

  // About 450 requests, some doing real work (uploads, runs): on a loaded machine it needs the time.
  it("gives no unauthorised caller a success, and lets authorised ones past the door", async () => {
    const failures: string[] = [];
    for (const [key, policy] of Object.entries(EXPECTED)) {
      const [method, url] = key.split(" ") as [string, string];
      for (const w of Object.keys(who) as Who[]) {
        const allowed = allowedCallers(policy, method).includes(w);
        // The SSE stream never ends for an allowed caller; it is tested over a socket elsewhere.
        if (allowed && key === "GET /api/runs/:id/events") continue;
        let caller = who[w];
        if (allowed && key === "POST /api/auth/logout") caller = await login(fx.app, w); // do not end the shared session
        const res = await fx.call(caller, { method: method, url: fill(url), ...(isSafe(method) ? {} : { payload: (BODIES[key] ?? {}) }) });
        const denied = res.statusCode === 401 || res.statusCode === 403;
        if (allowed && denied) failures.push(`${key} as ${w}: refused with ${res.statusCode} ${res.body}`);
        if (!allowed && !denied) failures.push(`${key} as ${w}: got ${res.statusCode}, expected 401/403`);
        if (!allowed && denied) expect(res.json<{ error: { code: string } }>().error.code).toMatch(/^GOLIVE_E_(UNAUTHENTICATED|FORBIDDEN|TOKEN_SCOPE|CSRF)$/);
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);

  it("refuses every token on every person-only route, whatever its account or scope, saying to sign in", async () => {
    const persons = Object.entries(EXPECTED).filter(([, p]) => actorOf(p) === "person");
    for (const [key] of persons) {
      const [method, url] = key.split(" ") as [string, string];
      for (const w of TOKENS) {
        const res = await fx.call(who[w], { method: method, url: fill(url), ...(isSafe(method) ? {} : { payload: (BODIES[key] ?? {}) }) });
        const body = res.json<{ error: { code: string; message: string; details?: { requires?: string } } }>();
        expect({ key, w, status: res.statusCode, code: body.error.code, requires: body.error.details?.requires }).toEqual({ key, w, status: 403, code: "GOLIVE_E_TOKEN_SCOPE", requires: "session" });
        expect(body.error.message).toMatch(/act of a person.*Sign in/);
      }
    }
  });

  it("a route that declares no access, or no actor, stops the app from starting", () => {
    expect(() => assertDeclared({ method: "POST", url: "/api/x", config: {} })).toThrow(/declares no access/);
    expect(() => assertDeclared({ method: "POST", url: "/api/x", config: { access: "write" } })).toThrow(/declares no actor/);
    expect(() => assertDeclared({ method: "GET", url: "/x", config: { access: "public" } })).not.toThrow();
    expect(() => assertDeclared({ method: "POST", url: "/api/x", config: { access: "write", actor: "person" } })).not.toThrow();
  });

  it("refuses every cookie-authenticated write without the CSRF header", async () => {
    const noCsrf: Caller = { name: "admin-no-csrf", headers: { cookie: who.admin.headers.cookie ?? "" } };
    for (const [key, policy] of Object.entries(EXPECTED)) {
      const [method, url] = key.split(" ") as [string, string];
      if (isSafe(method) || policy === "public") continue;
      const res = await fx.call(noCsrf, { method: method, url: fill(url), payload: {} });
      expect(res.json(), key).toMatchObject({ error: { code: "GOLIVE_E_CSRF" } });
    }
  });

  it("refuses disabled accounts at once", async () => {
    const made = await fx.call(fx.callers.admin, { method: "POST", url: "/api/users", payload: { name: "temp", password: "a long enough password", role: "editor" } });
    expect(made.statusCode).toBe(201);
    const temp = await login(fx.app, "temp", "a long enough password");
    expect((await fx.call(temp, { method: "GET", url: "/api/runs" })).statusCode).toBe(200);
    expect((await fx.call(fx.callers.admin, { method: "PATCH", url: "/api/users/temp", payload: { disabled: true } })).statusCode).toBe(200);
    expect((await fx.call(temp, { method: "GET", url: "/api/runs" })).statusCode).toBe(401);
  });
});
