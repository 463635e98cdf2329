import type { ForecastStatus, RunStatus, SignoffStatus } from "../engine/types.ts";
import type { Facts } from "../model/facts.ts";
import type { Runbook } from "../model/runbook.ts";

// Notification events: typed, versioned, derived from what changed (a state transition between
// the run before and after a fact) or from the clock (due, overdue, expiring). Each carries a key
// that is unique for the run, so the outbox queues it once per channel however often it is seen.

/** The version of every event's shape; a breaking change to any event's `data` bumps it. */
export const EVENT_VERSION = 1;

export const EVENT_TYPES = [
  "verdict.changed", "gate.passed", "gate.failed", "gate.blocked", "check.failing", "check.recovered",
  "wave.exit_met", "wave.advanced", "checkpoint.due", "forecast.past_deadline", "signoff.requested", "signoff.given",
  "incident.opened", "incident.updated", "incident.resolved", "incident.update_overdue", "waiver.expiring",
  "hypercare.extend", "hypercare.close", "test",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** One thing people may be told. */
export interface NotifyEvent {
  type: EventType;
  version: typeof EVENT_VERSION;
  /** What it is about, e.g. `gate:G-1`, `incident:alert-3f2a`. */
  subject: string;
  /** The incident's severity (incident events), for routing by severity. */
  severity?: string;
  /** One line in English. */
  title: string;
  data: Record<string, unknown>;
  /** Accounts it is addressed to (a sign-off request: the role's members). */
  to?: string[];
  /** Unique within the run for this occurrence. */
  key: string;
}

/** A run at one moment; `streaks` (check -> failures in a row) where results are summarised rather than listed. */
export type Snapshot = { status: RunStatus; facts: Facts; streaks?: ReadonlyMap<string, number> };

const ev = (type: EventType, subject: string, title: string, data: Record<string, unknown>, key: string, extra: Partial<NotifyEvent> = {}): NotifyEvent => ({
  type, version: EVENT_VERSION, subject, title, data, key, ...extra,
});

/** How many of a check's latest results failed in a row. */
function failStreak(snap: Snapshot, check: string): number {
  const known = snap.streaks?.get(check);
  if (known !== undefined) return known;
  const facts = snap.facts;
  let n = 0;
  for (let i = facts.checks.length - 1; i >= 0; i--) {
    const f = facts.checks[i];
    if (f?.check !== check) continue;
    if (f.outcome !== "fail" && f.outcome !== "error") break;
    n++;
  }
  return n;
}

/**
 * Who may give a waiting sign-off, as the engine judged it (the run's assignments as they stand,
 * and the runbook text's members only when that text counts): a request goes to nobody else.
 */
function membersOf(s: SignoffStatus): string[] {
  for (const r of s.reasons) if (r.code === "signoff.needs_more") return [...r.params.members];
  return [];
}

/**
 * The events between two states of a run (before and after one fact, at the same moment):
 * verdict, gate, check, wave, sign-off and incident transitions. `at` names the occurrence in keys
 * (the run version the change made), so a later flip of the same thing is a new event.
 */
export function transitionEvents(rb: Runbook, before: Snapshot, after: Snapshot, at: number): NotifyEvent[] {
  const out: NotifyEvent[] = [];
  const b = before.status;
  const a = after.status;
  if (a.verdict !== b.verdict) {
    const reasons = a.reasons.slice(0, 5).map((r) => r.text);
    out.push(ev("verdict.changed", "run", `Verdict is now ${a.verdict === "go" ? "GO" : "NO-GO"}`, { from: b.verdict, to: a.verdict, reasons }, `verdict:${at}`));
  }
  const gatesBefore = new Map(b.gates.map((g) => [g.id, g.state]));
  for (const g of a.gates) {
    const was = gatesBefore.get(g.id);
    if (was === g.state) continue;
    const type = g.state === "passing" ? "gate.passed" : g.state === "failed" ? "gate.failed" : g.state === "blocked" ? "gate.blocked" : undefined;
    if (!type) continue;
    out.push(ev(type, `gate:${g.id}`, `Gate ${g.id} ${g.state === "passing" ? "passed" : g.state}: ${g.title}`, { gate: g.id, title: g.title, from: was ?? "pending", to: g.state, reasons: g.reasons.map((r) => r.text) }, `gate:${g.id}:${at}`));
  }
  if (b.forecast?.fitsDeadline === true && a.forecast?.fitsDeadline === false) out.push(forecastPastDeadline(a.forecast, at));
  const checksBefore = new Map(b.checks.map((c) => [c.id, c.state]));
  for (const c of a.checks) {
    const def = rb.checks.find((x) => x.id === c.id);
    const limit = def?.failure_limit ?? 0;
    const streak = failStreak(after, c.id);
    if ((c.state === "fail" || c.state === "error") && streak === limit + 1 && failStreak(before, c.id) === limit) {
      const text = c.conditions.filter((x) => x.outcome !== "pass").map((x) => x.text).join("; ") || c.error || c.state;
      out.push(ev("check.failing", `check:${c.id}`, `Check ${c.id} failing (${streak} in a row): ${text}`, { check: c.id, failures: streak, failure_limit: limit, conditions: c.conditions, error: c.error }, `check.failing:${c.id}:${at}`));
    }
    if (c.state === "pass" && checksBefore.get(c.id) !== "pass" && failStreak(before, c.id) > limit) {
      out.push(ev("check.recovered", `check:${c.id}`, `Check ${c.id} recovered`, { check: c.id }, `check.recovered:${c.id}:${at}`));
    }
  }
  const wavesBefore = new Map(b.waves.map((w) => [w.id, w]));
  for (const w of a.waves) {
    const was = wavesBefore.get(w.id);
    if (w.exitHolds && was && !was.exitHolds) out.push(ev("wave.exit_met", `wave:${w.id}`, `Wave ${w.id} exit criteria met: ${w.title}`, { wave: w.id, title: w.title }, `wave.exit_met:${w.id}:${at}`));
    if (was && was.state !== w.state) out.push(ev("wave.advanced", `wave:${w.id}`, `Wave ${w.id} ${w.state}: ${w.title}`, { wave: w.id, title: w.title, from: was.state, to: w.state }, `wave.advanced:${w.id}:${at}`));
  }
  const signBefore = new Map(b.signoffs.map((s) => [s.id, s]));
  for (const s of a.signoffs) {
    const was = signBefore.get(s.id);
    if (was?.state === "waiting" && s.state !== "waiting" && s.state !== "given") {
      const to = membersOf(s);
      out.push(ev("signoff.requested", `signoff:${s.id}`, `Sign-off ${s.id} requested from ${s.role}: ${s.title}`, { signoff: s.id, title: s.title, role: s.role }, `signoff.requested:${s.id}:${at}`, { to }));
    }
    const newSigners = s.signers.filter((x) => !was?.signers.some((y) => y.by === x.by && y.at === x.at));
    for (const x of newSigners) {
      out.push(ev("signoff.given", `signoff:${s.id}`, `${x.by} signed off ${s.id}: ${s.title}`, { signoff: s.id, title: s.title, by: x.by, state: s.state }, `signoff.given:${s.id}:${x.by}:${at}`));
    }
  }
  out.push(...hypercareEvents(before.status, a, at));
  const incBefore = new Map(before.facts.incidents.map((i) => [i.id, i]));
  for (const i of after.facts.incidents) {
    const was = incBefore.get(i.id);
    const base = { incident: i.id, title: i.title, severity: i.severity, impact: i.impact, status: i.status, eta: i.eta, alert: i.alert ? { group_key: i.alert.group_key, alertnames: i.alert.alertnames, triggers: i.alert.triggers } : undefined };
    if (!was) out.push(ev("incident.opened", `incident:${i.id}`, `Incident ${i.id} (${i.severity}) opened: ${i.title}`, { ...base, opened_by: i.opened_by }, `incident.opened:${i.id}`, { severity: i.severity }));
    else if (i.resolved_at && !was.resolved_at) out.push(ev("incident.resolved", `incident:${i.id}`, `Incident ${i.id} (${i.severity}) resolved: ${i.title}`, { ...base, resolved_at: i.resolved_at }, `incident.resolved:${i.id}`, { severity: i.severity }));
    else if (i.updates.length > was.updates.length) {
      const u = i.updates.at(-1);
      out.push(ev("incident.updated", `incident:${i.id}`, `Incident ${i.id} (${i.severity}): ${u?.text ?? ""}`, { ...base, update: u }, `incident.updated:${i.id}:${i.updates.length}`, { severity: i.severity }));
    }
  }
  return out;
}

/**
 * Hypercare decisions the engine accepted: an extension (the new end), the close. From the
 * status, not the facts, so a refused decision recorded anyway is never announced.
 */
function hypercareEvents(b: RunStatus, a: RunStatus, at: number): NotifyEvent[] {
  const h = a.hypercare;
  if (!h) return [];
  const out: NotifyEvent[] = [];
  for (const x of h.extensions.slice(b.hypercare?.extensions.length ?? 0)) {
    out.push(ev("hypercare.extend", "hypercare", `${x.by} extended hypercare by ${x.extendBy}${h.endsAt ? ` (ends ${h.endsAt})` : ""}`, { by: x.by, at: x.at, extend_by: x.extendBy, comment: x.comment, ends_at: h.endsAt }, `hypercare.extend:${at}`));
  }
  if (h.state === "closed" && b.hypercare?.state !== "closed") {
    out.push(ev("hypercare.close", "hypercare", `${h.closedBy ?? "An owner"} closed hypercare`, { by: h.closedBy, at: h.closedAt, comment: h.comment, extended_ms: h.extendedMs, incidents: h.incidents }, `hypercare.close:${at}`));
  }
  return out;
}

/** How far ahead the clock's events warn. */
export interface ClockLeads {
  checkpointMs: number;
  waiverMs: number;
}

export const DEFAULT_LEADS: ClockLeads = { checkpointMs: 15 * 60_000, waiverMs: 60 * 60_000 };

/** The events the clock makes at `now`: a checkpoint due soon, an incident update overdue, a waiver about to expire. */
export function clockEvents(status: RunStatus, now: Date, leads: ClockLeads = DEFAULT_LEADS): NotifyEvent[] {
  const out: NotifyEvent[] = [];
  const t = now.getTime();
  for (const p of status.timeline?.phases ?? []) {
    const c = p.checkpoint;
    if (!c?.at || c.decision !== "pending") continue;
    const due = Date.parse(c.at);
    if (due - t <= leads.checkpointMs && due - t > -leads.checkpointMs) {
      const minutes = Math.max(0, Math.round((due - t) / 60_000));
      out.push(ev("checkpoint.due", `checkpoint:${c.id}`, `Checkpoint ${c.id} due in ${minutes} min: ${c.title}`, { checkpoint: c.id, title: c.title, at: c.at, minutes }, `checkpoint.due:${c.id}:${c.at}`));
    }
  }
  for (const i of status.incidents) {
    if (i.state !== "open" || !i.updateOverdue || !i.nextUpdateDue) continue;
    out.push(ev("incident.update_overdue", `incident:${i.id}`, `Incident ${i.id} (${i.severity}): update overdue since ${i.nextUpdateDue}`, { incident: i.id, title: i.title, severity: i.severity, due: i.nextUpdateDue }, `incident.update_overdue:${i.id}:${i.nextUpdateDue}`, { severity: i.severity }));
  }
  for (const w of status.waivers) {
    const left = Date.parse(w.expires) - t;
    if (w.state !== "active" || left > leads.waiverMs || left <= 0) continue;
    out.push(ev("waiver.expiring", `waiver:${w.id}`, `Waiver ${w.id} on ${w.target} expires in ${Math.ceil(left / 60_000)} min`, { waiver: w.id, target: w.target, expires: w.expires, by: w.by }, `waiver.expiring:${w.id}:${w.expires}`));
  }
  return out;
}

/**
 * The forecast finish passed the rollback deadline. Keyed by the run version it happened at: the
 * forecast only moves later while nothing is recorded (unstarted work starts no earlier than now),
 * so within one version it crosses at most once, and the fact's transition and the clock's sweep
 * name the same crossing alike.
 */
export function forecastPastDeadline(f: ForecastStatus, version: number): NotifyEvent {
  const late = Math.max(0, Math.round(-(f.marginMs ?? 0) / 60_000));
  const data = { finish: f.finish, rollback_deadline: f.rollbackDeadline, margin_minutes: f.marginMs === undefined ? undefined : Math.round(f.marginMs / 60_000), finish_task: f.finishTask, critical_path: f.criticalPath };
  return ev("forecast.past_deadline", "forecast", `Forecast finish ${f.finish} passes the rollback deadline ${f.rollbackDeadline ?? ""} by ${late} min`, data, `forecast.past_deadline:${version}`);
}

/**
 * The clock's crossing: the forecast fitted when this run was last looked at (`fitted`) and no
 * longer does now. Nothing when it was not known to fit (a crossing is announced once, by whoever
 * saw it fit last; the first look after a start announces nothing it cannot know is new).
 */
export function forecastCrossing(fitted: boolean | undefined, status: RunStatus, version: number): NotifyEvent | undefined {
  const f = status.forecast;
  return fitted === true && f?.fitsDeadline === false ? forecastPastDeadline(f, version) : undefined;
}
