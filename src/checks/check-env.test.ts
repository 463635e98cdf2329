import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { learnAuthMaterial } from "./auth-material.ts";
import { exposedEnv, parseCheckEnv, placeUnderRoot, resolveUnderRoot, shellEnv } from "./check-env.ts";
import { checkConfigPolicy } from "./check-policy.ts";
import { commandProvider } from "./command/provider.ts";
import { CommandConfig } from "./command/config.ts";
import { REDACTED, Redactor } from "./secrets.ts";
import { selfGuard, targetsOf } from "./target-guard.ts";

const dir = mkdtempSync(join(tmpdir(), "golive-check-env-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the check environment is an allowlist", () => {
  it("parses names and prefixes and refuses golive's own settings", () => {
    expect(parseCheckEnv("SHOP_URL, PANCAKE_* DB_URL")).toEqual(["SHOP_URL", "PANCAKE_*", "DB_URL"]);
    expect(() => parseCheckEnv("GOLIVE_ADMIN_PASSWORD")).toThrow(/GOLIVE_/);
    expect(() => parseCheckEnv("golive_*")).toThrow(/GOLIVE_/);
    expect(() => parseCheckEnv("GO*")).toThrow(/GOLIVE_/);
    expect(() => parseCheckEnv("*")).toThrow(/not a variable name/);
    expect(() => parseCheckEnv("A-B")).toThrow(/not a variable name/);
  });

  it("exposes only what is listed, never GOLIVE_*; the CLI's shell default drops GOLIVE_* only", () => {
    const source = { SHOP_URL: "u", SHOP_TOKEN: "t", HOME: "/root", GOLIVE_ADMIN_PASSWORD: "p", GOLIVE_CHECK_ENV: "SHOP_*" };
    expect(exposedEnv(source, ["SHOP_*"])).toEqual({ SHOP_URL: "u", SHOP_TOKEN: "t" });
    expect(exposedEnv(source, [])).toEqual({});
    expect(shellEnv(source)).toEqual({ SHOP_URL: "u", SHOP_TOKEN: "t", HOME: "/root" });
    expect(shellEnv(source, ["HOME"])).toEqual({ HOME: "/root" });
  });

  it("a policy names each reference the host does not expose, and each file outside the folder", () => {
    const policy = checkConfigPolicy(["SHOP_*"], dir);
    expect(policy({ kind: "http", config: { url: "${env:SHOP_URL}/${env:GOLIVE_ADMIN_PASSWORD}", headers: { a: "${env:HOME}" }, ca: "/etc/passwd" } })).toEqual([
      { path: ["url"], message: expect.stringContaining("'GOLIVE_ADMIN_PASSWORD' is not exposed") as unknown },
      { path: ["headers", "a"], message: expect.stringContaining("'HOME' is not exposed") as unknown },
      { path: ["ca"], message: expect.stringContaining("outside the folder") as unknown },
    ]);
    expect(checkConfigPolicy(undefined, "any")({ kind: "http", config: { url: "${env:HOME}${env:GOLIVE_X}" } })).toHaveLength(1);
  });
});

describe("files only under the configured folder", () => {
  it("places relative paths under the root and refuses escapes, by text and through symbolic links", async () => {
    mkdirSync(join(dir, "certs"));
    writeFileSync(join(dir, "certs", "ca.pem"), "pem");
    symlinkSync("/etc", join(dir, "certs", "etc"));
    expect(placeUnderRoot("certs/ca.pem", dir)).toEqual({ ok: true, path: join(dir, "certs", "ca.pem") });
    expect(placeUnderRoot("../x", dir).ok).toBe(false);
    expect(placeUnderRoot("/etc/passwd", dir).ok).toBe(false);
    expect(placeUnderRoot("/etc/passwd", null).ok).toBe(false);
    expect(placeUnderRoot("/etc/passwd", "any").ok).toBe(true);
    expect(await resolveUnderRoot("certs/ca.pem", dir)).toMatchObject({ ok: true });
    const escaped = await resolveUnderRoot("certs/etc/passwd", dir);
    expect(escaped).toMatchObject({ ok: false, message: expect.stringContaining("outside") as unknown });
    // A missing file says nothing about what exists.
    expect(await resolveUnderRoot("nope.pem", dir)).toEqual({ ok: false, message: "cannot read 'nope.pem' under the folder checks may read" });
  });
});

describe("a command check sees the exposed variables only", () => {
  it("does not inherit the server's environment", async () => {
    process.env.GOLIVE_TEST_CANARY = "server-secret-canary";
    try {
      const values = await commandProvider.probe(CommandConfig.parse({ run: "env" }), {
        signal: AbortSignal.timeout(10_000), timeoutMs: 10_000, allowCommands: true, env: { SHOP_URL: "http://shop" }, files: null,
      });
      expect(values.stdout).toContain("SHOP_URL=http://shop");
      expect(values.stdout).not.toContain("server-secret-canary");
      expect(values.stdout).not.toMatch(/^HOME=/m);
    } finally {
      delete process.env.GOLIVE_TEST_CANARY;
    }
  });

  it("a working directory outside the folder is refused without probing it", async () => {
    await expect(commandProvider.probe(CommandConfig.parse({ run: "true", cwd: "/root" }), { signal: AbortSignal.timeout(5_000), timeoutMs: 5_000, allowCommands: true, env: {}, files: dir })).rejects.toThrow(/outside the folder/);
  });
});

describe("redaction", () => {
  it("catches the usual encodings of a known secret and its case", () => {
    const r = new Redactor();
    const secret = "Sup3r/secret+Value";
    r.add(secret);
    for (const form of [secret, secret.toUpperCase(), encodeURIComponent(secret), Buffer.from(secret).toString("base64"), Buffer.from(secret).toString("base64url"), Buffer.from(secret).toString("hex"), Buffer.from(secret).toString("hex").toUpperCase()]) {
      expect(r.redact(`x ${form} y`), form).toBe(`x ${REDACTED} y`);
    }
    // Inside a longer encoded text (Basic auth): the part that depends on the secret is cut.
    for (const prefix of ["u:", "us:", "use:"]) {
      const b64 = Buffer.from(`${prefix}${secret}`).toString("base64");
      expect(r.redact(b64)).toContain(REDACTED);
      expect(Buffer.from(r.redact(b64).replace(REDACTED, ""), "base64").toString()).not.toContain("secret");
    }
  });

  it("learns credentials a target hands back: cookies, authorization, token-like fields, text", () => {
    const r = new Redactor();
    learnAuthMaterial({
      headers: { "set-cookie": "golive_session=abcdef123456; Path=/; HttpOnly", authorization: "Bearer tok-999888777", "content-type": "application/json" },
      body: { data: { csrf_token: "csrf-abc-123", session: { id: "sess-000111" } }, name: "public-name" },
      text: 'access_token=qwerty12345&x=1 "password": "hunter2hunter2"',
    }, r);
    expect(r.redact("abcdef123456 tok-999888777 csrf-abc-123 sess-000111 qwerty12345 hunter2hunter2 public-name")).toBe("*** *** *** *** *** *** public-name");
  });
});

describe("golive's own address", () => {
  it("finds targets in configs and refuses this host on golive's port", async () => {
    expect(targetsOf({ url: "https://shop.example:8443/x" })).toEqual([{ host: "shop.example", port: 8443 }]);
    expect(targetsOf({ host: "db", port: 5432 })).toEqual([{ host: "db", port: 5432 }]);
    expect(targetsOf({ resolver: "127.0.0.1:5353" })).toEqual([{ host: "127.0.0.1", port: 5353 }]);
    const guard = selfGuard(() => [8080]);
    expect(await guard("127.0.0.1", 8080)).toMatch(/golive server itself/);
    expect(await guard("localhost", 8080)).toMatch(/golive server itself/);
    expect(await guard("::1", 8080)).toMatch(/golive server itself/);
    expect(await guard("127.0.0.1", 8081)).toBeUndefined();
  });
});
