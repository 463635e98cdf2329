import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { WaveActionBody } from "../../api/schemas.ts";
import { canOpenWave } from "../../core/engine/index.ts";
import type { WaveFact } from "../../core/model/facts.ts";
import type { ServerContext } from "../context.ts";
import { changeOf, requireRef } from "./helpers.ts";

const Params = z.strictObject({ id: z.string().min(1), wave: z.string().min(1), action: z.enum(["open", "close"]) });

/** Waves open in order, only when the engine allows it (previous exit held, soak done). */
export function waveRoutes(ctx: ServerContext) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    app.post<{ Params: z.output<typeof Params>; Body: z.output<typeof WaveActionBody> }>("/api/runs/:id/waves/:wave/:action", { config: { access: "write", actor: "any" }, schema: { tags: ["waves"], params: Params, body: WaveActionBody } }, async (req) => {
      const { id, wave, action } = req.params;
      const actor = changeOf(ctx, req).actor;
      const r = await ctx.runs.decideAndAppend(id, req.body.version, (run, now) => {
        requireRef(run, "wave", wave);
        const fact: WaveFact = { wave, action, by: actor, at: now.toISOString() };
        return { fact: { kind: "wave", data: fact }, verdict: canOpenWave(run.loaded, run.facts, now, fact), action: `wave.${action}`, subject: `wave:${wave}` };
      }, actor);
      await ctx.feed.poll();
      return { version: r.version, seq: r.event.seq };
    });
    done();
  };
}
