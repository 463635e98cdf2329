import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ServerContext } from "../context.ts";
import { ApiError } from "../errors.ts";

const Params = z.strictObject({ id: z.string().min(1).max(200), check: z.string().min(1).max(300) });
const Query = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional().describe("Start (default: 4 weeks before `to`)."),
  to: z.iso.datetime({ offset: true }).optional().describe("End (default: now)."),
  width: z.enum(["1m", "1h"]).optional().describe("Bucket width (default: 1h over more than 6 hours, else 1m)."),
});
const MAX_BUCKETS = 50_000;

/** A check's history for charts: samples per bucket by outcome, with durations, from the aggregates. */
export function checkHistoryRoutes(ctx: ServerContext) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    app.get<{ Params: z.output<typeof Params>; Querystring: z.output<typeof Query> }>("/api/runs/:id/checks/:check/history", { config: { access: "read", actor: "any" }, schema: { tags: ["checks"], params: Params, querystring: Query } }, async (req) => {
      const { id, check } = req.params;
      const run = await ctx.runs.context(id);
      if (!run.loaded.runbook.checks.some((c) => c.id === check)) throw new ApiError("GOLIVE_E_UNKNOWN_REFERENCE", `the runbook has no check '${check}'`);
      const toMs = req.query.to ? Date.parse(req.query.to) : ctx.clock.now().getTime();
      const fromMs = req.query.from ? Date.parse(req.query.from) : toMs - 28 * 86_400_000;
      if (fromMs >= toMs) throw new ApiError("GOLIVE_E_VALIDATION", "`from` must be before `to`");
      const width = req.query.width ?? (toMs - fromMs > 6 * 3_600_000 ? "1h" : "1m");
      if ((toMs - fromMs) / (width === "1h" ? 3_600_000 : 60_000) > MAX_BUCKETS) throw new ApiError("GOLIVE_E_VALIDATION", `at most ${MAX_BUCKETS} buckets: a wider \`width\` or a shorter range`);
      // `to` is inclusive: a sample taken at this very moment is in the chart.
      const buckets = await ctx.store.sampleHistory(id, check, { fromMs, toMs: toMs + 1, width });
      return {
        check, width, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(),
        buckets: buckets.map((b) => ({ start: new Date(b.start).toISOString(), n: b.n, pass: b.pass, fail: b.fail, inconclusive: b.inconclusive, error: b.error, duration_avg_ms: b.n ? b.durSum / b.n : 0, duration_max_ms: b.durMax })),
      };
    });
    done();
  };
}
