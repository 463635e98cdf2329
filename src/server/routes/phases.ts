import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { PhaseBody } from "../../api/schemas.ts";
import type { PhaseFact } from "../../core/model/facts.ts";
import type { ServerContext } from "../context.ts";
import { ApiError } from "../errors.ts";
import { changeOf, requireRef } from "./helpers.ts";

const Params = z.strictObject({ id: z.string().min(1), phase: z.string().min(1) });

/** The timeline's actual times: when a phase really started and ended (default: now). */
export function phaseRoutes(ctx: ServerContext) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    app.post<{ Params: z.output<typeof Params>; Body: z.output<typeof PhaseBody> }>("/api/runs/:id/phases/:phase", { config: { access: "write" }, schema: { tags: ["timeline"], params: Params, body: PhaseBody } }, async (req) => {
      const { id, phase } = req.params;
      const run = await ctx.runs.context(id);
      requireRef(run, "phase", phase);
      if (req.body.started_at === undefined && req.body.ended_at === undefined) throw new ApiError("GOLIVE_E_VALIDATION", "give started_at, ended_at or both");
      const change = changeOf(ctx, req);
      const fact: PhaseFact = { phase };
      if (req.body.started_at !== undefined) fact.started_at = req.body.started_at;
      if (req.body.ended_at !== undefined) fact.ended_at = req.body.ended_at;
      const r = await ctx.runs.append(id, { kind: "phase", data: fact }, { ...change, expectedVersion: req.body.version, action: "phase.times", subject: `phase:${phase}` });
      ctx.runs.invalidate(id);
      await ctx.feed.poll();
      return { version: r.version, seq: r.event.seq };
    });
    done();
  };
}
