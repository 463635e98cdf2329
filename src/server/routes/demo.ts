import type { FastifyInstance } from "fastify";
import { publicDemo, type DemoStatus } from "../demo-status.ts";

/** GET /api/demo: whether the demo's stand-ins run (off when serve was given runbooks or --no-demo). */
export function demoRoutes(demo: DemoStatus) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    app.get("/api/demo", { config: { access: "read", actor: "any" }, schema: { tags: ["runs"] } }, (_req, reply) => reply.send(publicDemo(demo)));
    done();
  };
}
