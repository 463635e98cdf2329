import type { IncidentFact } from "../model/facts.ts";
import type { Runbook, Severity } from "../model/runbook.ts";
import { iso, say, type Book, type Ctx } from "./context.ts";
import { ms, parseDuration } from "./time.ts";
import type { IncidentStatus } from "./types.ts";

function severityOf(book: Book, id: string): Severity | undefined {
  return book.severities.get(id) ?? book.runbook.incidents?.severities.find((s) => s.title.toLowerCase() === id.toLowerCase());
}

/** An open incident stops the go when its severity says roll back (or in the decision matrix), or it is a P0/P1. */
function blocksGo(book: Book, incident: IncidentFact, severity: Severity | undefined): boolean {
  return stops(book.runbook, severity?.id ?? incident.severity, severity);
}

function stops(runbook: Runbook, id: string, severity: Severity | undefined): boolean {
  if (severity?.rollback === "yes") return true;
  if (runbook.rollback?.decision_matrix.some((d) => d.severity === id && d.rollback === "yes")) return true;
  return /^(p|sev|sev-)[01]$/i.test(id);
}

/**
 * Whether an open incident of this severity (id, or title) stops the go by its severity alone
 * (a rollback trigger's alert stops it whatever its severity): lowering an incident below it
 * does what resolving it does for the verdict, so the server treats both as a person's act.
 */
export function severityBlocksGo(runbook: Runbook, id: string): boolean {
  const list = runbook.incidents?.severities ?? [];
  const severity = list.find((s) => s.id === id) ?? list.find((s) => s.title.toLowerCase() === id.toLowerCase());
  return stops(runbook, severity?.id ?? id, severity);
}

/** Every incident opened by now, with whether it blocks and when its next update is due. */
export function incidentStatuses(ctx: Ctx): IncidentStatus[] {
  return ctx.book.facts.incidents
    .filter((i) => ms(i.opened_at) <= ctx.t)
    .map((incident) => {
      const severity = severityOf(ctx.book, incident.severity);
      const resolved = incident.resolved_at !== undefined && ms(incident.resolved_at) <= ctx.t;
      const out: IncidentStatus = {
        id: incident.id, title: incident.title, severity: incident.severity, state: resolved ? "resolved" : "open",
        openedAt: iso(new Date(incident.opened_at)), blocksGo: false, updateOverdue: false, reasons: [],
      };
      if (severity) out.severityTitle = severity.title;
      else out.reasons.push(say(ctx, "incident.unknown_severity", { severity: incident.severity }));
      if (resolved && incident.resolved_at) {
        out.resolvedAt = iso(new Date(incident.resolved_at));
        return out;
      }
      out.blocksGo = blocksGo(ctx.book, incident, severity);
      if (out.blocksGo) out.reasons.push(say(ctx, "incident.open", { incident: incident.id, severity: incident.severity, title: incident.title }));
      // An alert that a rollback trigger names calls for rollback, whatever its severity says.
      for (const id of incident.alert?.triggers ?? []) {
        const trigger = ctx.book.runbook.rollback?.triggers.find((t) => t.id === id);
        if (!trigger) continue;
        out.blocksGo = true;
        out.reasons.push(say(ctx, "incident.rollback_trigger", { incident: incident.id, alert: trigger.alert ?? "", trigger: id, title: trigger.title }));
      }
      const every = severity?.communication?.update_every;
      const cadence = every ? parseDuration(every) : undefined;
      if (every && cadence !== undefined) {
        const last = Math.max(ms(incident.opened_at), ...incident.updates.map((u) => ms(u.at)).filter((t) => t <= ctx.t));
        const next = last + cadence;
        out.nextUpdateDue = iso(new Date(next));
        if (ctx.t > next) {
          out.updateOverdue = true;
          out.reasons.push(say(ctx, "incident.update_due", { incident: incident.id, at: iso(new Date(next)), every, everyMs: cadence }));
        }
      }
      return out;
    });
}
