import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../store/pglite.ts";
import type { Store } from "../store/store.ts";
import { apiFixture, login, PASSWORD, type ApiFixture, type Caller } from "./testing/fixture.ts";

// Every route x every kind of caller: nobody gets through a route their role does not allow.
// The expected access is written out here, independently of the routes' own declarations; a
// new route fails this test until it is added to the table.

type Level = "public" | "read" | "write" | "admin" | "session";
const EXPECTED: Record<string, Level> = {
  "GET /healthz": "public", "GET /readyz": "public", "GET /metrics": "public", "GET /openapi.json": "public", "GET /docs": "public",
  "POST /api/auth/login": "public", "POST /api/auth/logout": "session", "GET /api/auth/me": "read",
  "GET /api/users": "admin", "POST /api/users": "admin", "PATCH /api/users/:name": "admin",
  "GET /api/tokens": "session", "POST /api/tokens": "session", "DELETE /api/tokens/:tokenId": "session",
  "GET /api/runbooks": "read", "POST /api/runbooks": "write", "GET /api/runbooks/:hash": "read", "POST /api/runbooks/:hash/approve": "admin", "POST /api/runbooks/:hash/withdraw": "admin",
  "POST /api/runbooks/preview": "write", "GET /api/demo": "read",
  "GET /api/runs": "read", "POST /api/runs": "write", "GET /api/runs/:id": "read", "PATCH /api/runs/:id": "write",
  "GET /api/runs/:id/status": "read", "GET /api/runs/:id/status/items": "read", "GET /api/runs/:id/gates": "read", "GET /api/runs/:id/checks": "read", "GET /api/runs/:id/checks/:check/history": "read",
  "POST /api/runs/:id/checks/run": "write", "PUT /api/runs/:id/items/:item": "write",
  "POST /api/files": "write", "GET /api/files/:sha256": "read",
  "POST /api/runs/:id/waves/:wave/:action": "write", "POST /api/runs/:id/steps/:step/:action": "write",
  "POST /api/runs/:id/checkpoints/:checkpoint": "write", "POST /api/runs/:id/hypercare/:action": "write", "POST /api/runs/:id/signoffs/:signoff": "write",
  "POST /api/runs/:id/waivers": "write", "POST /api/runs/:id/attestations/:criterion": "write",
  "POST /api/runs/:id/incidents": "write", "POST /api/runs/:id/incidents/:incident/updates": "write",
  "POST /api/runs/:id/incidents/:incident/resolve": "write", "POST /api/runs/:id/alerts": "write", "GET /api/runs/:id/notifications": "read", "POST /api/runs/:id/notifications/test": "write", "POST /api/runs/:id/phases/:phase": "write", "POST /api/runs/:id/tasks/:task": "write", "GET /api/runs/:id/review": "read",
  "GET /api/audit": "read", "GET /api/audit/verify": "admin", "GET /api/runs/:id/events": "read",
};

type Who = "anonymous" | "viewer" | "editor" | "admin" | "readToken" | "writeToken" | "adminReadToken" | "adminWriteToken";
/** Tokens act as their account (the editor's, or the admin's), limited by their scope. */
const allowedCallers = (level: Level, method: string): Who[] => {
  switch (level) {
    case "public": return ["anonymous", "viewer", "editor", "admin", "readToken", "writeToken", "adminReadToken", "adminWriteToken"];
    case "read": return ["viewer", "editor", "admin", "readToken", "writeToken", "adminReadToken", "adminWriteToken"];
    case "write": return ["editor", "admin", "writeToken", "adminWriteToken"];
    case "admin": return isSafe(method) ? ["admin", "adminReadToken", "adminWriteToken"] : ["admin", "adminWriteToken"];
    case "session": return ["viewer", "editor", "admin"];
  }
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
    for (const r of fx.routes) expect(r.access, `${r.method} ${r.url}`).toBe(`${r.method} ${r.url}` === DASHBOARD ? "public" : EXPECTED[`${r.method} ${r.url}`]);
  });

  it("gives no unauthorised caller a success, and lets authorised ones past the door", async () => {
    const failures: string[] = [];
    for (const [key, level] of Object.entries(EXPECTED)) {
      const [method, url] = key.split(" ") as [string, string];
      for (const w of Object.keys(who) as Who[]) {
        const allowed = allowedCallers(level, method).includes(w);
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
  });

  it("refuses every cookie-authenticated write without the CSRF header", async () => {
    const noCsrf: Caller = { name: "admin-no-csrf", headers: { cookie: who.admin.headers.cookie ?? "" } };
    for (const [key, level] of Object.entries(EXPECTED)) {
      const [method, url] = key.split(" ") as [string, string];
      if (isSafe(method) || level === "public") continue;
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
