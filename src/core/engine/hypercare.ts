import type { HypercareFact, IncidentFact } from "../model/facts.ts";
import type { Hypercare } from "../model/hypercare.ts";
import { checkStatus } from "./checks.ts";
import { expandIds, isMember, iso, memo, members, roleRef, say, textMembersReasons, type Book, type Ctx } from "./context.ts";
import { itemSatisfied, itemStatus } from "./items.ts";
import type { Reason } from "./reasons.ts";
import { stepStatuses } from "./steps.ts";
import { ms, parseDuration } from "./time.ts";
import type { HypercareCriterionStatus, HypercareExtension, HypercareStatus, Verdict } from "./types.ts";

// Hypercare: the watched period after go-live. It starts at the go-live moment (or when the wave,
// step, task or phase it names is over), runs its duration plus accepted extensions, and closes
// only by an owner's decision that the engine accepts when the period has elapsed (or the runbook
// allows an early exit), every exit criterion holds and every required sign-off is given. Once
// closed, its criteria are shown as they stood at the close: what the closer saw.

/** The longest period and the longest single extension: a year. */
export const MAX_SPAN_MS = 365 * 86_400_000;

/** The roles that may close or extend: `owners`, else the exit sign-offs' roles. */
function ownerRoles(book: Book, hc: Hypercare): string[] {
  if (hc.owners !== undefined) return Array.isArray(hc.owners) ? hc.owners : [hc.owners];
  const roles = (hc.exit?.signoffs ?? []).flatMap((id) => { const s = book.signoffs.get(id); return s ? [s.role] : []; });
  return [...new Set(roles)];
}

/** When hypercare started, as of ctx.t; undefined when it has not. */
function startedAt(ctx: Ctx, hc: Hypercare): number | undefined {
  const s = hc.starts_after;
  const upTo = (t: number | undefined) => (t !== undefined && t <= ctx.t ? t : undefined);
  if (!s) return upTo(ctx.book.goliveAt?.getTime());
  switch (s.kind) {
    case "wave": {
      let openT: number | undefined;
      let closeT: number | undefined;
      for (const f of ctx.accepted.waves) {
        if (f.wave !== s.id) continue;
        if (f.action === "open") { openT = ms(f.at); closeT = undefined; }
        else if (openT !== undefined) closeT = ms(f.at);
      }
      return upTo(closeT);
    }
    case "step": {
      const st = stepStatuses(ctx).find((x) => x.id === s.id);
      return st?.state === "done" && st.endedAt ? upTo(ms(st.endedAt)) : undefined;
    }
    case "task":
    case "phase": {
      const list: { id: string; ended_at?: string | undefined }[] = s.kind === "task"
        ? ctx.book.facts.tasks.map((x) => ({ id: x.task, ended_at: x.ended_at }))
        : ctx.book.facts.phases.map((x) => ({ id: x.phase, ended_at: x.ended_at }));
      const ended = list.find((x) => x.id === s.id)?.ended_at;
      return upTo(ended === undefined ? undefined : ms(ended));
    }
  }
}

function trigger(hc: Hypercare): { after: "golive" | "wave" | "step" | "task" | "phase"; id?: string } {
  const s = hc.starts_after;
  return s ? { after: s.kind, id: s.id } : { after: "golive" };
}

/** The checks the exit watches: its own, then each window's metrics' target and alert checks. */
function exitChecks(book: Book, hc: Hypercare): { check: string; window?: string }[] {
  const exit = hc.exit;
  if (!exit) return [];
  const out = expandIds(book, exit.checks).map((check) => ({ check }));
  for (const wid of exit.windows) {
    const w = book.runbook.monitoring?.windows.find((x) => x.id === wid);
    for (const m of w?.metrics ?? []) {
      for (const c of [m.check, m.alert_check]) if (c) out.push(...expandIds(book, [c]).map((check) => ({ check, window: `${wid}/${m.id}` })));
    }
  }
  const seen = new Set<string>();
  return out.filter((c) => (seen.has(c.check) ? false : (seen.add(c.check), true)));
}

function severityMatches(book: Book, incident: IncidentFact, list: string[]): boolean {
  const sev = book.severities.get(incident.severity)?.id ?? incident.severity;
  return list.some((s) => s.toLowerCase() === sev.toLowerCase() || s.toLowerCase() === incident.severity.toLowerCase());
}

/** The exit criteria as they stand at ctx.t, for a hypercare that started at `start`. */
function criteria(ctx: Ctx, hc: Hypercare, start: number): HypercareCriterionStatus[] {
  const exit = hc.exit;
  if (!exit) return [];
  const needMs = exit.green_for ? parseDuration(exit.green_for) ?? 0 : 0;
  const out: HypercareCriterionStatus[] = [];
  for (const { check, window } of exitChecks(ctx.book, hc)) {
    const s = checkStatus(ctx, check);
    const c: HypercareCriterionStatus = { kind: "check", id: check, met: false, state: s.state, reasons: [] };
    if (s.title) c.title = s.title;
    if (window) c.window = window;
    if (s.state === "waived") c.met = true;
    else if (s.state !== "pass") c.reasons.push(say(ctx, "hypercare.check", window ? { check, window } : { check }, s.reasons));
    else {
      const passSince = ctx.book.checkResults.holdsSince(check, ctx.t, (f) => f.outcome === "pass") ?? ctx.t;
      const since = Math.max(passSince, start);
      c.greenSince = iso(new Date(since));
      c.greenMs = Math.max(0, ctx.t - since);
      c.met = c.greenMs >= needMs;
      if (!c.met) c.reasons.push(say(ctx, "hypercare.green_short", { check, since: c.greenSince, greenMs: c.greenMs, needMs, needed: exit.green_for ?? "0s" }));
    }
    out.push(c);
  }
  for (const id of expandIds(ctx.book, exit.items)) {
    const s = itemStatus(ctx, id);
    const met = itemSatisfied(s.state);
    out.push({ kind: "item", id, title: s.title, met, state: s.state, reasons: met ? [] : [say(ctx, "requirement.state", { kind: "item", id, title: s.title, state: s.state }, s.reasons.slice(0, 3))] });
  }
  const seen = ctx.book.facts.incidents.filter((i) => ms(i.opened_at) <= ctx.t);
  const { no_open: noOpen, none_opened: noneOpened } = exit.incidents;
  if (noOpen.length) {
    const open = seen.filter((i) => (i.resolved_at === undefined || ms(i.resolved_at) > ctx.t) && severityMatches(ctx.book, i, noOpen));
    out.push({
      kind: "no_open_incidents", id: noOpen.join(","), met: open.length === 0, state: open.length ? open.map((i) => i.id).join(",") : "none",
      reasons: open.map((i) => say(ctx, "hypercare.incident_open", { incident: i.id, severity: i.severity, title: i.title })),
    });
  }
  if (noneOpened.length) {
    const during = seen.filter((i) => ms(i.opened_at) >= start && severityMatches(ctx.book, i, noneOpened));
    out.push({
      kind: "no_incidents", id: noneOpened.join(","), met: during.length === 0, state: during.length ? during.map((i) => i.id).join(",") : "none",
      reasons: during.map((i) => say(ctx, "hypercare.incident_opened", { incident: i.id, severity: i.severity, title: i.title, at: iso(new Date(i.opened_at)) })),
    });
  }
  for (const id of exit.signoffs) {
    const signed = ctx.accepted.signoffs.filter((f) => f.signoff === id).length;
    const so = ctx.book.signoffs.get(id);
    const met = so !== undefined && signed >= so.quorum;
    const state = met ? "given" : signed ? "partial" : "pending";
    const title = so?.title ?? id;
    out.push({ kind: "signoff", id, title, met, state, reasons: met ? [] : [say(ctx, "requirement.state", { kind: "signoff", id, title, state })] });
  }
  return out;
}

/** The run as it stood at `t`: the decisions accepted up to then. */
function asOf(ctx: Ctx, t: number): Ctx {
  const upTo = <T extends { at: string }>(list: T[]) => list.filter((f) => ms(f.at) <= t);
  const a = ctx.accepted;
  const accepted = {
    signoffs: upTo(a.signoffs), waivers: upTo(a.waivers), waves: upTo(a.waves), checkpoints: upTo(a.checkpoints),
    steps: upTo(a.steps), attestations: upTo(a.attestations), hypercare: upTo(a.hypercare),
  };
  return { ...ctx, t, now: new Date(t), accepted, memo: new Map() };
}

function extensions(ctx: Ctx): HypercareExtension[] {
  return ctx.accepted.hypercare.filter((f) => f.action === "extend").map((f) => {
    const e: HypercareExtension = { by: f.by, at: iso(new Date(f.at)), extendBy: f.extend_by ?? "0s", extendMs: parseDuration(f.extend_by ?? "0s") ?? 0 };
    if (f.comment) e.comment = f.comment;
    return e;
  });
}

/** Hypercare at ctx.t: not started, running with its clock, ready to close, or closed. */
export function hypercareStatus(ctx: Ctx): HypercareStatus | undefined {
  const hc = ctx.book.runbook.hypercare;
  if (!hc) return undefined;
  return memo(ctx, "hypercare", () => computeHypercare(ctx, hc), () => computeHypercare(ctx, hc));
}

function computeHypercare(ctx: Ctx, hc: Hypercare): HypercareStatus {
  const roles = ownerRoles(ctx.book, hc);
  const owners = { roles, members: [...new Set(roles.flatMap((r) => members(ctx.book, r, ctx.t)))] };
  const exts = extensions(ctx);
  const out: HypercareStatus = {
    state: "not_started", extendedMs: exts.reduce((a, e) => a + e.extendMs, 0), elapsed: false, earlyExit: hc.early_exit,
    criteriaHold: false, criteria: [], owners, mayClose: false, closeBlockers: [], extensions: exts, incidents: [], reasons: [],
  };
  if (hc.exit?.green_for) {
    out.greenFor = hc.exit.green_for;
    out.greenForMs = parseDuration(hc.exit.green_for) ?? 0;
  }
  const written = hc.duration ? parseDuration(hc.duration) : undefined;
  const durationMs = written === undefined ? undefined : Math.min(written, MAX_SPAN_MS);
  if (durationMs !== undefined) out.durationMs = durationMs;
  const start = startedAt(ctx, hc);
  if (start === undefined) {
    out.reasons.push(say(ctx, "hypercare.not_started", trigger(hc)));
    out.closeBlockers = out.reasons;
    return out;
  }
  out.startedAt = iso(new Date(start));
  const close = ctx.accepted.hypercare.find((f) => f.action === "close");
  // A closed hypercare is judged as it stood at its close: the criteria its closer saw hold.
  const at = close ? ms(close.at) : ctx.t;
  const judged: Ctx = close ? asOf(ctx, at) : ctx;
  if (durationMs !== undefined) {
    // Never past the last instant a Date holds, however many extensions were recorded.
    const ends = Math.min(start + durationMs + out.extendedMs, 8.64e15);
    out.endsAt = iso(new Date(ends));
    out.remainingMs = Math.max(0, ends - ctx.t);
    out.elapsed = ctx.t >= ends;
  } else out.elapsed = true;
  out.criteria = criteria(judged, hc, start);
  out.criteriaHold = out.criteria.every((c) => c.met);
  out.incidents = ctx.book.facts.incidents.filter((i) => ms(i.opened_at) >= start && ms(i.opened_at) <= at).map((i) => i.id);
  if (close) {
    out.state = "closed";
    out.closedAt = iso(new Date(at));
    out.closedBy = close.by;
    if (close.comment) out.comment = close.comment;
    out.reasons.push(say(ctx, "hypercare.closed", { by: close.by, at: out.closedAt }));
    out.closeBlockers = [out.reasons[0] as Reason];
    return out;
  }
  const blockers: Reason[] = [];
  if (!out.elapsed && out.endsAt && !hc.early_exit) blockers.push(say(ctx, "hypercare.early", { endsAt: out.endsAt }));
  for (const c of out.criteria) blockers.push(...c.reasons);
  out.closeBlockers = blockers;
  out.mayClose = blockers.length === 0;
  out.state = out.mayClose ? "ready" : "running";
  if (out.endsAt && !out.elapsed) out.reasons.push(say(ctx, "hypercare.running", { endsAt: out.endsAt, remainingMs: out.remainingMs ?? 0 }));
  out.reasons.push(...blockers.filter((b) => b.code !== "hypercare.early"));
  return out;
}

/** Whether a hypercare decision may be recorded: an owner; a close only when the rule holds, an extension while it runs. */
export function judgeHypercare(ctx: Ctx, fact: HypercareFact): Verdict {
  const hc = ctx.book.runbook.hypercare;
  if (!hc) return { ok: false, reasons: [say(ctx, "hypercare.none", {})] };
  const reasons: Reason[] = [];
  const roles = ownerRoles(ctx.book, hc);
  if (!isMember(ctx.book, roles, fact.by, ctx.t)) reasons.push(say(ctx, "hypercare.not_owner", { by: fact.by, ...roleRef(ctx.book, roles, ctx.t) }), ...textMembersReasons(ctx, roles));
  const s = computeHypercare(ctx, hc);
  if (fact.action === "close") reasons.push(...s.closeBlockers);
  else {
    if (s.state === "not_started" || s.state === "closed") reasons.push(...s.reasons.slice(0, 1));
    const extendMs = fact.extend_by ? parseDuration(fact.extend_by) : undefined;
    if (!extendMs || !fact.comment?.trim()) reasons.push(say(ctx, "hypercare.extend_needs", {}));
    // Bounded: a period past what a Date can hold would break every later status of the run.
    else if (extendMs > MAX_SPAN_MS) reasons.push(say(ctx, "hypercare.extend_too_long", { extendMs, maxMs: MAX_SPAN_MS }));
  }
  return reasons.length ? { ok: false, reasons } : { ok: true };
}
