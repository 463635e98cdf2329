import { describe, expect, it } from "vitest";
import { useApiFixture } from "../testing/api-fixture.ts";
import { login, PASSWORD } from "./testing/fixture.ts";

describe("behind TLS (--secure)", () => {
  const api = useApiFixture({ secure: true });

  it("sends HSTS on every response and marks cookies Secure", async () => {
    for (const url of ["/healthz", "/api/runs", "/api/nothing"]) {
      expect((await api.fx.app.inject(url)).headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    }
    const res = await api.fx.app.inject({ method: "POST", url: "/api/auth/login", payload: { user: "viewer", password: PASSWORD } });
    const cookies = res.headers["set-cookie"] as string[];
    expect(cookies).toHaveLength(2);
    for (const c of cookies) expect(c).toMatch(/; Secure$|; Secure;/);
    expect(cookies.find((c) => c.startsWith("golive_session="))).toContain("HttpOnly");
    expect(cookies.find((c) => c.startsWith("golive_csrf="))).not.toContain("HttpOnly");
  });

  it("never stores or logs a password or token secret in the audit log", async () => {
    const made = await api.as("admin").post("/api/users", { name: "newbie", password: "a brand new password", role: "viewer" });
    expect(made.statusCode).toBe(201);
    const events = JSON.stringify(await api.store.listAudit({ limit: 1000 }));
    expect(events).not.toContain("a brand new password");
    expect(events).not.toContain("scrypt$");
    const users = await api.as("admin").get("/api/users");
    expect(users.body).not.toContain("scrypt$");
  });
});

describe("sessions", () => {
  const api = useApiFixture();

  it("end after 12 hours, even while a resolved session is cached", async () => {
    const who = api.fx.callers.viewer;
    expect((await api.as(who).get("/api/auth/me")).statusCode).toBe(200);
    api.fx.clock.advance(12 * 3_600_000 - 1_000);
    expect((await api.as(who).get("/api/auth/me")).statusCode).toBe(200);
    api.fx.clock.advance(1_000);
    expect((await api.as(who).get("/api/auth/me")).statusCode).toBe(401);
  });

  it("end at logout", async () => {
    const who = await login(api.fx.app, "quinn");
    expect((await api.as(who).get("/api/auth/me")).statusCode).toBe(200);
    expect((await api.as(who).post("/api/auth/logout")).statusCode).toBe(200);
    expect((await api.as(who).get("/api/auth/me")).statusCode).toBe(401);
  });
});
