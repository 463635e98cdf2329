import type { FastifyInstance } from "fastify";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { IncidentUpdateBody, OpenIncidentBody } from "../../api/schemas.ts";
import { severityBlocksGo } from "../../core/engine/index.ts";
import type { IncidentFact } from "../../core/model/facts.ts";
import type { IncidentUpdate } from "../../store/store.ts";
import { requirePerson } from "../auth/access.ts";
import { principalOf, type ServerContext } from "../context.ts";
import { ApiError } from "../errors.ts";
import { changeOf, requireRef, RunParams } from "./helpers.ts";

const IncParams = z.strictObject({ id: z.string().min(1), incident: z.string().min(1) });

/** Incidents: open with a severity, post updates (cadence is the engine's), resolve. */
export function incidentRoutes(ctx: ServerContext) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    const existing = async (runId: string, incident: string) => {
      let run = await ctx.runs.context(runId);
      // Opened through another instance a moment ago? Ask the database before saying no.
      if (!run.facts.incidents.some((i) => i.id === incident)) run = await ctx.runs.context(runId, { fresh: true });
      const inc = run.facts.incidents.find((i) => i.id === incident);
      if (!inc) throw new ApiError("GOLIVE_E_NOT_FOUND", `run '${runId}' has no incident '${incident}'`);
      return { run, inc };
    };

    app.post<{ Params: z.output<typeof RunParams>; Body: z.output<typeof OpenIncidentBody> }>("/api/runs/:id/incidents", { config: { access: "write", actor: "any" }, schema: { tags: ["incidents"], params: RunParams, body: OpenIncidentBody } }, async (req, reply) => {
      const run = await ctx.runs.context(req.params.id);
      if (run.loaded.runbook.incidents?.severities.length) requireRef(run, "severity", req.body.severity);
      const change = changeOf(ctx, req);
      const incId = `inc-${randomBytes(4).toString("hex")}`;
      const fact: IncidentFact = { id: incId, title: req.body.title, severity: req.body.severity, opened_at: change.at, opened_by: change.actor, updates: [] };
      for (const k of ["impact", "status", "eta"] as const) if (req.body[k] !== undefined) fact[k] = req.body[k];
      const r = await ctx.runs.append(req.params.id, { kind: "incident", data: fact }, { ...change, action: "incident.open", subject: `incident:${incId}` });
      ctx.runs.invalidate(req.params.id, r.version);
      await ctx.feed.poll();
      return reply.status(201).send({ id: incId, version: r.version, seq: r.event.seq });
    });

    app.post<{ Params: z.output<typeof IncParams>; Body: z.output<typeof IncidentUpdateBody> }>("/api/runs/:id/incidents/:incident/updates", { config: { access: "write", actor: "any" }, schema: { tags: ["incidents"], params: IncParams, body: IncidentUpdateBody } }, async (req) => {
      const { run, inc } = await existing(req.params.id, req.params.incident);
      if (req.body.severity !== undefined && run.loaded.runbook.incidents?.severities.length) requireRef(run, "severity", req.body.severity);
      // A milder severity that no longer holds GO back is, for the verdict, the incident resolved:
      // a person's call, as resolving is; a pipeline may raise it or keep it.
      const rb = run.loaded.runbook;
      if (req.body.severity !== undefined && inc.resolved_at === undefined && severityBlocksGo(rb, inc.severity) && !severityBlocksGo(rb, req.body.severity)) {
        await requirePerson(ctx, req, principalOf(req), `Lowering incident '${inc.id}' from ${inc.severity} to ${req.body.severity}, below what holds GO back`);
      }
      const change = changeOf(ctx, req);
      const update: IncidentUpdate = { id: inc.id, at: change.at, by: change.actor, text: req.body.text };
      for (const k of ["impact", "status", "eta", "severity"] as const) if (req.body[k] !== undefined) update[k] = req.body[k];
      const r = await ctx.runs.append(req.params.id, { kind: "incident_update", data: update }, { ...change, action: "incident.update", subject: `incident:${inc.id}` });
      ctx.runs.invalidate(req.params.id, r.version);
      await ctx.feed.poll();
      return { version: r.version, seq: r.event.seq };
    });

    // Saying an incident is over can turn NO-GO into GO (an open P0/P1 stops it): a person's call.
    // Alerts that clear resolve their own incidents through POST /api/runs/:id/alerts.
    app.post<{ Params: z.output<typeof IncParams> }>("/api/runs/:id/incidents/:incident/resolve", { config: { access: "write", actor: "person" }, schema: { tags: ["incidents"], params: IncParams } }, async (req) => {
      const { inc } = await existing(req.params.id, req.params.incident);
      const change = changeOf(ctx, req);
      const r = await ctx.runs.append(req.params.id, { kind: "incident_resolve", data: { id: inc.id, at: change.at, by: change.actor } }, { ...change, action: "incident.resolve", subject: `incident:${inc.id}` });
      ctx.runs.invalidate(req.params.id, r.version);
      await ctx.feed.poll();
      return { version: r.version, seq: r.event.seq };
    });
    done();
  };
}
