import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { HypercareBody } from "../../api/schemas.ts";
import { canDecideHypercare } from "../../core/engine/index.ts";
import type { HypercareFact } from "../../core/model/facts.ts";
import type { ServerContext } from "../context.ts";
import { ApiError } from "../errors.ts";
import { changeOf } from "./helpers.ts";

const Params = z.strictObject({ id: z.string().min(1).max(200), action: z.enum(["close", "extend"]) });

/**
 * Closes or extends hypercare: an audited decision that the engine accepts only from an owner,
 * a close only when the period is over and every exit criterion and sign-off holds.
 */
export function hypercareRoutes(ctx: ServerContext) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    app.post<{ Params: z.output<typeof Params>; Body: z.output<typeof HypercareBody> }>("/api/runs/:id/hypercare/:action", { config: { access: "write", actor: "person" }, schema: { tags: ["hypercare"], params: Params, body: HypercareBody } }, async (req) => {
      const { id, action } = req.params;
      const actor = changeOf(ctx, req).actor;
      const r = await ctx.runs.decideAndAppend(id, req.body.version, (run, now) => {
        if (!run.loaded.runbook.hypercare) throw new ApiError("GOLIVE_E_UNKNOWN_REFERENCE", "the runbook has no hypercare", { kind: "hypercare", id: "hypercare", known: [] });
        const fact: HypercareFact = { action, by: actor, at: now.toISOString() };
        if (action === "extend" && req.body.extend_by !== undefined) fact.extend_by = req.body.extend_by;
        if (req.body.comment !== undefined) fact.comment = req.body.comment;
        return { fact: { kind: "hypercare", data: fact }, verdict: canDecideHypercare(run.loaded, run.facts, now, fact), action: `hypercare.${action}`, subject: "hypercare" };
      }, actor);
      await ctx.feed.poll();
      return { version: r.version, seq: r.event.seq };
    });
    done();
  };
}
