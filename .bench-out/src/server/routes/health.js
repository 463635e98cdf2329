import { errorBody } from "../errors.js";
/** Liveness, readiness (the store answers) and Prometheus metrics. */
export function healthRoutes(ctx) {
    return (app, _opts, done) => {
        app.get("/healthz", { config: { access: "public" }, schema: { tags: ["health"] } }, () => ({ ok: true }));
        app.get("/readyz", { config: { access: "public" }, schema: { tags: ["health"] } }, async (_req, reply) => {
            try {
                await ctx.store.ping();
                // Still serving, but other instances' changes arrive by the poll only: degraded, not down.
                if (ctx.feed.listening === false)
                    return { ok: true, store: ctx.store.driver, degraded: "not listening for changes (reconnecting); reading them by polling" };
                return { ok: true, store: ctx.store.driver };
            }
            catch {
                return reply.status(503).send(errorBody("GOLIVE_E_UNAVAILABLE"));
            }
        });
        app.get("/metrics", { config: { access: "public" }, schema: { tags: ["health"] } }, async (_req, reply) => {
            ctx.metrics.sseClients.set(ctx.feed.size);
            return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
        });
        done();
    };
}
