import { asList, verifyParts } from "../../core/model/access.ts";
import type { Runbook, Section, Step } from "../../core/model/runbook.ts";

// The content an export carries, as plain data: what must survive export then import unchanged.
// Used by the round-trip test; what Markdown does not carry (item evidence and depends_on, wave
// requires, hypercare, links) is left out on purpose.

/** The semantic content of a runbook that the Markdown export carries. */
export function semanticContent(rb: Runbook, templates: Map<string, string[]> = new Map()): unknown {
  const x = (l: string[]) => l.flatMap((id) => templates.get(id) ?? [id]).sort();
  const req = (r: Runbook["gates"][number]["requires"]) => ({ gates: x(r.gates), items: x(r.items), checks: x(r.checks), waves: x(r.waves), criteria: x(r.criteria), signoffs: x(r.signoffs) });
  const section = (s: Section): unknown => ({
    id: s.id, title: s.title,
    // A link to a for_each check template has no single check to name once expanded: left out.
    items: s.items.map((i) => ({ id: i.id, title: i.title, done: i.done ?? false, check: i.check && !templates.has(i.check) ? i.check : undefined, owner: asList(i.owner), due: i.due, command: i.command })),
    sections: s.sections.map(section),
  });
  const step = (s: Step): unknown => ({ id: s.id, title: s.title, owner: asList(s.owner), command: s.command, verify: verifyParts(s.verify).text, rollback: verifyParts(s.rollback).text, window: s.window, steps: s.steps.map(step) });
  return {
    meta: { id: rb.meta.id, title: rb.meta.title, version: rb.meta.version === undefined ? undefined : String(rb.meta.version), date: rb.meta.date, timezone: rb.meta.timezone, facts: rb.meta.facts },
    roles: rb.roles.map((r) => ({ id: r.id, title: r.title ?? r.id, members: r.members })),
    contacts: rb.contacts,
    sections: rb.sections.map(section),
    checks: rb.checks.map((c) => ({
      id: c.id, title: c.title, kind: c.kind, config: c.config, conditions: asList(c.conditions),
      timeout: c.timeout, retries: c.retries, interval: c.interval, count: c.count, for: c.for, failure_limit: c.failure_limit, inconclusive_limit: c.inconclusive_limit, advisory: c.advisory, needs: c.needs,
    })),
    gates: rb.gates.map((g) => ({ id: g.id, title: g.title, owner: asList(g.owner), requires: req(g.requires) })),
    waves: rb.waves.map((w) => ({
      id: w.id, title: w.title, description: w.description, soak: w.soak, cumulative: w.cumulative,
      exit: w.exit.map((c) => ({ id: c.id, title: c.title, target: c.target, measure: c.measure, check: c.check, attest: c.attest && { by: asList(c.attest.by), condition: c.attest.condition } })),
    })),
    steps: rb.steps.map(step),
    timeline: rb.timeline && {
      day: rb.timeline.day, start: rb.timeline.start, end: rb.timeline.end, rollback_deadline: rb.timeline.rollback_deadline,
      phases: rb.timeline.phases.map((p) => ({ id: p.id, title: p.title, start: p.start, end: p.end, tasks: p.tasks.map((t) => ({ id: t.id, at: t.at, title: t.title, owner: asList(t.owner) })), checkpoint: p.checkpoint && { id: p.checkpoint.id, title: p.checkpoint.title, at: p.checkpoint.at, approvers: asList(p.checkpoint.approvers), quorum: p.checkpoint.quorum } })),
    },
    rollback: rb.rollback && {
      principle: rb.rollback.principle,
      triggers: rb.rollback.triggers.map((t) => ({ id: t.id, title: t.title, condition: t.condition, severity: t.severity })),
      tiers: rb.rollback.tiers.map((t) => ({ id: t.id, title: t.title, budget: t.budget, downtime: t.downtime, actions: t.actions.map((a) => ({ trigger: a.trigger, action: a.action, verify: a.verify, risk: a.risk })), audience: t.communication?.audience, within: t.communication?.within })),
      decision_matrix: rb.rollback.decision_matrix.map((d) => ({ issue: d.issue, severity: d.severity, rollback: d.rollback, approvers: asList(d.approvers) })),
      procedure: rb.rollback.procedure.map((p) => ({ title: p.title, command: p.command })),
      notes: rb.rollback.notes,
    },
    signoffs: rb.signoffs.map((s) => ({ id: s.id, title: s.title, role: s.role, requires: req(s.requires), note: s.note, quorum: s.quorum, separate_from: s.separate_from })),
    waivers: rb.waivers,
    monitoring: rb.monitoring && {
      windows: rb.monitoring.windows.map((w) => ({ id: w.id, title: w.title, metrics: w.metrics.map((m) => ({ id: m.id, title: m.title, target: m.target, alert: m.alert })) })),
      alerts: rb.monitoring.alerts.map((a) => ({ id: a.id, title: a.title ?? a.id, trigger: a.trigger, check: a.check, fix: a.fix, escalate: a.escalate })),
    },
    incidents: rb.incidents && {
      severities: rb.incidents.severities.map((s) => ({ id: s.id, title: s.title, criteria: s.criteria, rollback: s.rollback })),
      immediate_actions: rb.incidents.immediate_actions.map((p) => ({ title: p.title, command: p.command })),
    },
    procedures: rb.procedures.map((p) => ({ id: p.id, title: p.title, steps: p.steps.map((s) => ({ title: s.title, command: s.command })) })),
  };
}
