import { randomBytes, scryptSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../store/pglite.ts";
import type { Store } from "../store/store.ts";
import { buildApp } from "./app.ts";
import type { FastifyInstance } from "fastify";
import { hashPassword, needsRehash, verifyPassword } from "./auth/passwords.ts";

// A burst of guesses over real HTTP: the limit holds exactly, however many arrive at once.

let store: Store;
let app: FastifyInstance;
let base: string;
const PASSWORD = "the right password 42";

const login = (user: string, password: string) =>
  fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user, password }) }).then((r) => r.status);

beforeAll(async () => {
  store = await openPgliteStore(undefined);
  ({ app } = await buildApp({ store }));
  base = await app.listen({ host: "127.0.0.1", port: 0 });
  await store.createUser({ name: "target", passwordHash: await hashPassword(PASSWORD), role: "editor", disabled: false }, { actor: "test", at: new Date().toISOString() });
}, 120_000);

afterAll(async () => {
  await app.close();
  await store.close();
});

describe("login limiting", () => {
  it("40 concurrent wrong passwords for one account: at most 5 are checked, the rest get 429", async () => {
    const statuses = await Promise.all(Array.from({ length: 40 }, () => login("target", "wrong guess")));
    const checked = statuses.filter((s) => s === 401).length;
    expect(checked).toBe(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
    // The right password is refused too while the account is limited.
    expect(await login("target", PASSWORD)).toBe(429);
  }, 120_000);

  it("120 concurrent guesses on distinct names from one address: at most 50 are checked", async () => {
    const statuses = await Promise.all(Array.from({ length: 120 }, (_, i) => login(`nobody-${i}`, "guess")));
    // 5 of this address's attempts went to the first test already.
    expect(statuses.filter((s) => s === 401).length).toBe(45);
    expect(statuses.filter((s) => s === 429)).toHaveLength(75);
  }, 180_000);
});

describe("password hashing", () => {
  it("uses scrypt N=2^17 and upgrades an older hash at the next login", async () => {
    const fresh = await hashPassword("another password!");
    expect(fresh.split("$").slice(0, 4)).toEqual(["scrypt", "131072", "8", "1"]);
    expect(needsRehash(fresh)).toBe(false);
    const salt = randomBytes(16);
    const old = ["scrypt", 16384, 8, 1, salt.toString("base64url"), scryptSync("legacy password 1".normalize("NFKC"), salt, 64, { N: 16384, r: 8, p: 1 }).toString("base64url")].join("$");
    expect(needsRehash(old)).toBe(true);
    expect(await verifyPassword("legacy password 1", old)).toBe(true);
    const { app: other } = await buildApp({ store });
    try {
      await store.createUser({ name: "legacy", passwordHash: old, role: "viewer", disabled: false }, { actor: "test", at: new Date().toISOString() });
      const res = await other.inject({ method: "POST", url: "/api/auth/login", payload: { user: "legacy", password: "legacy password 1" } });
      expect(res.statusCode).toBe(200);
      const stored = (await store.getUser("legacy"))?.passwordHash ?? "";
      expect(stored.split("$")[1]).toBe("131072");
      expect(await verifyPassword("legacy password 1", stored)).toBe(true);
      // The session made by that login works (the upgrade did not end it).
      const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
      expect((await other.inject({ method: "GET", url: "/api/auth/me", headers: { cookie } })).statusCode).toBe(200);
    } finally {
      await other.close();
    }
  }, 120_000);
});
