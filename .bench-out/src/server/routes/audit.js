import { AuditQuery } from "../../api/schemas.js";
import { verifyStoreAudit } from "../../store/verify.js";
/** The audit log (read) and its verification (admins). */
export function auditRoutes(ctx) {
    return (app, _opts, done) => {
        app.get("/api/audit", { config: { access: "read" }, schema: { tags: ["audit"], querystring: AuditQuery } }, async (req) => {
            const events = await ctx.store.listAudit({ runId: req.query.run, afterSeq: req.query.after, limit: req.query.limit });
            return { events };
        });
        app.get("/api/audit/verify", { config: { access: "admin" }, schema: { tags: ["audit"] } }, async () => verifyStoreAudit(ctx.store));
        done();
    };
}
