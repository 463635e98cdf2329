import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import { AuditQuery } from "../../api/schemas.ts";
import { verifyStoreAudit } from "../../store/verify.ts";
import type { ServerContext } from "../context.ts";

/** The audit log (read) and its verification (admins). */
export function auditRoutes(ctx: ServerContext) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    app.get<{ Querystring: z.output<typeof AuditQuery> }>("/api/audit", { config: { access: "read", actor: "any" }, schema: { tags: ["audit"], querystring: AuditQuery } }, async (req) => {
      const events = await ctx.store.listAudit({ runId: req.query.run, afterSeq: req.query.after, limit: req.query.limit });
      return { events };
    });
    app.get("/api/audit/verify", { config: { access: "admin", actor: "any" }, schema: { tags: ["audit"] } }, async () => verifyStoreAudit(ctx.store));
    done();
  };
}
