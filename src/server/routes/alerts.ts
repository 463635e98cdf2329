import type { FastifyInstance } from "fastify";
import { createHash } from "node:crypto";
import type { z } from "zod";
import { AlertmanagerPayload, decideAlert, type AlertDecision } from "../../core/alerts/alertmanager.ts";
import type { FactInput } from "../../store/store.ts";
import { requirePerson } from "../auth/access.ts";
import { principalOf, type ServerContext } from "../context.ts";
import { RunParams } from "./helpers.ts";

/** The response: what the call did to which incident. */
export interface AlertsResponse {
  action: "opened" | "updated" | "resolved" | "unchanged";
  incident: string | null;
  why?: string;
  version?: number;
}

function toFact(d: Exclude<AlertDecision, { kind: "none" }>, at: string, by: string): { fact: FactInput; action: string; subject: string } {
  switch (d.kind) {
    case "open": return { fact: { kind: "incident", data: d.incident }, action: "incident.open", subject: `incident:${d.incident.id}` };
    case "update": {
      const data = { id: d.id, at, by, text: d.text, alert: d.alert, ...(d.severity ? { severity: d.severity } : {}), ...(d.status ? { status: d.status } : {}) };
      return { fact: { kind: "incident_update", data }, action: "incident.update", subject: `incident:${d.id}` };
    }
    case "resolve": return { fact: { kind: "incident_resolve", data: { id: d.id, at, by, alert: d.alert } }, action: "incident.resolve", subject: `incident:${d.id}` };
  }
}

/**
 * Alerts in: Alertmanager's webhook receiver (payload version 4). Point a `webhook_configs` url at
 * /api/runs/RUN/alerts with a write token as its bearer credentials. A token clears (resolves)
 * only the alerts its own account raised; a person signed in may clear any.
 */
export function alertRoutes(ctx: ServerContext) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    app.post<{ Params: z.output<typeof RunParams>; Body: z.output<typeof AlertmanagerPayload> }>(
      "/api/runs/:id/alerts",
      { config: { access: "write", actor: "any" }, schema: { tags: ["incidents"], params: RunParams, body: AlertmanagerPayload } },
      async (req): Promise<AlertsResponse> => {
        const who = principalOf(req);
        const actor = who.user;
        const groupId = createHash("sha256").update(req.body.groupKey).digest("hex").slice(0, 10);
        let none: Extract<AlertDecision, { kind: "none" }> | undefined;
        let notOwn: { id: string; openedBy: string } | undefined;
        const r = await ctx.runs.record(req.params.id, (run, now) => {
          const d = decideAlert(run.loaded.runbook, run.facts.incidents, req.body, now, actor, groupId);
          if (d.kind === "none") {
            none = d;
            return null;
          }
          // Clearing an alert may clear an incident that holds GO back: resolving is a person's
          // act, so a token clears only the alerts its own account raised (the receiver's), never
          // another's (a pipeline's token, leaked, forging Alertmanager's "resolved").
          const clears = d.kind === "resolve" || (d.kind === "update" && d.alert.resolved_at !== undefined);
          const openedBy = clears ? run.facts.incidents.find((i) => i.id === d.id)?.opened_by : undefined;
          if (clears && who.via !== "session" && openedBy !== actor) {
            notOwn = { id: d.id, openedBy: openedBy ?? "" };
            return null;
          }
          return { ...toFact(d, now.toISOString(), actor), decision: d };
        }, actor);
        if (notOwn) await requirePerson(ctx, req, who, `Clearing the alerts of incident '${notOwn.id}', raised through ${notOwn.openedBy}'s token (resolving an incident)`);
        if (!r) return { action: "unchanged", incident: none?.id ?? null, why: none?.why ?? "" };
        await ctx.feed.poll();
        const d = r.decided.decision;
        const action = d.kind === "open" ? "opened" : d.kind === "resolve" ? "resolved" : "updated";
        return { action, incident: d.kind === "open" ? d.incident.id : d.id, version: r.result.version };
      },
    );
    done();
  };
}
