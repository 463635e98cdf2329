import { describe, expect, it } from "vitest";
import { useApiFixture } from "../testing/api-fixture.ts";
import { login } from "./testing/fixture.ts";

// Accounts as the admin screen manages them: list, create, change role, disable; only admins,
// and never so that no enabled admin is left.

const api = useApiFixture();

type UserView = { name: string; role: string; disabled: boolean; created_at: string };
const users = async () => (await api.as("admin").get("/api/users")).json<UserView[]>();

describe("user accounts", () => {
  it("an admin lists accounts with their roles, without password hashes", async () => {
    const res = await api.as("admin").get("/api/users");
    expect(res.statusCode).toBe(200);
    const list = res.json<UserView[]>();
    expect(list.find((u) => u.name === "viewer")).toMatchObject({ role: "viewer", disabled: false });
    expect(Object.keys(list[0] ?? {}).sort()).toEqual(["created_at", "disabled", "name", "role"]);
  });

  it("an admin creates an account that can sign in; a name is taken once", async () => {
    const made = await api.as("admin").post("/api/users", { name: "lan.ops", password: "a long enough password", role: "editor" });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ name: "lan.ops", role: "editor", disabled: false });
    expect((await users()).map((u) => u.name)).toContain("lan.ops");
    await login(api.fx.app, "lan.ops", "a long enough password");
    const again = await api.as("admin").post("/api/users", { name: "lan.ops", password: "another long password", role: "viewer" });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: "GOLIVE_E_DUPLICATE" } });
  });

  it("rejects a short password and a bad name, saying which field", async () => {
    const bad = await api.as("admin").post("/api/users", { name: "has space", password: "short", role: "editor" });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("name");
    expect(bad.body).toContain("password");
  });

  it("editors, viewers and tokens may neither list nor create accounts", async () => {
    for (const caller of [api.fx.callers.editor, api.fx.callers.viewer, api.fx.callers.writeToken]) {
      expect((await api.as(caller).get("/api/users")).statusCode, caller.name).toBe(403);
      const made = await api.as(caller).post("/api/users", { name: `x-${caller.name}`, password: "a long enough password", role: "admin" });
      expect(made.statusCode, caller.name).toBe(403);
    }
    expect((await users()).some((u) => u.name.startsWith("x-"))).toBe(false);
  });

  it("keeps one enabled admin: the last may be neither demoted nor disabled; with a second, either may", async () => {
    for (const payload of [{ role: "editor" }, { disabled: true }]) {
      const res = await api.as("admin").patch("/api/users/admin", payload);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ error: { code: "GOLIVE_E_LAST_ADMIN" } });
    }
    expect((await users()).find((u) => u.name === "admin")).toMatchObject({ role: "admin", disabled: false });
    expect((await api.as("admin").patch("/api/users/lan.ops", { role: "admin" })).statusCode).toBe(200);
    expect((await api.as("admin").patch("/api/users/lan.ops", { disabled: true })).statusCode).toBe(200);
    // lan.ops is disabled: admin is the last enabled admin again.
    expect((await api.as("admin").patch("/api/users/admin", { role: "viewer" })).statusCode).toBe(409);
    expect((await api.as("admin").patch("/api/users/lan.ops", { disabled: false })).statusCode).toBe(200);
    expect((await api.as("admin").patch("/api/users/lan.ops", { role: "editor" })).statusCode).toBe(200);
  });
});
