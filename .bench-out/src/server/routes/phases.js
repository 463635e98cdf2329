import { z } from "zod";
import { PhaseBody } from "../../api/schemas.js";
import { ApiError } from "../errors.js";
import { changeOf, requireRef } from "./helpers.js";
const PhaseParams = z.strictObject({ id: z.string().min(1), phase: z.string().min(1) });
const TaskParams = z.strictObject({ id: z.string().min(1), task: z.string().min(1) });
/**
 * The timeline's actual times: when a phase or a task really started and ended (the forecast and
 * the review use them).
 */
export function phaseRoutes(ctx) {
    return (app, _opts, done) => {
        const record = async (runId, kind, ref, body, change) => {
            const run = await ctx.runs.context(runId);
            requireRef(run, kind, ref);
            if (body.started_at === undefined && body.ended_at === undefined)
                throw new ApiError("GOLIVE_E_VALIDATION", "give started_at, ended_at or both");
            const times = { ...(body.started_at !== undefined ? { started_at: body.started_at } : {}), ...(body.ended_at !== undefined ? { ended_at: body.ended_at } : {}) };
            const fact = kind === "phase" ? { kind, data: { phase: ref, ...times } } : { kind, data: { task: ref, ...times } };
            const r = await ctx.runs.append(runId, fact, { ...change, expectedVersion: body.version, action: `${kind}.times`, subject: `${kind}:${ref}` });
            ctx.runs.invalidate(runId, r.version);
            await ctx.feed.poll();
            return { version: r.version, seq: r.event.seq };
        };
        app.post("/api/runs/:id/phases/:phase", { config: { access: "write" }, schema: { tags: ["timeline"], params: PhaseParams, body: PhaseBody } }, async (req) => record(req.params.id, "phase", req.params.phase, req.body, changeOf(ctx, req)));
        app.post("/api/runs/:id/tasks/:task", { config: { access: "write" }, schema: { tags: ["timeline"], params: TaskParams, body: PhaseBody } }, async (req) => record(req.params.id, "task", req.params.task, req.body, changeOf(ctx, req)));
        done();
    };
}
