import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import type { RunEvent } from "../../api/schemas.ts";
import type { AuditEvent } from "../../store/store.ts";
import type { ServerContext } from "../context.ts";
import { ApiError } from "../errors.ts";
import { securityHeaders } from "../security-headers.ts";
import { RunParams } from "./helpers.ts";

/** The SSE payload of an audit event (the id line carries its sequence number). */
export function runEventOf(e: AuditEvent): RunEvent {
  const after = e.after as { version?: unknown } | null;
  return { seq: e.seq, run: e.runId ?? "", action: e.action, subject: e.subject, actor: e.actor, at: e.at, version: typeof after?.version === "number" ? after.version : null };
}

/**
 * A run's live stream: every change as a server-sent event whose id is its audit sequence number.
 * Reconnecting with Last-Event-ID (or ?after=) replays what was missed from the database.
 */
export function eventRoutes(ctx: ServerContext, opts: { heartbeatMs: number }) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    // Streams never end by themselves: end them when the server closes, or close() would wait.
    const open = new Set<{ end(): void }>();
    app.addHook("preClose", (next) => {
      for (const res of open) res.end();
      next();
    });
    app.get<{ Params: z.output<typeof RunParams>; Querystring: { after?: string } }>("/api/runs/:id/events", { config: { access: "read", actor: "any" }, schema: { tags: ["runs"], params: RunParams } }, async (req, reply) => {
      const run = await ctx.store.getRun(req.params.id);
      if (!run) throw new ApiError("GOLIVE_E_NOT_FOUND", `run '${req.params.id}' not found`);
      const last = req.headers["last-event-id"] ?? req.query.after;
      const after = Number(Array.isArray(last) ? last[0] : last);
      const cursor = Number.isSafeInteger(after) && after > 0 ? after : (await ctx.store.auditHead()).seq;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...securityHeaders(ctx.secure),
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      res.write(`retry: 2000\n: connected at ${cursor}\n\n`);
      ctx.metrics.sseClients.inc();
      open.add(res);
      let live = true;
      const deliver = (e: AuditEvent) => {
        if (!live || res.destroyed) return false;
        res.write(`id: ${e.seq}\nevent: change\ndata: ${JSON.stringify(runEventOf(e))}\n\n`);
        return true;
      };
      let unsubscribe = () => undefined as void;
      const heartbeat = setInterval(() => res.write(": ping\n\n"), opts.heartbeatMs);
      heartbeat.unref();
      const close = () => {
        if (!live) return;
        live = false;
        open.delete(res);
        clearInterval(heartbeat);
        unsubscribe();
        ctx.metrics.sseClients.dec();
      };
      res.on("close", close);
      try {
        unsubscribe = await ctx.feed.subscribe(run.id, cursor, deliver);
        if (!live) unsubscribe();
      } catch (e) {
        req.log.error({ err: e }, "SSE replay failed");
        close();
        res.end();
      }
    });
    done();
  };
}
