import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import { LoginBody } from "../../api/schemas.ts";
import { CSRF_COOKIE, SESSION_COOKIE } from "../auth/access.ts";
import { serializeCookie } from "../auth/cookies.ts";
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from "../auth/passwords.ts";
import type { LoginLimiter } from "../auth/rate-limit.ts";
import { randomSecret, secretHash } from "../auth/tokens.ts";
import { principalOf, type ServerContext } from "../context.ts";
import { ApiError } from "../errors.ts";

const SESSION_SECONDS = 12 * 3600;

/** Sign in (session cookie + CSRF cookie), sign out, who am I. */
export function authRoutes(ctx: ServerContext, limiters: { user: LoginLimiter; address: LoginLimiter }) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    app.post<{ Body: z.output<typeof LoginBody> }>("/api/auth/login", { config: { access: "public" }, schema: { tags: ["auth"], body: LoginBody } }, async (req, reply) => {
      const nowMs = ctx.clock.now().getTime();
      const userKey = req.body.user.toLowerCase();
      // Reserve the attempt on both counters before hashing: a burst of concurrent guesses is
      // counted as it arrives, not after scrypt (synchronous: no other request runs in between).
      const userWait = limiters.user.reserve(userKey, nowMs);
      const addressWait = userWait > 0 ? 0 : limiters.address.reserve(req.ip, nowMs);
      if (userWait > 0 || addressWait > 0) {
        if (addressWait > 0) limiters.user.release(userKey, nowMs);
        const wait = Math.max(userWait, addressWait);
        reply.header("retry-after", String(Math.ceil(wait / 1000)));
        throw new ApiError("GOLIVE_E_RATE_LIMITED", undefined, { retry_after_seconds: Math.ceil(wait / 1000) });
      }
      const user = await ctx.store.getUser(req.body.user);
      // Spend the same time on unknown users, so timing does not reveal which names exist.
      const ok = await verifyPassword(req.body.password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !ok || user.disabled) throw new ApiError("GOLIVE_E_LOGIN_FAILED");
      limiters.address.release(req.ip, nowMs);
      // Hashes made with weaker parameters are upgraded while the password is at hand.
      if (needsRehash(user.passwordHash)) {
        await ctx.store.updateUser(user.name, { passwordHash: await hashPassword(req.body.password) }, { actor: "golive:login", at: new Date(nowMs).toISOString() });
      }
      limiters.user.succeed(userKey);
      const sid = randomSecret();
      const csrf = randomSecret();
      await ctx.store.createSession({ idHash: secretHash(sid), userName: user.name, csrf, expiresAt: new Date(nowMs + SESSION_SECONDS * 1000).toISOString() });
      reply.header("set-cookie", [
        serializeCookie(SESSION_COOKIE, sid, { httpOnly: true, secure: ctx.secure, maxAgeSeconds: SESSION_SECONDS }),
        serializeCookie(CSRF_COOKIE, csrf, { httpOnly: false, secure: ctx.secure, maxAgeSeconds: SESSION_SECONDS }),
      ]);
      return { user: user.name, role: user.role, csrf_token: csrf };
    });

    app.post("/api/auth/logout", { config: { access: "read", actor: "person" }, schema: { tags: ["auth"] } }, async (req, reply) => {
      const p = principalOf(req);
      if (p.sessionHash) {
        await ctx.store.deleteSession(p.sessionHash);
        ctx.principals.drop({ prefix: `session:${p.sessionHash}` });
      }
      reply.header("set-cookie", [
        serializeCookie(SESSION_COOKIE, "", { httpOnly: true, secure: ctx.secure, maxAgeSeconds: 0 }),
        serializeCookie(CSRF_COOKIE, "", { httpOnly: false, secure: ctx.secure, maxAgeSeconds: 0 }),
      ]);
      return { ok: true };
    });

    app.get("/api/auth/me", { config: { access: "read", actor: "any" }, schema: { tags: ["auth"] } }, (req) => {
      const p = principalOf(req);
      return { user: p.user, role: p.role, via: p.via, scope: p.scope };
    });
    done();
  };
}
