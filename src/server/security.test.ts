import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../store/pglite.ts";
import type { Store } from "../store/store.ts";
import { apiFixture, login, PASSWORD, type ApiFixture } from "./testing/fixture.ts";

describe("behind TLS (--secure)", () => {
  let store: Store;
  let fx: ApiFixture;
  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    fx = await apiFixture(store, { secure: true });
  });
  afterAll(async () => {
    await fx.close();
    await store.close();
  });

  it("sends HSTS on every response and marks cookies Secure", async () => {
    for (const url of ["/healthz", "/api/runs", "/api/nothing"]) {
      expect((await fx.app.inject(url)).headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    }
    const res = await fx.app.inject({ method: "POST", url: "/api/auth/login", payload: { user: "viewer", password: PASSWORD } });
    const cookies = res.headers["set-cookie"] as string[];
    expect(cookies).toHaveLength(2);
    for (const c of cookies) expect(c).toMatch(/; Secure$|; Secure;/);
    expect(cookies.find((c) => c.startsWith("golive_session="))).toContain("HttpOnly");
    expect(cookies.find((c) => c.startsWith("golive_csrf="))).not.toContain("HttpOnly");
  });

  it("never stores or logs a password or token secret in the audit log", async () => {
    const made = await fx.call(fx.callers.admin, { method: "POST", url: "/api/users", payload: { name: "newbie", password: "a brand new password", role: "viewer" } });
    expect(made.statusCode).toBe(201);
    const events = JSON.stringify(await store.listAudit({ limit: 1000 }));
    expect(events).not.toContain("a brand new password");
    expect(events).not.toContain("scrypt$");
    const users = await fx.call(fx.callers.admin, { method: "GET", url: "/api/users" });
    expect(users.body).not.toContain("scrypt$");
  });
});

describe("sessions", () => {
  let store: Store;
  let fx: ApiFixture;
  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    fx = await apiFixture(store);
  });
  afterAll(async () => {
    await fx.close();
    await store.close();
  });

  it("end after 12 hours, even while a resolved session is cached", async () => {
    const who = fx.callers.viewer;
    expect((await fx.call(who, { method: "GET", url: "/api/auth/me" })).statusCode).toBe(200);
    fx.clock.advance(12 * 3_600_000 - 1_000);
    expect((await fx.call(who, { method: "GET", url: "/api/auth/me" })).statusCode).toBe(200);
    fx.clock.advance(1_000);
    expect((await fx.call(who, { method: "GET", url: "/api/auth/me" })).statusCode).toBe(401);
  });

  it("end at logout", async () => {
    const who = await login(fx.app, "quinn");
    expect((await fx.call(who, { method: "GET", url: "/api/auth/me" })).statusCode).toBe(200);
    expect((await fx.call(who, { method: "POST", url: "/api/auth/logout" })).statusCode).toBe(200);
    expect((await fx.call(who, { method: "GET", url: "/api/auth/me" })).statusCode).toBe(401);
  });
});
