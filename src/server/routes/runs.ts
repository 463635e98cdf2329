import type { FastifyInstance } from "fastify";
import { randomBytes } from "node:crypto";
import type { z } from "zod";
import { CreateRunBody, RunChecksBody, UpdateRunBody } from "../../api/schemas.ts";
import type { RunRecord } from "../../store/store.ts";
import type { ServerContext } from "../context.ts";
import { ApiError } from "../errors.ts";
import { changeOf, RunParams } from "./helpers.ts";

type Params = { Params: z.output<typeof RunParams> };

/** The run as the API shows it. */
export function publicRun(r: RunRecord) {
  return { id: r.id, name: r.name, kind: r.kind, runbook: r.runbookHash, version: r.version, active: r.active, ...r.meta, assignments: r.assignments, created_at: r.createdAt, created_by: r.createdBy };
}

/** What starting a run records: when, and for a rebaselined run that the plan starts then too. */
function startMeta(at: string, rebaseline: boolean): RunRecord["meta"] {
  return rebaseline ? { started_at: at, baseline_start: at } : { started_at: at };
}

/** Refuses assignments to roles the runbook does not define. */
function knownRoles(roles: readonly { id: string }[], assignments: Record<string, string[]>): void {
  const ids = new Set(roles.map((r) => r.id));
  const unknown = Object.keys(assignments).filter((r) => !ids.has(r));
  if (unknown.length) throw new ApiError("GOLIVE_E_UNKNOWN_REFERENCE", `the runbook has no role ${unknown.map((r) => `'${r}'`).join(", ")}`, { known: [...ids] });
}

/** Runs: create, list, read (with facts), update (versioned), status, and run checks now. */
export function runRoutes(ctx: ServerContext) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    app.get("/api/runs", { config: { access: "read" }, schema: { tags: ["runs"] } }, async () => (await ctx.store.listRuns()).map(publicRun));

    app.post<{ Body: z.output<typeof CreateRunBody> }>("/api/runs", { config: { access: "write" }, schema: { tags: ["runs"], body: CreateRunBody } }, async (req, reply) => {
      const b = req.body;
      const loaded = await ctx.runs.loaded(b.runbook);
      if (b.assignments) knownRoles(loaded.runbook.roles, b.assignments);
      const meta: RunRecord["meta"] = {};
      if (b.date) meta.date = b.date;
      if (b.timezone) meta.timezone = b.timezone;
      if (b.golive_at) meta.golive_at = b.golive_at;
      if (b.start) Object.assign(meta, startMeta(ctx.clock.now().toISOString(), b.rebaseline ?? b.kind === "rehearsal"));
      const id = b.id ?? `run-${randomBytes(5).toString("hex")}`;
      const run = await ctx.store.createRun({ id, name: b.name, runbookHash: b.runbook, meta, assignments: b.assignments ?? {}, kind: b.kind }, changeOf(ctx, req));
      await ctx.feed.poll();
      return reply.status(201).send(publicRun(run));
    });

    app.get<Params>("/api/runs/:id", { config: { access: "read" }, schema: { tags: ["runs"], params: RunParams } }, async (req) => {
      const c = await ctx.runs.context(req.params.id);
      return { ...publicRun(c.run), facts: c.facts };
    });

    app.patch<Params & { Body: z.output<typeof UpdateRunBody> }>("/api/runs/:id", { config: { access: "write" }, schema: { tags: ["runs"], params: RunParams, body: UpdateRunBody } }, async (req) => {
      const b = req.body;
      const cur = await ctx.store.getRun(req.params.id);
      if (!cur) throw new ApiError("GOLIVE_E_NOT_FOUND", `run '${req.params.id}' not found`);
      const patch: Parameters<typeof ctx.store.updateRun>[1] = {};
      if (b.name !== undefined) patch.name = b.name;
      if (b.assignments !== undefined) {
        knownRoles((await ctx.runs.loaded(cur.runbookHash)).runbook.roles, b.assignments);
        patch.assignments = b.assignments;
      }
      if (b.active !== undefined) patch.active = b.active;
      if (b.date !== undefined || b.golive_at !== undefined || b.timezone !== undefined || b.start) {
        if (b.start && cur.meta.started_at) throw new ApiError("GOLIVE_E_CONFLICT", `run '${cur.id}' started at ${cur.meta.started_at}`);
        patch.meta = {
          ...cur.meta,
          ...(b.date !== undefined ? { date: b.date } : {}),
          ...(b.timezone !== undefined ? { timezone: b.timezone } : {}),
          ...(b.golive_at !== undefined ? { golive_at: b.golive_at } : {}),
          ...(b.start ? startMeta(ctx.clock.now().toISOString(), b.rebaseline ?? cur.kind === "rehearsal") : {}),
        };
      }
      const r = await ctx.store.updateRun(req.params.id, patch, { ...changeOf(ctx, req), expectedVersion: b.version });
      ctx.runs.invalidate(req.params.id);
      await ctx.feed.poll();
      return publicRun(r.run);
    });

    app.get<Params>("/api/runs/:id/status", { config: { access: "read" }, schema: { tags: ["runs"], params: RunParams } }, async (req, reply) => {
      const body = await ctx.runs.statusJson(req.params.id);
      return reply.type("application/json; charset=utf-8").send(body);
    });

    app.get<Params>("/api/runs/:id/gates", { config: { access: "read" }, schema: { tags: ["gates"], params: RunParams } }, async (req, reply) => {
      const s = JSON.parse((await ctx.runs.statusJson(req.params.id)).toString()) as { version: number; status: { gates: unknown } };
      return reply.send({ version: s.version, gates: s.status.gates });
    });

    app.get<Params>("/api/runs/:id/checks", { config: { access: "read" }, schema: { tags: ["checks"], params: RunParams } }, async (req) => {
      const s = JSON.parse((await ctx.runs.statusJson(req.params.id)).toString()) as { version: number; status: { checks: unknown } };
      return { version: s.version, checks: s.status.checks };
    });

    app.post<Params & { Body: z.output<typeof RunChecksBody> }>("/api/runs/:id/checks/run", { config: { access: "write" }, schema: { tags: ["checks"], params: RunParams, body: RunChecksBody } }, async (req) => {
      const sel: { only?: string[]; gates?: string[]; waves?: string[] } = {};
      if (req.body.checks) sel.only = req.body.checks;
      if (req.body.gates) sel.gates = req.body.gates;
      if (req.body.waves) sel.waves = req.body.waves;
      const results = await ctx.checks.runNow(req.params.id, sel, changeOf(ctx, req).actor);
      await ctx.feed.poll();
      return { results };
    });
    done();
  };
}
