import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Access, Actor, ServerContext, Principal } from "../context.ts";
import { ApiError } from "../errors.ts";
import { parseCookies } from "./cookies.ts";
import { parseApiToken, sameHash, secretHash } from "./tokens.ts";

export const SESSION_COOKIE = "golive_session";
export const CSRF_COOKIE = "golive_csrf";
export const CSRF_HEADER = "x-csrf-token";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

async function resolvePrincipal(ctx: ServerContext, req: FastifyRequest): Promise<Principal | null> {
  const nowMs = ctx.clock.now().getTime();
  const auth = req.headers.authorization;
  if (auth?.startsWith("Bearer ")) {
    const parsed = parseApiToken(auth.slice(7).trim());
    if (!parsed) return null;
    const presented = secretHash(parsed.secret);
    const key = `token:${parsed.id}:${presented}`;
    const cached = ctx.principals.get(key, nowMs);
    if (cached) return cached;
    const token = await ctx.store.getToken(parsed.id);
    if (!token || token.revokedAt || !sameHash(token.secretHash, presented)) return null;
    const user = await ctx.store.getUser(token.userName);
    if (!user || user.disabled) return null;
    const p: Principal = { user: user.name, role: user.role, via: "token", scope: token.scope, tokenId: token.id };
    ctx.principals.set(key, p, nowMs);
    return p;
  }
  const sid = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
  if (!sid) return null;
  const hash = secretHash(sid);
  const key = `session:${hash}`;
  const cached = ctx.principals.get(key, nowMs);
  if (cached) return cached;
  const session = await ctx.store.getSession(hash);
  if (!session || Date.parse(session.expiresAt) <= nowMs) return null;
  const user = await ctx.store.getUser(session.userName);
  if (!user || user.disabled) return null;
  const p: Principal = { user: user.name, role: user.role, via: "session", scope: "write", csrf: session.csrf, sessionHash: hash };
  ctx.principals.set(key, p, nowMs, Date.parse(session.expiresAt));
  return p;
}

/** What a token hears when it tries a person's act: the same words from the hook and from a handler. */
export function personRequired(what: string): ApiError {
  return new ApiError("GOLIVE_E_TOKEN_SCOPE", `${what} is an act of a person: API tokens cannot do it, whatever their account's role or scope. Sign in (the dashboard, a session) and do it there.`, { requires: "session" });
}

/**
 * Refuses a token where only a person may act (a route declared `actor: "person"`, or a part of
 * a route's body that is such an act, e.g. assignments of a new run): logged, and audited as
 * `token.refused` (once per token and route a minute per instance, so a leaked token hammering
 * cannot flood the chain).
 */
export async function requirePerson(ctx: ServerContext, req: FastifyRequest, p: Principal, what: string): Promise<void> {
  if (p.via === "session") return;
  const route = `${req.method} ${req.routeOptions.url ?? req.url}`;
  req.log.warn({ user: p.user, token: p.tokenId, route }, "an API token tried a person's act");
  if (p.tokenId !== undefined && refusals.fresh(`${p.tokenId} ${route}`, ctx.clock.now().getTime())) {
    // The refusal stands whatever happens to its record: a store error must not turn it into a 500.
    try {
      await ctx.store.recordTokenRefusal({ tokenId: p.tokenId, route, what }, { actor: p.user, at: ctx.clock.now().toISOString() });
    } catch (e) {
      req.log.error({ err: e, token: p.tokenId, route }, "could not audit a refused token");
    }
  }
  throw personRequired(what);
}

/** Remembers refusals already audited within the minute (bounded: the oldest go first). */
class RecentRefusals {
  private readonly seen = new Map<string, number>();
  fresh(key: string, nowMs: number): boolean {
    const at = this.seen.get(key);
    if (at !== undefined && nowMs - at < 60_000) return false;
    this.seen.delete(key);
    this.seen.set(key, nowMs);
    if (this.seen.size > 10_000) this.seen.delete(this.seen.keys().next().value as string);
    return true;
  }
}
const refusals = new RecentRefusals();

/**
 * Resolves the caller of every request and enforces the route's declared access and actor before
 * the body is read. A route without a declared access, or a non-public route without a declared
 * actor, is refused (and `assertDeclared` stops the app from starting with one): declared, never
 * forgotten.
 */
export function installAccessControl(app: FastifyInstance, ctx: ServerContext): void {
  app.decorateRequest("principal", null);
  app.addHook("onRequest", async (req) => {
    const { access, actor } = req.routeOptions.config;
    if (req.routeOptions.url === undefined) return; // not found: the 404 handler answers
    if (access === undefined) throw new ApiError("GOLIVE_E_FORBIDDEN", "route has no access rule");
    if (access === "public") return;
    if (actor === undefined) throw new ApiError("GOLIVE_E_FORBIDDEN", "route has no actor rule");
    const p = await resolvePrincipal(ctx, req);
    req.principal = p;
    if (!p) throw new ApiError("GOLIVE_E_UNAUTHENTICATED");
    const writing = !SAFE.has(req.method);
    if (p.via === "session" && writing) {
      const header = req.headers[CSRF_HEADER];
      const sent = Array.isArray(header) ? header[0] : header;
      if (!sent || !p.csrf || !sameHash(secretHash(sent), secretHash(p.csrf))) throw new ApiError("GOLIVE_E_CSRF");
    }
    // Before the role: a token hears that it is not a person, not that its role falls short.
    if (actor === "person") await requirePerson(ctx, req, p, `${req.method} ${req.routeOptions.url}`);
    if (access === "read") return;
    if (writing && p.scope !== "write") throw new ApiError("GOLIVE_E_TOKEN_SCOPE");
    if (access === "write" && p.role === "viewer") throw new ApiError("GOLIVE_E_FORBIDDEN", "viewers cannot change runs");
    if (access === "admin" && p.role !== "admin") throw new ApiError("GOLIVE_E_FORBIDDEN", "only admins may do this");
  });
}

/** Throws at registration when a route declares no access, or no actor while not public. */
export function assertDeclared(route: { method: string | string[]; url: string; config?: { access?: Access; actor?: Actor } }): void {
  const access = route.config?.access;
  if (access === undefined) throw new Error(`route ${String(route.method)} ${route.url} declares no access (config.access)`);
  if (access !== "public" && route.config?.actor === undefined) throw new Error(`route ${String(route.method)} ${route.url} declares no actor (config.actor: "any" or "person")`);
}
