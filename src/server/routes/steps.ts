import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { StepAction, StepActionBody } from "../../api/schemas.ts";
import { canStepAction } from "../../core/engine/index.ts";
import type { StepFact } from "../../core/model/facts.ts";
import type { ServerContext } from "../context.ts";
import { changeOf, requireRef } from "./helpers.ts";

const Params = z.strictObject({ id: z.string().min(1), step: z.string().min(1), action: StepAction });

/** Deploy steps: start, verify, done, fail, rollback, rolled_back; order and deadline enforced. */
export function stepRoutes(ctx: ServerContext) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    app.post<{ Params: z.output<typeof Params>; Body: z.output<typeof StepActionBody> }>("/api/runs/:id/steps/:step/:action", { config: { access: "write", actor: "any" }, schema: { tags: ["steps"], params: Params, body: StepActionBody } }, async (req) => {
      const { id, step, action } = req.params;
      const actor = changeOf(ctx, req).actor;
      const r = await ctx.runs.decideAndAppend(id, req.body.version, (run, now) => {
        requireRef(run, "step", step);
        const fact: StepFact = { step, action, by: actor, at: now.toISOString() };
        if (req.body.note !== undefined) fact.note = req.body.note;
        return { fact: { kind: "step", data: fact }, verdict: canStepAction(run.loaded, run.facts, now, fact), action: `step.${action}`, subject: `step:${step}` };
      }, actor);
      await ctx.feed.poll();
      return { version: r.version, seq: r.event.seq };
    });
    done();
  };
}
