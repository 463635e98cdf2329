import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { PhaseBody } from "../../api/schemas.ts";
import type { ServerContext } from "../context.ts";
import { ApiError } from "../errors.ts";
import { changeOf, requireRef } from "./helpers.ts";

const PhaseParams = z.strictObject({ id: z.string().min(1), phase: z.string().min(1) });
const TaskParams = z.strictObject({ id: z.string().min(1), task: z.string().min(1) });

/**
 * The timeline's actual times: when a phase or a task really started and ended (the forecast and
 * the review use them).
 */
export function phaseRoutes(ctx: ServerContext) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    const record = async (runId: string, kind: "phase" | "task", ref: string, body: z.output<typeof PhaseBody>, change: ReturnType<typeof changeOf>) => {
      const run = await ctx.runs.context(runId);
      requireRef(run, kind, ref);
      if (body.started_at === undefined && body.ended_at === undefined) throw new ApiError("GOLIVE_E_VALIDATION", "give started_at, ended_at or both");
      const times = { ...(body.started_at !== undefined ? { started_at: body.started_at } : {}), ...(body.ended_at !== undefined ? { ended_at: body.ended_at } : {}) };
      const fact = kind === "phase" ? { kind, data: { phase: ref, ...times } } as const : { kind, data: { task: ref, ...times } } as const;
      const r = await ctx.runs.append(runId, fact, { ...change, expectedVersion: body.version, action: `${kind}.times`, subject: `${kind}:${ref}` });
      ctx.runs.invalidate(runId, r.version);
      await ctx.feed.poll();
      return { version: r.version, seq: r.event.seq };
    };
    app.post<{ Params: z.output<typeof PhaseParams>; Body: z.output<typeof PhaseBody> }>("/api/runs/:id/phases/:phase", { config: { access: "write", actor: "any" }, schema: { tags: ["timeline"], params: PhaseParams, body: PhaseBody } }, async (req) =>
      record(req.params.id, "phase", req.params.phase, req.body, changeOf(ctx, req)));
    app.post<{ Params: z.output<typeof TaskParams>; Body: z.output<typeof PhaseBody> }>("/api/runs/:id/tasks/:task", { config: { access: "write", actor: "any" }, schema: { tags: ["timeline"], params: TaskParams, body: PhaseBody } }, async (req) =>
      record(req.params.id, "task", req.params.task, req.body, changeOf(ctx, req)));
    done();
  };
}
