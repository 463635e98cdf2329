import { z } from "zod";
// Alerts in: Alertmanager's webhook (payload version 4) to incident facts. One incident per
// alert group (`groupKey`); repeats of the same alerts (same fingerprints) change nothing; a
// resolved group resolves the incident or adds an update, as its severity says. Pure: the
// caller records the decision.
const Labels = z.record(z.string(), z.string()).default({});
/** One alert of a webhook payload. */
export const AlertmanagerAlert = z.object({
    status: z.enum(["firing", "resolved"]),
    labels: Labels,
    annotations: Labels,
    startsAt: z.string().optional(),
    endsAt: z.string().optional(),
    generatorURL: z.string().optional(),
    fingerprint: z.string().min(1).max(200),
});
/** Alertmanager's webhook body, version 4 (unknown keys are allowed: newer Alertmanagers add some). */
export const AlertmanagerPayload = z.object({
    version: z.literal("4").describe("Alertmanager's webhook payload version; only 4 exists."),
    groupKey: z.string().min(1).max(2000),
    truncatedAlerts: z.number().int().min(0).default(0),
    status: z.enum(["firing", "resolved"]),
    receiver: z.string().max(500).default(""),
    groupLabels: Labels,
    commonLabels: Labels,
    commonAnnotations: Labels,
    externalURL: z.string().max(2000).default(""),
    alerts: z.array(AlertmanagerAlert).max(1000),
});
const norm = (s) => s.trim().toLowerCase();
/** The incident of a group that is still open (the newest one when the group fired before). */
export function openIncidentOf(incidents, groupKey) {
    return incidents.filter((i) => i.alert?.group_key === groupKey && i.resolved_at === undefined).at(-1);
}
/** The severity an alert maps to: a rollback trigger naming it, its `severity` label through the runbook, else the most severe. */
function severityOf(rb, alert) {
    const severities = rb.incidents?.severities ?? [];
    const rank = (id) => {
        const i = severities.findIndex((s) => s.id === id);
        return i < 0 ? severities.length : i;
    };
    const trigger = rb.rollback?.triggers.find((t) => t.alert !== undefined && t.alert === alert.labels.alertname && t.severity);
    if (trigger?.severity)
        return { severity: trigger.severity, rank: rank(trigger.severity) };
    const label = alert.labels.severity;
    const worst = severities[0];
    if (!worst)
        return { severity: label ?? "unknown", rank: 0 };
    const byLabel = (s) => label !== undefined && (s.alerts.some((a) => norm(a) === norm(label)) || norm(s.id) === norm(label) || norm(s.title) === norm(label));
    const found = severities.find(byLabel);
    // An alert we cannot place is treated as the worst case: silence must never read as fine.
    const s = found ?? worst;
    return { severity: s.id, rank: rank(s.id) };
}
function mostSevere(rb, alerts) {
    let best;
    for (const a of alerts) {
        const s = severityOf(rb, a);
        if (!best || s.rank < best.rank)
            best = s;
    }
    return best?.severity;
}
const uniq = (xs) => [...new Set(xs)];
function triggersOf(rb, alerts) {
    const names = new Set(alerts.map((a) => a.labels.alertname).filter((n) => n !== undefined));
    return (rb.rollback?.triggers ?? []).filter((t) => t.alert !== undefined && names.has(t.alert)).map((t) => t.id);
}
function summaryOf(p, firing) {
    const first = firing[0];
    const summary = p.commonAnnotations.summary ?? first?.annotations.summary ?? p.commonLabels.alertname ?? first?.labels.alertname ?? p.groupKey;
    const impact = p.commonAnnotations.description ?? first?.annotations.description ?? summary;
    return { title: summary.slice(0, 500), impact: impact.slice(0, 5000) };
}
/** A stable incident id for a group (`base` is derived from its groupKey): the same on every instance. */
export function incidentIdFor(base, taken) {
    if (!taken.has(base))
        return base;
    for (let n = 2;; n++)
        if (!taken.has(`${base}-${n}`))
            return `${base}-${n}`;
}
const names = (alerts) => uniq(alerts.map((a) => a.labels.alertname ?? a.fingerprint)).join(", ");
/**
 * Decides what one Alertmanager webhook call records for a run. `groupId` names the group in
 * incident ids (the caller hashes the groupKey: core has no crypto).
 */
export function decideAlert(rb, incidents, p, now, actor, groupId) {
    const open = openIncidentOf(incidents, p.groupKey);
    const firing = p.alerts.filter((a) => a.status === "firing");
    const truncated = p.truncatedAlerts > 0 ? ` (${p.truncatedAlerts} more not sent by Alertmanager)` : "";
    if (p.status === "resolved" || firing.length === 0) {
        if (!open)
            return { kind: "none", why: "no open incident for this alert group" };
        const source = open.alert;
        if (source.resolved_at !== undefined)
            return { kind: "none", id: open.id, why: "already marked resolved by Alertmanager" };
        const alert = { ...source, resolved_at: now.toISOString() };
        const policy = (rb.incidents?.severities ?? []).find((s) => s.id === open.severity)?.on_alert_resolved ?? "resolve";
        if (policy === "resolve")
            return { kind: "resolve", id: open.id, alert };
        return { kind: "update", id: open.id, text: `Alertmanager: ${names(p.alerts)} resolved`, alert, status: "alerts resolved" };
    }
    const severity = mostSevere(rb, firing);
    const fingerprints = firing.map((a) => a.fingerprint);
    if (!open) {
        const { title, impact } = summaryOf(p, firing);
        const alert = { group_key: p.groupKey, fingerprints: uniq(fingerprints), alertnames: uniq(firing.flatMap((a) => (a.labels.alertname ? [a.labels.alertname] : []))), triggers: triggersOf(rb, firing) };
        const incident = {
            id: incidentIdFor(`alert-${groupId}`, new Set(incidents.map((i) => i.id))), title, severity, impact, status: `firing: ${names(firing)}${truncated}`,
            opened_at: now.toISOString(), opened_by: actor, updates: [], alert,
        };
        return { kind: "open", incident };
    }
    const source = open.alert;
    const seen = new Set(source.fingerprints);
    const fresh = firing.filter((a) => !seen.has(a.fingerprint));
    const refired = source.resolved_at !== undefined;
    if (fresh.length === 0 && !refired)
        return { kind: "none", id: open.id, why: "the same alerts again (deduplicated by fingerprint)" };
    const { resolved_at: _r, ...rest } = source;
    const alert = {
        ...rest,
        fingerprints: uniq([...source.fingerprints, ...fingerprints]),
        alertnames: uniq([...source.alertnames, ...firing.flatMap((a) => (a.labels.alertname ? [a.labels.alertname] : []))]),
        triggers: uniq([...source.triggers, ...triggersOf(rb, firing)]),
    };
    const list = fresh.length ? fresh : firing;
    const out = { kind: "update", id: open.id, text: `Alertmanager: ${refired ? "firing again" : `${fresh.length} new alert${fresh.length === 1 ? "" : "s"}`}: ${names(list)}${truncated}`, alert, status: `firing: ${names(firing)}` };
    const sevs = rb.incidents?.severities ?? [];
    const rankOf = (id) => sevs.findIndex((s) => s.id === id);
    // Escalate only: a later, milder alert does not lower what people were told.
    if (sevs.length && rankOf(severity) >= 0 && (rankOf(open.severity) < 0 || rankOf(severity) < rankOf(open.severity)))
        out.severity = severity;
    return out;
}
