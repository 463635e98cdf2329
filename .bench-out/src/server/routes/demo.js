import { publicDemo } from "../demo-status.js";
/** GET /api/demo: whether the demo's stand-ins run (off when serve was given runbooks or --no-demo). */
export function demoRoutes(demo) {
    return (app, _opts, done) => {
        app.get("/api/demo", { config: { access: "read" }, schema: { tags: ["runs"] } }, (_req, reply) => reply.send(publicDemo(demo)));
        done();
    };
}
