import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../store/pglite.ts";
import type { Store } from "../store/store.ts";
import { verifyStoreAudit } from "../store/verify.ts";
import { apiFixture, PASSWORD, type ApiFixture } from "./testing/fixture.ts";

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

const status = async () => {
  const res = await fx.call(fx.callers.viewer, { method: "GET", url: `/api/runs/${fx.runId}/status` });
  expect(res.statusCode).toBe(200);
  return res.json<{ version: number; state_hash: string; status: { go: boolean; gates: { id: string; state: string }[]; signoffs: { id: string; state: string }[]; items: { id: string; state: string; by?: string }[] } }>();
};

describe("health, docs and headers", () => {
  it("answers health, readiness, metrics, OpenAPI and docs without an account", async () => {
    expect((await fx.app.inject("/healthz")).json()).toEqual({ ok: true });
    expect((await fx.app.inject("/readyz")).json()).toEqual({ ok: true, store: "pglite" });
    const metrics = await fx.app.inject("/metrics");
    expect(metrics.body).toContain("golive_http_requests_total");
    expect(metrics.body).toContain("golive_sse_clients");
    const doc = (await fx.app.inject("/openapi.json")).json<{ openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain("/api/runs/{id}/signoffs/{signoff}");
    expect(doc.paths["/api/runs/{id}/items/{item}"]?.put?.requestBody).toBeDefined();
    const page = await fx.app.inject("/docs");
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.body).toContain("/api/runs/{id}/status");
    expect(page.body).not.toMatch(/<script|https?:\/\/(?!127)/);
  });

  it("puts the security headers on every response, errors included, and keeps CORS closed", async () => {
    for (const res of [
      await fx.app.inject("/healthz"),
      await fx.app.inject("/nope"),
      await fx.app.inject({ method: "GET", url: "/api/runs" }),
      await fx.call(fx.callers.viewer, { method: "GET", url: "/api/runs" }),
      await fx.app.inject({ method: "OPTIONS", url: "/api/runs", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } }),
    ]) {
      expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
      expect(res.headers["x-frame-options"]).toBe("DENY");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(res.headers["strict-transport-security"]).toBeUndefined();
      expect(Object.keys(res.headers).some((h) => h.startsWith("access-control-"))).toBe(false);
    }
  });

  it("answers errors in the one shape", async () => {
    const res = await fx.call(fx.callers.editor, { method: "PUT", url: `/api/runs/${fx.runId}/items/smoke`, payload: { state: "maybe" } });
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: { code: string; message: string; details: { issues: { path: string; message: string }[] } } }>();
    expect(body.error.code).toBe("GOLIVE_E_VALIDATION");
    expect(body.error.message).toContain("version");
    expect(body.error.details.issues.map((i) => i.path)).toEqual(["version", "state"]);
    const nf = await fx.app.inject("/api/nothing");
    expect(nf.json()).toMatchObject({ error: { code: "GOLIVE_E_ROUTE_NOT_FOUND" } });
    const bad = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs", headers: { "content-type": "application/json" }, payload: "{nope" });
    expect(bad.json()).toMatchObject({ error: { code: "GOLIVE_E_BAD_JSON" } });
    const missing = await fx.call(fx.callers.viewer, { method: "GET", url: "/api/runs/nope/status" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: "GOLIVE_E_NOT_FOUND" } });
  });
});

describe("items and concurrency", () => {
  it("ticks an item at the version read and refuses a stale write with 409", async () => {
    const { version } = await status();
    const ok = await fx.call(fx.callers.quinn, { method: "PUT", url: `/api/runs/${fx.runId}/items/smoke`, payload: { version, state: "done", note: "all green" } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ version: version + 1 });
    const stale = await fx.call(fx.callers.pat, { method: "PUT", url: `/api/runs/${fx.runId}/items/smoke`, payload: { version, state: "failed" } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: "GOLIVE_E_CONFLICT", details: { expected_version: version, current_version: version + 1 } } });
    const s = await status();
    expect(s.status.items.find((i) => i.id === "smoke")).toMatchObject({ state: "done", by: "quinn" });
  });

  it("lets only one of two simultaneous conflicting updates through (no lost update)", async () => {
    const { version } = await status();
    const [a, b] = await Promise.all([
      fx.call(fx.callers.quinn, { method: "PUT", url: `/api/runs/${fx.runId}/items/smoke`, payload: { version, state: "failed" } }),
      fx.call(fx.callers.pat, { method: "PUT", url: `/api/runs/${fx.runId}/items/smoke`, payload: { version, state: "not_applicable" } }),
    ]);
    expect([a?.statusCode, b?.statusCode].sort()).toEqual([200, 409]);
    const winner = a?.statusCode === 200 ? "quinn" : "pat";
    expect((await status()).status.items.find((i) => i.id === "smoke")?.by).toBe(winner);
  });

  it("refuses unknown items, automated items and done without required evidence", async () => {
    const { version } = await status();
    const unknown = await fx.call(fx.callers.dev, { method: "PUT", url: `/api/runs/${fx.runId}/items/nope`, payload: { version, state: "done" } });
    expect(unknown.json()).toMatchObject({ error: { code: "GOLIVE_E_UNKNOWN_REFERENCE" } });
    const auto = await fx.call(fx.callers.dev, { method: "PUT", url: `/api/runs/${fx.runId}/items/health`, payload: { version, state: "done" } });
    expect(auto.statusCode).toBe(422);
    const bare = await fx.call(fx.callers.dev, { method: "PUT", url: `/api/runs/${fx.runId}/items/backup`, payload: { version, state: "done" } });
    expect(bare.statusCode).toBe(422);
    expect(bare.json()).toMatchObject({ error: { code: "GOLIVE_E_REFUSED", details: { reasons: [{ code: "item.evidence_required", params: { item: "backup" }, text: "item backup needs evidence to be done" }] } } });
  });

  it("stores evidence files with their hash, within the size cap", async () => {
    const content = Buffer.from("pg_dump finished: 1.2 GB\n");
    const up = await fx.call(fx.callers.dev, { method: "POST", url: "/api/files", payload: { name: "backup.log", media_type: "text/plain", content_base64: content.toString("base64") } });
    expect(up.statusCode).toBe(201);
    const ev = up.json<{ kind: "file"; value: string; sha256: string; size: number }>();
    expect(ev.sha256).toMatch(/^[0-9a-f]{64}$/);
    const { version } = await status();
    const ok = await fx.call(fx.callers.dev, { method: "PUT", url: `/api/runs/${fx.runId}/items/backup`, payload: { version, state: "done", evidence: [{ kind: ev.kind, value: ev.value, sha256: ev.sha256 }, { kind: "link", value: "https://ci.example/backup/42" }] } });
    expect(ok.statusCode).toBe(200);
    const dl = await fx.call(fx.callers.viewer, { method: "GET", url: `/api/files/${ev.sha256}` });
    expect(dl.rawPayload.equals(content)).toBe(true);
    expect(dl.headers["content-disposition"]).toContain("attachment");
    const big = await fx.call(fx.callers.dev, { method: "POST", url: "/api/files", payload: { name: "big.bin", content_base64: Buffer.alloc(1_048_577).toString("base64") } });
    expect(big.statusCode).toBeGreaterThanOrEqual(400);
    expect(big.json<{ error: { code: string } }>().error.code).toMatch(/GOLIVE_E_(VALIDATION|PAYLOAD_TOO_LARGE)/);
    const forged = await fx.call(fx.callers.dev, { method: "PUT", url: `/api/runs/${fx.runId}/items/backup`, payload: { version: version + 1, state: "done", evidence: [{ kind: "file", value: "x", sha256: "0".repeat(64) }] } });
    expect(forged.statusCode).toBe(400);
  });
});

describe("sign-offs follow the engine's rules at the API", () => {
  it("refuses a sign-off before its gate passes, from a non-member, and twice by one person across separated sign-offs", async () => {
    const fresh = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs", payload: { runbook: fx.runbookHash, name: "prod", id: "prod" } });
    expect(fresh.statusCode).toBe(201);
    const v = async () => (await fx.call(fx.callers.viewer, { method: "GET", url: "/api/runs/prod/status" })).json<{ version: number; state_hash: string }>();
    const early = await fx.call(fx.callers.pat, { method: "POST", url: "/api/runs/prod/signoffs/po-ok", payload: { version: (await v()).version } });
    expect(early.statusCode).toBe(422);
    const refusal = early.json<{ error: { code: string; details: { reasons: { code: string; text: string }[] } } }>().error;
    expect(refusal.code).toBe("GOLIVE_E_REFUSED");
    expect(refusal.details.reasons.map((r) => r.code)).toContain("signoff.prerequisite");
    expect(refusal.details.reasons.map((r) => r.text).join("; ")).toMatch(/‘Ready to deploy’/);

    const file = await fx.call(fx.callers.dev, { method: "POST", url: "/api/files", payload: { name: "b.txt", content_base64: Buffer.from("ok").toString("base64") } });
    const sha = file.json<{ sha256: string }>().sha256;
    await fx.call(fx.callers.dev, { method: "PUT", url: "/api/runs/prod/items/backup", payload: { version: (await v()).version, state: "done", evidence: [{ kind: "file", value: "b.txt", sha256: sha }] } });
    await fx.call(fx.callers.quinn, { method: "PUT", url: "/api/runs/prod/items/smoke", payload: { version: (await v()).version, state: "done" } });

    const outsider = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs/prod/signoffs/po-ok", payload: { version: (await v()).version } });
    expect(outsider.statusCode).toBe(422);
    const seen = await v();
    const given = await fx.call(fx.callers.pat, { method: "POST", url: "/api/runs/prod/signoffs/po-ok", payload: { version: seen.version, comment: "accepted" } });
    expect(given.statusCode).toBe(200);
    expect(given.json()).toMatchObject({ evidence_hash: seen.state_hash });
    const twice = await fx.call(fx.callers.pat, { method: "POST", url: "/api/runs/prod/signoffs/qa-ok", payload: { version: (await v()).version } });
    expect(twice.statusCode).toBe(422);
    const stale = await fx.call(fx.callers.quinn, { method: "POST", url: "/api/runs/prod/signoffs/qa-ok", payload: { version: seen.version } });
    expect(stale.statusCode).toBe(409);
    const qa = await fx.call(fx.callers.quinn, { method: "POST", url: "/api/runs/prod/signoffs/qa-ok", payload: { version: (await v()).version } });
    expect(qa.statusCode).toBe(200);
    const s = (await fx.call(fx.callers.viewer, { method: "GET", url: "/api/runs/prod/status" })).json<{ status: { signoffs: { id: string; state: string }[] } }>();
    expect(s.status.signoffs.map((x) => [x.id, x.state])).toEqual([["po-ok", "given"], ["qa-ok", "given"]]);
    expect(await verifyStoreAudit(store)).toMatchObject({ ok: true });
  });
});

describe("accounts", () => {
  it("needs the CSRF token for cookie writes", async () => {
    const { cookie } = fx.callers.editor.headers;
    const res = await fx.app.inject({ method: "POST", url: "/api/runs", headers: { cookie: cookie ?? "" }, payload: { runbook: fx.runbookHash, name: "x" } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: "GOLIVE_E_CSRF" } });
    const wrong = await fx.app.inject({ method: "POST", url: "/api/runs", headers: { cookie: cookie ?? "", "x-csrf-token": "guess" }, payload: { runbook: fx.runbookHash, name: "x" } });
    expect(wrong.json()).toMatchObject({ error: { code: "GOLIVE_E_CSRF" } });
  });

  it("sets HttpOnly SameSite=Strict session cookies", async () => {
    const res = await fx.app.inject({ method: "POST", url: "/api/auth/login", payload: { user: "viewer", password: PASSWORD } });
    const session = res.headers["set-cookie"]?.toString() ?? "";
    expect(session).toMatch(/golive_session=[^;]+; Path=\/; SameSite=Strict; Max-Age=\d+; HttpOnly/);
    expect(session).not.toContain("Secure");
  });

  it("limits login attempts", async () => {
    const attempt = (password: string) => fx.app.inject({ method: "POST", url: "/api/auth/login", payload: { user: "quinn", password }, remoteAddress: "10.9.9.9" });
    for (let i = 0; i < 5; i++) expect((await attempt("wrong password!")).json()).toMatchObject({ error: { code: "GOLIVE_E_LOGIN_FAILED" } });
    const limited = await attempt(PASSWORD);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers["retry-after"]).toBeDefined();
    fx.clock.advance(16 * 60_000);
    expect((await attempt(PASSWORD)).statusCode).toBe(200);
  });

  it("stores tokens hashed, scopes and revokes them", async () => {
    const made = await fx.call(fx.callers.dev, { method: "POST", url: "/api/tokens", payload: { name: "deploy", scope: "write" } });
    const { id, token } = made.json<{ id: string; token: string }>();
    const bearer = { authorization: `Bearer ${token}` };
    expect((await fx.app.inject({ method: "GET", url: "/api/auth/me", headers: bearer })).json()).toMatchObject({ user: "dev", via: "token", scope: "write" });
    const audit = await fx.call(fx.callers.admin, { method: "GET", url: "/api/audit?limit=1000" });
    // The secret is all after `glv_<id>_` (it may itself contain "_").
    expect(audit.body).not.toContain(token.slice(`glv_${id}_`.length));
    expect((await fx.call(fx.callers.dev, { method: "DELETE", url: `/api/tokens/${id}` })).statusCode).toBe(200);
    expect((await fx.app.inject({ method: "GET", url: "/api/auth/me", headers: bearer })).statusCode).toBe(401);
    const viewerWrite = await fx.call(fx.callers.viewer, { method: "POST", url: "/api/tokens", payload: { name: "x", scope: "write" } });
    expect(viewerWrite.statusCode).toBe(403);
  });
});
