import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import type { Store } from "../../store/store.ts";
import { buildApp, type AppOptions, type RouteInfo } from "../app.ts";
import { hashPassword } from "../auth/passwords.ts";
import type { Clock, ServerContext } from "../context.ts";
import { testRunbook } from "./runbook.ts";

/** A clock that moves only when told to. */
export class FakeClock implements Clock {
  constructor(private ms = Date.parse("2026-05-28T07:00:00Z")) {}
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export const PASSWORD = "correct horse battery staple";

/** Someone calling the API: a session (cookie + CSRF) or a token. */
export interface Caller {
  name: string;
  headers: Record<string, string>;
}

export interface ApiFixture {
  app: FastifyInstance;
  ctx: ServerContext;
  routes: RouteInfo[];
  clock: FakeClock;
  runbookHash: string;
  runId: string;
  callers: Record<"admin" | "editor" | "viewer" | "pat" | "quinn" | "dev" | "readToken" | "writeToken" | "anonymous", Caller>;
  call(caller: Caller, opts: InjectOptions): Promise<LightMyRequestResponse>;
  /** The admin approves a runbook text: the members it names then act in its roles (and its command checks may run). */
  approve(hash: string): Promise<void>;
  close(): Promise<void>;
}

/** Signs in and returns the cookie and CSRF headers of the session. */
export async function login(app: FastifyInstance, user: string, password = PASSWORD): Promise<Caller> {
  const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { user, password } });
  if (res.statusCode !== 200) throw new Error(`login ${user}: ${res.statusCode} ${res.body}`);
  const cookies = res.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  const csrf = (res.json<{ csrf_token: string }>()).csrf_token;
  return { name: user, headers: { cookie: cookies, "x-csrf-token": csrf } };
}

/**
 * An app over `store` with accounts admin/editor/viewer (global roles) and pat, quinn, dev
 * (editors who hold runbook roles), a read and a write token, the test runbook (uploaded by the
 * editor, approved by the admin, so the members it names act) and one run.
 */
export async function apiFixture(store: Store, opts: Partial<AppOptions> & { runbookUrl?: string } = {}): Promise<ApiFixture> {
  const clock = new FakeClock();
  const { app, ctx, routes } = await buildApp({ store, clock, ...opts });
  const hash = await hashPassword(PASSWORD);
  const at = clock.now().toISOString();
  for (const [name, role] of [["admin", "admin"], ["editor", "editor"], ["viewer", "viewer"], ["pat", "editor"], ["quinn", "editor"], ["dev", "editor"]] as const) {
    await store.createUser({ name, passwordHash: hash, role, disabled: false }, { actor: "test", at });
  }
  const callers = {} as ApiFixture["callers"];
  for (const name of ["admin", "editor", "viewer", "pat", "quinn", "dev"] as const) callers[name] = await login(app, name);
  for (const scope of ["read", "write"] as const) {
    const res = await app.inject({ method: "POST", url: "/api/tokens", headers: callers.editor.headers, payload: { name: `ci-${scope}`, scope } });
    if (res.statusCode !== 201) throw new Error(`token: ${res.body}`);
    callers[scope === "read" ? "readToken" : "writeToken"] = { name: `${scope}-token`, headers: { authorization: `Bearer ${res.json<{ token: string }>().token}` } };
  }
  callers.anonymous = { name: "anonymous", headers: {} };
  const call = (caller: Caller, o: InjectOptions) => app.inject({ ...o, headers: { ...caller.headers, ...(o.headers as Record<string, string> | undefined) } });
  const approve = async (h: string) => {
    const res = await call(callers.admin, { method: "POST", url: `/api/runbooks/${h}/approve` });
    if (res.statusCode !== 200) throw new Error(`approve: ${res.body}`);
  };
  const started = { call, callers, approve };
  // The team's runbook: an admin vouches for the members its text names (an editor's upload alone
  // would not make pat, quinn and dev act in its roles; text-members.test.ts covers that).
  const runbookHash = await startRun(started, testRunbook(opts.runbookUrl), { name: "rehearsal", id: "rehearsal", date: "2026-05-28" });
  return { app, ctx, routes, clock, runbookHash, runId: "rehearsal", callers, call, approve, close: () => app.close() };
}

/** A run's fields as POST /api/runs takes them (`runbook` is filled in). */
export type RunFields = { id: string; name: string } & Record<string, unknown>;

/**
 * Uploads `source` as the editor, lets the admin vouch for it unless `approve` is false (then the
 * members its text names do not act), and creates the run; returns the runbook's hash. Throws
 * with the server's answer when a step is refused: the test's setup, not what it tests.
 */
export async function startRun(fx: Pick<ApiFixture, "call" | "callers" | "approve">, source: string, run: RunFields, { approve = true } = {}): Promise<string> {
  const up = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runbooks", payload: { source } });
  if (up.statusCode !== 201) throw new Error(`runbook: ${up.statusCode} ${up.body}`);
  const hash = up.json<{ hash: string }>().hash;
  if (approve) await fx.approve(hash);
  const made = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs", payload: { ...run, runbook: hash } });
  if (made.statusCode !== 201) throw new Error(`run ${run.id}: ${made.statusCode} ${made.body}`);
  return hash;
}
