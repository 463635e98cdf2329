import { iso, say } from "./context.js";
import { ms, parseDuration } from "./time.js";
function severityOf(book, id) {
    return book.severities.get(id) ?? book.runbook.incidents?.severities.find((s) => s.title.toLowerCase() === id.toLowerCase());
}
/** An open incident stops the go when its severity says roll back (or in the decision matrix), or it is a P0/P1. */
function blocksGo(book, incident, severity) {
    const id = severity?.id ?? incident.severity;
    if (severity?.rollback === "yes")
        return true;
    if (book.runbook.rollback?.decision_matrix.some((d) => d.severity === id && d.rollback === "yes"))
        return true;
    return /^(p|sev|sev-)[01]$/i.test(id);
}
/** Every incident opened by now, with whether it blocks and when its next update is due. */
export function incidentStatuses(ctx) {
    return ctx.book.facts.incidents
        .filter((i) => ms(i.opened_at) <= ctx.t)
        .map((incident) => {
        const severity = severityOf(ctx.book, incident.severity);
        const resolved = incident.resolved_at !== undefined && ms(incident.resolved_at) <= ctx.t;
        const out = {
            id: incident.id, title: incident.title, severity: incident.severity, state: resolved ? "resolved" : "open",
            openedAt: iso(new Date(incident.opened_at)), blocksGo: false, updateOverdue: false, reasons: [],
        };
        if (severity)
            out.severityTitle = severity.title;
        else
            out.reasons.push(say(ctx, "incident.unknown_severity", { severity: incident.severity }));
        if (resolved && incident.resolved_at) {
            out.resolvedAt = iso(new Date(incident.resolved_at));
            return out;
        }
        out.blocksGo = blocksGo(ctx.book, incident, severity);
        if (out.blocksGo)
            out.reasons.push(say(ctx, "incident.open", { incident: incident.id, severity: incident.severity, title: incident.title }));
        // An alert that a rollback trigger names calls for rollback, whatever its severity says.
        for (const id of incident.alert?.triggers ?? []) {
            const trigger = ctx.book.runbook.rollback?.triggers.find((t) => t.id === id);
            if (!trigger)
                continue;
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
