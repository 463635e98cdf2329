import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import { TestSendBody, type NotificationDelivery, type NotificationsView } from "../../api/notifications.ts";
import type { Envelope } from "../notify/envelope.ts";
import type { ServerContext } from "../context.ts";
import { ApiError } from "../errors.ts";
import { changeOf, RunParams } from "./helpers.ts";

/**
 * A run's notifications: where its events go (the server's channels and its runbook's routes,
 * without secrets) and the delivery log; a test send to one channel (editors and admins).
 */
export function notificationRoutes(ctx: ServerContext) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    app.get<{ Params: z.output<typeof RunParams> }>("/api/runs/:id/notifications", { config: { access: "read", actor: "any" }, schema: { tags: ["notifications"], params: RunParams } }, async (req): Promise<NotificationsView> => {
      const run = await ctx.runs.context(req.params.id);
      const kind = run.run.kind === "rehearsal" ? "rehearsal" : "live";
      const redactor = ctx.notifier.redactor(run);
      const rows = await ctx.store.listOutbox({ runId: run.run.id, limit: 200 });
      const log = await ctx.store.listDeliveries(rows.map((r) => r.id));
      const deliveries = rows.map((r): NotificationDelivery => {
        const e = r.payload as Partial<Envelope>;
        return {
          id: r.id, channel: r.channel, event: r.eventType, title: e.title ?? r.eventType, ...(e.severity ? { severity: e.severity } : {}),
          state: r.state, attempts: r.attempts, last_error: r.lastError === null ? null : redactor.redact(r.lastError),
          created_at: r.createdAt, sent_at: r.sentAt, next_at: r.state === "pending" || r.state === "retrying" ? new Date(r.nextAtMs).toISOString() : null,
          log: log.filter((d) => d.outboxId === r.id).map((d) => ({ attempt: d.attempt, at: new Date(d.atMs).toISOString(), ok: d.ok, status: d.status, error: d.error === null ? null : redactor.redact(d.error), duration_ms: d.durationMs })),
        };
      });
      const channels = ctx.notifier.list(run).map((c) => ({ ...c, active: kind === "live" || c.test }));
      return { run: run.run.id, kind, channels, deliveries };
    });

    app.post<{ Params: z.output<typeof RunParams>; Body: z.output<typeof TestSendBody> }>("/api/runs/:id/notifications/test", { config: { access: "write", actor: "any" }, schema: { tags: ["notifications"], params: RunParams, body: TestSendBody } }, async (req, reply) => {
      const run = await ctx.runs.context(req.params.id);
      const known = ctx.notifier.list(run).find((c) => c.id === req.body.channel);
      if (!known) throw new ApiError("GOLIVE_E_UNKNOWN_REFERENCE", `run '${run.run.id}' has no notification channel '${req.body.channel}'`);
      if (run.run.kind === "rehearsal" && !known.test) throw new ApiError("GOLIVE_E_UNKNOWN_REFERENCE", `a rehearsal sends to test channels only, and '${known.id}' is not one`);
      const id = await ctx.notifier.test(run, known.id, changeOf(ctx, req).actor);
      return reply.status(202).send({ id });
    });
    done();
  };
}
