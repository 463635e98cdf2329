import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import { reviewRun } from "../../core/engine/index.ts";
import type { ServerContext } from "../context.ts";
import { RunParams } from "./helpers.ts";

type Params = { Params: z.output<typeof RunParams> };

/** One rehearsal (or the go-live) of the same runbook, as the comparison lists it. */
export interface RehearsalSummary {
  id: string;
  name: string;
  kind: "rehearsal" | "live";
  started_at: string | null;
  finish: string | null;
  finished: boolean;
  finish_variance_ms: number | null;
  recovery_ms: number | null;
}

/**
 * `GET /api/runs/:id/review`: the run's planned against actual times per task, the critical path
 * as planned and as run, when each checkpoint was decided, the recovery time against its target,
 * and the same summary for every rehearsal of the same runbook (by runbook id, any version).
 */
export function reviewRoutes(ctx: ServerContext) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    app.get<Params>("/api/runs/:id/review", { config: { access: "read", actor: "any" }, schema: { tags: ["runs"], params: RunParams } }, async (req) => {
      const now = ctx.clock.now();
      const c = await ctx.runs.context(req.params.id);
      const review = reviewRun(c.loaded, c.facts, now);
      const runbookId = c.loaded.runbook.meta.id;
      const rehearsals: RehearsalSummary[] = [];
      for (const r of await ctx.store.listRuns()) {
        if (r.kind !== "rehearsal" && r.id !== c.run.id) continue;
        const other = r.id === c.run.id ? c : await ctx.runs.context(r.id);
        if (other.loaded.runbook.meta.id !== runbookId) continue;
        const rv = r.id === c.run.id ? review : reviewRun(other.loaded, other.facts, now);
        rehearsals.push({
          id: r.id, name: r.name, kind: r.kind, started_at: rv.actualStart ?? null, finish: rv.finish ?? null, finished: rv.finished ?? false,
          finish_variance_ms: rv.finishVarianceMs ?? null, recovery_ms: rv.recovery?.actualMs ?? null,
        });
      }
      return { version: c.run.version, review, rehearsals };
    });
    done();
  };
}
