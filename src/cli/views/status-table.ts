import { clockOf, dateOf, formatDuration } from "../../core/engine/time.ts";
import type { RunStatus, WaveStatus } from "../../core/engine/types.ts";
import { paint } from "./paint.ts";

// `golive status` as people read it on a terminal: the verdict and its reasons first, then the
// parts. Colour only adds emphasis (NO_COLOR leaves the same words).

const GOOD = new Set(["passing", "pass", "done", "given", "met", "passed", "go", "verified", "rolled_back", "not_applicable"]);
const BAD = new Set(["failed", "fail", "error", "blocked", "not_met", "no_go", "rolling_back", "expired"]);

function colour(state: string): string {
  const text = state.replace(/_/g, "-");
  if (GOOD.has(state)) return paint.green(text);
  if (BAD.has(state)) return paint.red(text);
  if (state === "waived" || state === "partial" || state === "waiting") return paint.yellow(text);
  return text;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

function visibleLength(text: string): number {
  return text.replace(ANSI, "").length;
}

/** Pads by visible length, so coloured cells line up. */
function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - visibleLength(text)));
}

/** Long titles (imported documents have sentence-long ones) are cut so rows stay on one line. */
export function cut(text: string, max = 64): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Rows as aligned columns (by visible length), indented. */
export function table(rows: string[][], indent = "  "): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleLength(c))));
  return rows.map((r) => indent + r.map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i] ?? 0))).join("  ").trimEnd());
}

/** Renders the run status as text. */
export function renderStatusTable(s: RunStatus): string {
  const zone = s.runbook.timezone;
  const nowDate = new Date(s.now);
  const today = dateOf(nowDate, zone);
  // Times of today show as HH:MM; a pilot runs for weeks, so other days carry their date.
  const t = (iso: string | undefined) => {
    if (!iso) return "";
    const d = new Date(iso);
    return dateOf(d, zone) === today ? clockOf(d, zone) : `${dateOf(d, zone)} ${clockOf(d, zone)}`;
  };
  const out: string[] = [];
  out.push(`${paint.bold(s.runbook.title)} ${paint.dim(`(${s.runbook.id}) as of ${dateOf(nowDate, zone)} ${clockOf(nowDate, zone)} ${zone}`)}`);
  out.push("");
  if (s.go) out.push(`${paint.bold(paint.green("GO"))}`);
  else out.push(`${paint.bold(paint.red("NO-GO"))} ${paint.dim(`${s.reasons.length} blocker${s.reasons.length === 1 ? "" : "s"}`)}`);
  for (const r of s.reasons) out.push(`  - ${r.text}`);

  if (s.gates.length) {
    out.push("", paint.bold("Gates"));
    out.push(...table(s.gates.map((g) => [g.id, colour(g.state), cut(g.title), paint.dim(g.reasons[0]?.text ?? "")])));
  }
  if (s.waves.length) {
    out.push("", paint.bold("Waves"));
    for (const w of s.waves) {
      out.push(...table([[w.id, colour(w.state), cut(w.title), paint.dim(waveNote(w, t))]]));
      out.push(...table(w.criteria.map((c) => [c.id, colour(c.state), cut(c.title), paint.dim(c.state === "met" || c.state === "waived" ? c.text ?? "" : c.reasons[0]?.text ?? "")]), "      "));
      if (!w.mayOpen && w.state === "closed" && !w.openedAt) out.push(paint.dim(`      may not open: ${w.openBlockers.map((r) => r.text).join("; ")}`));
    }
  }
  if (s.signoffs.length) {
    out.push("", paint.bold("Sign-offs"));
    out.push(...table(s.signoffs.map((x) => [
      x.id, colour(x.state), cut(x.title),
      paint.dim(x.signers.length ? x.signers.map((g) => `${g.by} ${t(g.at)}`).join(", ") : x.reasons[0]?.text ?? ""),
    ])));
  }
  if (s.steps.length) {
    out.push("", paint.bold("Steps"));
    out.push(...table(s.steps.map((x) => [
      x.parent ? `  ${x.id}` : x.id, colour(x.state), cut(x.title),
      paint.dim([x.startedAt ? `started ${t(x.startedAt)}` : "", x.endedAt ? `ended ${t(x.endedAt)}` : "", x.reasons[0]?.text ?? ""].filter(Boolean).join(", ")),
    ])));
  }
  if (s.timeline) {
    const tl = s.timeline;
    const head = [tl.date ?? "no date: set meta.date, timeline.date or the run's date to place clock times", tl.rollbackDeadline ? `rollback deadline ${t(tl.rollbackDeadline)}${tl.fixForward ? " passed: fix forward only" : ""}` : ""].filter(Boolean).join(", ");
    out.push("", `${paint.bold("Timeline")} ${paint.dim(head)}`);
    const rows: string[][] = [];
    for (const p of tl.phases) {
      const planned = p.plannedStart ? `${t(p.plannedStart)}-${t(p.plannedEnd)}` : "";
      const actual = p.actualStart ? `actual ${t(p.actualStart)}-${t(p.actualEnd)}` : "";
      const slip = p.slippageMinutes !== undefined && p.slippageMinutes !== 0 ? `${p.slippageMinutes > 0 ? "+" : ""}${p.slippageMinutes}m` : "";
      rows.push([p.id, colour(p.state), cut(p.title), planned, actual, p.late ? paint.yellow(slip || "late") : slip]);
      if (p.checkpoint) {
        const c = p.checkpoint;
        rows.push([`  ${c.id}`, colour(c.decision), cut(c.title), t(c.at), c.votes.map((v) => `${v.by}: ${v.decision.replace("_", "-")}`).join(", "), c.overdue ? paint.yellow("overdue") : ""]);
      }
    }
    out.push(...table(rows));
  }
  const overdue = s.items.filter((i) => i.overdue);
  if (overdue.length) {
    out.push("", paint.bold("Overdue items"));
    out.push(...table(overdue.map((i) => [i.id, colour(i.state), cut(i.title), paint.yellow(`due ${t(i.due)}`)])));
  }
  const open = s.incidents.filter((i) => i.state === "open");
  if (open.length) {
    out.push("", paint.bold("Incidents"));
    out.push(...table(open.map((i) => [i.id, i.blocksGo ? paint.red(i.severity) : i.severity, i.title, paint.dim(i.nextUpdateDue ? `next update ${t(i.nextUpdateDue)}${i.updateOverdue ? " (overdue)" : ""}` : "")])));
  }
  const h = s.hypercare;
  if (h) {
    const period = [h.startedAt ? `started ${t(h.startedAt)}` : "", h.endsAt ? `ends ${t(h.endsAt)}${h.remainingMs ? ` (${formatDuration(h.remainingMs)} left)` : ""}` : "", h.closedBy ? `closed by ${h.closedBy} ${t(h.closedAt)}` : ""].filter(Boolean).join(", ");
    out.push("", `${paint.bold("Hypercare")} ${colour(h.state)}${period ? ` ${paint.dim(period)}` : ""}`);
    out.push(...table(h.criteria.map((c) => [colour(c.met ? "met" : "not_met"), c.kind.replace(/_/g, "-"), c.title ?? c.id, paint.dim(c.reasons.map((x) => x.text).join("; "))])));
    if (h.state === "not_started") out.push(paint.dim(h.reasons.map((x) => x.text).join("; ")));
  }
  const waivers = s.waivers.filter((w) => w.state === "active");
  if (waivers.length) {
    out.push("", paint.bold("Waivers"));
    out.push(...table(waivers.map((w) => [w.id, w.target, `by ${w.by} until ${t(w.expires)}`, paint.dim(w.reason)])));
  }
  if (s.refused.length) {
    out.push("", paint.bold("Refused facts"));
    out.push(...table(s.refused.map((r) => [r.kind, r.action ? `${r.target} ${r.action}` : r.target, `${r.by} ${t(r.at)}`, paint.dim(r.reasons.map((x) => x.text).join("; "))])));
  }
  if (s.laterFacts) out.push("", paint.dim(`${s.laterFacts} fact(s) dated after ${t(s.now)} left out`));
  return `${out.join("\n")}\n`;
}

function waveNote(w: WaveStatus, t: (iso: string | undefined) => string): string {
  if (!w.openedAt) return w.mayOpen ? "may open" : "";
  const parts = [`opened ${t(w.openedAt)}`];
  if (w.closedAt) parts.push(`closed ${t(w.closedAt)}`);
  else if (w.soak) parts.push(w.soakElapsed ? `soak ${w.soak} done` : `soak ${w.soak} ends ${t(w.soakEndsAt)}`);
  return parts.join(", ");
}
