import { z } from "zod";
import { WaveActionBody } from "../../api/schemas.js";
import { canOpenWave } from "../../core/engine/index.js";
import { changeOf, requireRef } from "./helpers.js";
const Params = z.strictObject({ id: z.string().min(1), wave: z.string().min(1), action: z.enum(["open", "close"]) });
/** Waves open in order, only when the engine allows it (previous exit held, soak done). */
export function waveRoutes(ctx) {
    return (app, _opts, done) => {
        app.post("/api/runs/:id/waves/:wave/:action", { config: { access: "write" }, schema: { tags: ["waves"], params: Params, body: WaveActionBody } }, async (req) => {
            const { id, wave, action } = req.params;
            const actor = changeOf(ctx, req).actor;
            const r = await ctx.runs.decideAndAppend(id, req.body.version, (run, now) => {
                requireRef(run, "wave", wave);
                const fact = { wave, action, by: actor, at: now.toISOString() };
                return { fact: { kind: "wave", data: fact }, verdict: canOpenWave(run.loaded, run.facts, now, fact), action: `wave.${action}`, subject: `wave:${wave}` };
            }, actor);
            await ctx.feed.poll();
            return { version: r.version, seq: r.event.seq };
        });
        done();
    };
}
