import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { CheckpointBody } from "../../api/schemas.ts";
import { canDecideCheckpoint } from "../../core/engine/index.ts";
import type { CheckpointFact } from "../../core/model/facts.ts";
import type { ServerContext } from "../context.ts";
import { changeOf, requireRef } from "./helpers.ts";

const Params = z.strictObject({ id: z.string().min(1), checkpoint: z.string().min(1) });

/** Go / no-go at a checkpoint, accepted only from its approvers. */
export function checkpointRoutes(ctx: ServerContext) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    app.post<{ Params: z.output<typeof Params>; Body: z.output<typeof CheckpointBody> }>("/api/runs/:id/checkpoints/:checkpoint", { config: { access: "write", actor: "person" }, schema: { tags: ["checkpoints"], params: Params, body: CheckpointBody } }, async (req) => {
      const { id, checkpoint } = req.params;
      const actor = changeOf(ctx, req).actor;
      const r = await ctx.runs.decideAndAppend(id, req.body.version, (run, now) => {
        requireRef(run, "checkpoint", checkpoint);
        const fact: CheckpointFact = { checkpoint, decision: req.body.decision, by: actor, at: now.toISOString() };
        if (req.body.comment !== undefined) fact.comment = req.body.comment;
        return { fact: { kind: "checkpoint", data: fact }, verdict: canDecideCheckpoint(run.loaded, run.facts, now, fact), action: "checkpoint.decide", subject: `checkpoint:${checkpoint}` };
      }, actor);
      await ctx.feed.poll();
      return { version: r.version, seq: r.event.seq };
    });
    done();
  };
}
