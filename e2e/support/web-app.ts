import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { buildApp, type AppOptions } from "../../src/server/app.ts";
import { hashPassword } from "../../src/server/auth/passwords.ts";
import { openStore } from "../../src/store/open.ts";
import type { Store } from "../../src/store/store.ts";

// The whole product for browser tests: `golive serve`'s app on the embedded store (PGlite in
// memory), listening on loopback, with accounts, example runbooks and runs.

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const PASSWORD = "a long enough e2e password";

/** Builds web/dist if it is missing (npm test builds it before the tests). */
export async function ensureWebBuild(): Promise<void> {
  if (existsSync(`${ROOT}web/dist/index.html`)) return;
  const { build } = await import("vite");
  await build({ configFile: `${ROOT}web/vite.config.ts`, logLevel: "warn" });
}

export interface WebApp {
  url: string;
  /** Calls the API in-process as an account (signed in on first use). */
  call(user: string, method: "GET" | "POST" | "PUT", url: string, payload?: unknown): Promise<{ status: number; body: unknown }>;
  app: FastifyInstance;
  store: Store;
  runbooks: Record<string, string>;
  close(): Promise<void>;
}

/** The examples' `${env:…}` prefixes, exposed to checks the way an operator would. */
export const EXAMPLE_CHECK_ENV = ["PANCAKE_*", "GOODGO_*", "ERP_*", "OUTREACH_*", "WA_INBOX_*"];

/** The admin that uploads the runbooks and creates the runs (and so may assign "admin" to roles). */
const SETUP_ADMIN = "e2e-setup";

/** Accounts: name -> global role. */
export const ACCOUNTS = { admin: "admin", pat: "editor", quinn: "editor", cora: "editor", ben: "editor", vic: "viewer" } as const;

/** Starts the server with the given example runbooks uploaded and runs created (id -> example file, assignments). */
export async function startWebApp(runs: { id: string; name: string; example: string; date?: string; kind?: "rehearsal" | "live"; goliveAt?: string; assignments: Record<string, string[]> }[], opts: { startAt?: string; checkEnvAllow?: string[]; allowCommands?: boolean; notify?: AppOptions["notify"]; checkEnv?: AppOptions["checkEnv"]; sources?: Record<string, string> } = {}): Promise<WebApp> {
  const store = await openStore("memory:");
  // The server's clock runs at real speed from `startAt` (a moment on the cutover day).
  const offset = opts.startAt ? Date.parse(opts.startAt) - Date.now() : 0;
  const clock = { now: () => new Date(Date.now() + offset) };
  // The operator exposes the examples' check variables, as `golive serve --check-env` would; the
  // variables themselves stay unset here unless a test sets them; command checks' folders lie
  // under the temporary directory.
  const { app } = await buildApp({ store, clock, checkEnvAllow: opts.checkEnvAllow ?? EXAMPLE_CHECK_ENV, checkFiles: tmpdir(), allowCommands: opts.allowCommands ?? false, ...(opts.notify ? { notify: opts.notify } : {}), ...(opts.checkEnv ? { checkEnv: opts.checkEnv } : {}), pollFeed: true, feedPollMs: 100, sseHeartbeatMs: 5_000, loginLimit: { max: 1000, windowMs: 60_000 } });
  const at = clock.now().toISOString();
  const hash = await hashPassword(PASSWORD);
  for (const [name, role] of Object.entries(ACCOUNTS)) await store.createUser({ name, passwordHash: hash, role, disabled: false }, { actor: "e2e", at });
  // Runs are set up by an admin of their own: nobody may assign themselves (admins included), and
  // the tests put "admin" in runbook roles.
  await store.createUser({ name: SETUP_ADMIN, passwordHash: hash, role: "admin", disabled: false }, { actor: "e2e", at });
  const login = await app.inject({ method: "POST", url: "/api/auth/login", payload: { user: SETUP_ADMIN, password: PASSWORD } });
  const headers = { cookie: login.cookies.map((c) => `${c.name}=${c.value}`).join("; "), "x-csrf-token": login.json<{ csrf_token: string }>().csrf_token };
  const runbooks: Record<string, string> = {};
  for (const r of runs) {
    if (!runbooks[r.example]) {
      const up = await app.inject({ method: "POST", url: "/api/runbooks", headers, payload: { source: opts.sources?.[r.example] ?? readFileSync(`${ROOT}examples/${r.example}`, "utf8"), file: r.example } });
      if (up.statusCode !== 201) throw new Error(`upload ${r.example}: ${up.body}`);
      runbooks[r.example] = up.json<{ hash: string }>().hash;
    }
    const created = await app.inject({ method: "POST", url: "/api/runs", headers, payload: { runbook: runbooks[r.example], id: r.id, name: r.name, assignments: r.assignments, ...(r.date ? { date: r.date } : {}), ...(r.kind ? { kind: r.kind } : {}), ...(r.goliveAt ? { golive_at: r.goliveAt } : {}) } });
    if (created.statusCode !== 201) throw new Error(`run ${r.id}: ${created.body}`);
  }
  const sessions = new Map<string, Record<string, string>>([[SETUP_ADMIN, headers]]);
  const call: WebApp["call"] = async (user, method, url, payload) => {
    let h = sessions.get(user);
    if (!h) {
      const r = await app.inject({ method: "POST", url: "/api/auth/login", payload: { user, password: PASSWORD } });
      h = { cookie: r.cookies.map((c) => `${c.name}=${c.value}`).join("; "), "x-csrf-token": r.json<{ csrf_token: string }>().csrf_token };
      sessions.set(user, h);
    }
    const res = await app.inject({ method, url, headers: h, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
    return { status: res.statusCode, body: res.body ? res.json<unknown>() : undefined };
  };
  await app.listen({ host: "127.0.0.1", port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, app, store, runbooks, call, close: async () => {
      await app.close();
      await store.close();
    },
  };
}

/** A stand-in service on loopback that answers every request with `status`. */
export async function startStandIn(status: number): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ status: status < 400 ? "ok" : "down" }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}
