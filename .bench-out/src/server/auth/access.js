import { ApiError } from "../errors.js";
import { parseCookies } from "./cookies.js";
import { parseApiToken, sameHash, secretHash } from "./tokens.js";
export const SESSION_COOKIE = "golive_session";
export const CSRF_COOKIE = "golive_csrf";
export const CSRF_HEADER = "x-csrf-token";
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
async function resolvePrincipal(ctx, req) {
    const nowMs = ctx.clock.now().getTime();
    const auth = req.headers.authorization;
    if (auth?.startsWith("Bearer ")) {
        const parsed = parseApiToken(auth.slice(7).trim());
        if (!parsed)
            return null;
        const presented = secretHash(parsed.secret);
        const key = `token:${parsed.id}:${presented}`;
        const cached = ctx.principals.get(key, nowMs);
        if (cached)
            return cached;
        const token = await ctx.store.getToken(parsed.id);
        if (!token || token.revokedAt || !sameHash(token.secretHash, presented))
            return null;
        const user = await ctx.store.getUser(token.userName);
        if (!user || user.disabled)
            return null;
        const p = { user: user.name, role: user.role, via: "token", scope: token.scope };
        ctx.principals.set(key, p, nowMs);
        return p;
    }
    const sid = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    if (!sid)
        return null;
    const hash = secretHash(sid);
    const key = `session:${hash}`;
    const cached = ctx.principals.get(key, nowMs);
    if (cached)
        return cached;
    const session = await ctx.store.getSession(hash);
    if (!session || Date.parse(session.expiresAt) <= nowMs)
        return null;
    const user = await ctx.store.getUser(session.userName);
    if (!user || user.disabled)
        return null;
    const p = { user: user.name, role: user.role, via: "session", scope: "write", csrf: session.csrf, sessionHash: hash };
    ctx.principals.set(key, p, nowMs, Date.parse(session.expiresAt));
    return p;
}
/**
 * Resolves the caller of every request and enforces the route's declared access before the body
 * is read. A route without a declared access is refused: access is opt-in, never forgotten.
 */
export function installAccessControl(app, ctx) {
    app.decorateRequest("principal", null);
    app.addHook("onRequest", async (req) => {
        const access = req.routeOptions.config.access;
        if (req.routeOptions.url === undefined)
            return; // not found: the 404 handler answers
        if (access === undefined)
            throw new ApiError("GOLIVE_E_FORBIDDEN", "route has no access rule");
        if (access === "public")
            return;
        const p = await resolvePrincipal(ctx, req);
        req.principal = p;
        if (!p)
            throw new ApiError("GOLIVE_E_UNAUTHENTICATED");
        const writing = !SAFE.has(req.method);
        if (p.via === "session" && writing) {
            const header = req.headers[CSRF_HEADER];
            const sent = Array.isArray(header) ? header[0] : header;
            if (!sent || !p.csrf || !sameHash(secretHash(sent), secretHash(p.csrf)))
                throw new ApiError("GOLIVE_E_CSRF");
        }
        if (access === "read")
            return;
        if (access === "session") {
            if (p.via !== "session")
                throw new ApiError("GOLIVE_E_TOKEN_SCOPE", "API tokens cannot manage accounts or tokens; sign in");
            return;
        }
        if (writing && p.scope !== "write")
            throw new ApiError("GOLIVE_E_TOKEN_SCOPE");
        if (access === "write" && p.role === "viewer")
            throw new ApiError("GOLIVE_E_FORBIDDEN", "viewers cannot change runs");
        if (access === "admin" && p.role !== "admin")
            throw new ApiError("GOLIVE_E_FORBIDDEN", "only admins may do this");
    });
}
