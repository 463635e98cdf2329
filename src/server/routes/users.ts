import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { CreateTokenBody, CreateUserBody, UpdateUserBody } from "../../api/schemas.ts";
import type { TokenRecord, UserRecord } from "../../store/store.ts";
import { hashPassword } from "../auth/passwords.ts";
import { newApiToken, secretHash } from "../auth/tokens.ts";
import { principalOf, type ServerContext } from "../context.ts";
import { ApiError } from "../errors.ts";
import { changeOf } from "./helpers.ts";

const publicUser = (u: UserRecord) => ({ name: u.name, role: u.role, disabled: u.disabled, created_at: u.createdAt });
const publicToken = (t: TokenRecord) => ({ id: t.id, name: t.name, user: t.userName, scope: t.scope, created_at: t.createdAt, revoked_at: t.revokedAt });
const NameParams = z.strictObject({ name: z.string().min(1).max(200) });
const TokenParams = z.strictObject({ tokenId: z.string().min(1).max(100) });

/** Accounts (admins manage them) and API tokens (each account manages its own). */
export function userRoutes(ctx: ServerContext) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    app.get("/api/users", { config: { access: "admin", actor: "person" }, schema: { tags: ["accounts"] } }, async () => (await ctx.store.listUsers()).map(publicUser));

    app.post<{ Body: z.output<typeof CreateUserBody> }>("/api/users", { config: { access: "admin", actor: "person" }, schema: { tags: ["accounts"], body: CreateUserBody } }, async (req, reply) => {
      const user = await ctx.store.createUser({ name: req.body.name, passwordHash: await hashPassword(req.body.password), role: req.body.role, disabled: false }, changeOf(ctx, req));
      return reply.status(201).send(publicUser(user));
    });

    app.patch<{ Params: z.output<typeof NameParams>; Body: z.output<typeof UpdateUserBody> }>("/api/users/:name", { config: { access: "admin", actor: "person" }, schema: { tags: ["accounts"], params: NameParams, body: UpdateUserBody } }, async (req) => {
      // Nobody could manage accounts any more: keep at least one enabled admin.
      const losesAdmin = (req.body.role !== undefined && req.body.role !== "admin") || req.body.disabled === true;
      if (losesAdmin) {
        const users = await ctx.store.listUsers();
        const target = users.find((u) => u.name === req.params.name);
        const otherAdmins = users.filter((u) => u.role === "admin" && !u.disabled && u.name !== req.params.name);
        if (target?.role === "admin" && !target.disabled && otherAdmins.length === 0) throw new ApiError("GOLIVE_E_LAST_ADMIN", `'${target.name}' is the last enabled admin`);
      }
      const patch: Parameters<typeof ctx.store.updateUser>[1] = {};
      if (req.body.password) patch.passwordHash = await hashPassword(req.body.password);
      if (req.body.role) patch.role = req.body.role;
      if (req.body.disabled !== undefined) patch.disabled = req.body.disabled;
      const user = await ctx.store.updateUser(req.params.name, patch, changeOf(ctx, req));
      ctx.principals.drop({ user: user.name });
      await ctx.feed.poll();
      return publicUser(user);
    });

    app.get("/api/tokens", { config: { access: "read", actor: "person" }, schema: { tags: ["accounts"] } }, async (req) => {
      const p = principalOf(req);
      return (await ctx.store.listTokens(p.role === "admin" ? undefined : p.user)).map(publicToken);
    });

    app.post<{ Body: z.output<typeof CreateTokenBody> }>("/api/tokens", { config: { access: "read", actor: "person" }, schema: { tags: ["accounts"], body: CreateTokenBody } }, async (req, reply) => {
      const p = principalOf(req);
      if (req.body.scope === "write" && p.role === "viewer") throw new ApiError("GOLIVE_E_FORBIDDEN", "viewers may only create read tokens");
      const { id, secret, token } = newApiToken();
      const rec = await ctx.store.createToken({ id, name: req.body.name, userName: p.user, secretHash: secretHash(secret), scope: req.body.scope, createdAt: ctx.clock.now().toISOString() }, changeOf(ctx, req));
      // The only time the secret is shown.
      return reply.status(201).send({ ...publicToken(rec), token });
    });

    app.delete<{ Params: z.output<typeof TokenParams> }>("/api/tokens/:tokenId", { config: { access: "read", actor: "person" }, schema: { tags: ["accounts"], params: TokenParams } }, async (req) => {
      const p = principalOf(req);
      const t = await ctx.store.getToken(req.params.tokenId);
      if (!t || (t.userName !== p.user && p.role !== "admin")) throw new ApiError("GOLIVE_E_NOT_FOUND", "no such token");
      const revoked = await ctx.store.revokeToken(t.id, changeOf(ctx, req));
      ctx.principals.drop({ prefix: `token:${t.id}:` });
      await ctx.feed.poll();
      return publicToken(revoked);
    });
    done();
  };
}
