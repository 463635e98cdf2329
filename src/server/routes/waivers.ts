import type { FastifyInstance } from "fastify";
import { randomBytes } from "node:crypto";
import type { z } from "zod";
import { WaiverBody } from "../../api/schemas.ts";
import { canGrantWaiver } from "../../core/engine/index.ts";
import type { WaiverFact } from "../../core/model/facts.ts";
import type { ServerContext } from "../context.ts";
import { changeOf, requireRef, RunParams } from "./helpers.ts";

/** Waivers: explicit, signed, expiring exceptions, granted only by the policy's grantors. */
export function waiverRoutes(ctx: ServerContext) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    app.post<{ Params: z.output<typeof RunParams>; Body: z.output<typeof WaiverBody> }>("/api/runs/:id/waivers", { config: { access: "write", actor: "person" }, schema: { tags: ["waivers"], params: RunParams, body: WaiverBody } }, async (req, reply) => {
      const b = req.body;
      const actor = changeOf(ctx, req).actor;
      const waiverId = b.id ?? `waiver-${randomBytes(4).toString("hex")}`;
      const r = await ctx.runs.decideAndAppend(req.params.id, b.version, (run, now) => {
        requireRef(run, "waiver policy", b.policy);
        const fact: WaiverFact = { id: waiverId, policy: b.policy, target: b.target, by: actor, at: now.toISOString(), expires: b.expires, reason: b.reason };
        return { fact: { kind: "waiver", data: fact }, verdict: canGrantWaiver(run.loaded, run.facts, now, fact), action: "waiver.grant", subject: `waiver:${waiverId}` };
      }, actor);
      await ctx.feed.poll();
      return reply.status(201).send({ id: waiverId, version: r.version, seq: r.event.seq });
    });
    done();
  };
}
