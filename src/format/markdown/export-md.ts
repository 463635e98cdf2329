import { asList, verifyParts } from "../../core/model/access.ts";
import type { Requires } from "../../core/model/primitives.ts";
import type { Communication, Runbook, Section, Step, Tier } from "../../core/model/runbook.ts";
import type { RunStatus } from "../../core/engine/index.ts";
import { ALERT_SETTINGS, CHECKPOINT_SETTINGS, CHECK_SETTINGS, METRIC_SETTINGS, NOTIFY_SEND_SETTINGS, NOTIFY_SETTINGS, SEVERITY_SETTINGS, SIGNOFF_SETTINGS, STEP_SETTINGS, FORECAST_SETTINGS, TASK_SETTINGS, TIER_SETTINGS, TRIGGER_SETTINGS, WAVE_SETTINGS, settingsText } from "./settings.ts";

// The runbook back to Markdown in the shape teams write: checkboxes, a gate table with a status
// column, waves with criteria tables, a steps table with verify and rollback, sign-offs, the
// timeline, rollback tiers, the decision matrix and contacts. Ids ride along as `{#id}` (the
// kramdown/pandoc heading attribute) or in an ID column, so that importing the export gives the
// same runbook back. With a run's status, states fill the status columns.

/** Markdown of `runbook`; `templates` expands for_each references; `status` adds live states. */
export function exportMarkdown(runbook: Runbook, opts: { templates?: Map<string, string[]>; status?: RunStatus } = {}): string {
  const w = new Writer(opts.templates ?? new Map<string, string[]>(), opts.status);
  w.all(runbook);
  return w.text();
}

/** Escapes Markdown punctuation outside code spans, so that text reads back as written. */
export function esc(text: string): string {
  return text
    .split(/(`+[^`]*`+)/)
    .map((part, i) => (i % 2 === 1 ? part : escapePlain(part)))
    .join("")
    .replace(/\s*\n\s*/g, " ");
}

function escapePlain(text: string): string {
  return text
    // Intraword underscores never make emphasis in GFM: only those at a word's edge are escaped.
    .replace(/_/g, (c, at: number) => (/[\p{L}\p{N}]/u.test(text.charAt(at - 1)) && /[\p{L}\p{N}]/u.test(text.charAt(at + 1)) ? c : "\uE000"))
    .replace(/[\\*[\]<>|~]/g, (c) => `\\${c}`)
    .replace(/\uE000/g, "\\_")
    .replace(/&(?=#?[a-zA-Z0-9]+;)/g, "\\&")
    .replace(/^#/, "\\#");
}

/** A table cell: escaped, pipes inside code spans escaped too (GFM splits cells first). */
function cell(text: string | undefined): string {
  return esc(text ?? "").replace(/(`+[^`]*`+)/g, (code) => code.replace(/\|/g, "\\|"));
}

/**
 * Links as Markdown (read back by import): the address in angle brackets, so that spaces and
 * parentheses stay in it, with the characters that would end or change it escaped.
 */
function linksText(links: { title: string; url: string }[] | undefined): string {
  return (links ?? []).map((l) => `[${esc(l.title)}](<${l.url.replace(/[\\<>&|]/g, (c) => `\\${c}`).replace(/\s*\n\s*/g, " ")}>)`).join(", ");
}

/** The timeline's forecast and recovery settings as meta lines (read back by import). */
function planMeta(t: NonNullable<Runbook["timeline"]>): [string, string | undefined][] {
  const f = t.forecast;
  const r = t.recovery;
  return [
    ["Forecast", f ? settingsText(f, FORECAST_SETTINGS) || "default" : undefined],
    ["Recovery time", r ? `${r.from} → ${r.to} within ${r.target}` : undefined],
  ];
}

/** A step's verify and rollback checks and commands as `key=value` words (the table shows their text). */
function stepSettings(s: Step, refs: (ids: string[]) => string[]): string {
  const v = verifyParts(s.verify);
  const r = verifyParts(s.rollback);
  return settingsText({ verify_checks: refs(v.checks), verify_cmd: v.command, rollback_checks: refs(r.checks), rollback_cmd: r.command, duration: s.duration, not_before: s.not_before, stream: s.stream }, STEP_SETTINGS);
}

/** A command in a table cell: one code span a line, the lines joined by `<br>` (a cell is one line). */
function commandCell(command: string | undefined): string {
  return (command ?? "").split("\n").filter((l, i, all) => l || all.length === 1).map((l) => cell(code(l))).join("<br>");
}

const code = (s: string | undefined) => (s ? `\`${s.includes("`") ? s.replace(/`/g, "'") : s}\`` : "");
const ids = (v: string | string[] | undefined) => asList(v).join(", ");
/** A heading's `{#id key=value}` attribute. */
const attrs = (id: string, settings: string) => `{#${id}${settings ? ` ${settings}` : ""}}`;

class Writer {
  private readonly out: string[] = [];
  constructor(
    private readonly templates: Map<string, string[]>,
    private readonly status: RunStatus | undefined,
  ) {}

  text(): string {
    return `${this.out.join("\n").replace(/\n{3,}/g, "\n\n").trim()}\n`;
  }

  private line(...l: string[]): void {
    this.out.push(...l);
  }

  private table(header: string[], rows: string[][]): void {
    this.line("", `| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`);
    for (const r of rows) this.line(`| ${r.join(" | ")} |`);
    this.line("");
  }

  /** Ids as the export names them: a for_each template stands for the ids it expanded to. */
  private refs(list: string[]): string[] {
    return list.flatMap((id) => this.templates.get(id) ?? [id]);
  }

  private requires(r: Requires): string {
    const parts: string[] = [];
    for (const k of ["gates", "items", "checks", "waves", "criteria", "signoffs"] as const) if (r[k].length) parts.push(`${k}: ${this.refs(r[k]).join(", ")}`);
    return parts.join("; ");
  }

  all(rb: Runbook): void {
    const m = rb.meta;
    this.line(`# ${esc(m.title)} {#${m.id}}`, "");
    const metaLines = [["Version", m.version === undefined ? undefined : String(m.version)], ["Date", m.date], ["System", m.system], ["Owner", m.owner], ["Timezone", m.timezone], ["Language", m.language]]
      .filter((x): x is [string, string] => !!x[1])
      .map(([k, v]) => `**${k}**: ${esc(v)}  `);
    if (metaLines.length) this.line(...metaLines, "");
    if (this.status) this.line(`> **${this.status.go ? "GO" : "NO-GO"}** at ${this.status.now}${this.status.reasons.length ? `: ${esc(this.status.reasons.map((r) => r.text).join("; "))}` : ""}`, "");
    if (m.description) this.line(esc(m.description), "");
    if (m.facts.length) {
      this.line("## Facts");
      this.table(["Property", "Value"], m.facts.map((f) => [cell(f.name), cell(f.value)]));
    }
    if (rb.roles.length) {
      this.line("## Roles");
      // "Assigns" only when a role may assign people to roles: most documents have no such column.
      const assigns = rb.roles.some((r) => r.assigns);
      this.table(["Role", "Title", "Members", ...(assigns ? ["Assigns"] : [])], rb.roles.map((r) => [r.id, cell(r.title), cell(r.members.join(", ")), ...(assigns ? [r.assigns ? "yes" : ""] : [])]));
    }
    if (rb.contacts.length) {
      this.line("## Contacts");
      this.table(["Role", "Name", "Phone", "Backup", "Channel"], rb.contacts.map((c) => [c.role, cell(c.name), cell(c.phone), cell(c.backup), cell(c.channel)]));
    }
    if (rb.communication.length) {
      this.line("## Communication plan");
      this.communication(undefined, rb.communication.map((c) => ["", c]));
    }
    for (const s of rb.sections) this.section(s, 2);
    this.checks(rb);
    this.gates(rb);
    this.waves(rb);
    this.steps(rb);
    this.timeline(rb);
    // Severities before the rollback plan: the decision matrix and triggers name them.
    this.incidents(rb);
    this.rollback(rb);
    this.signoffs(rb);
    this.monitoring(rb);
    this.hypercare(rb);
    this.notify(rb);
    this.links(rb);
    for (const [i, p] of rb.procedures.entries()) {
      if (i === 0) this.line("## Procedures", "");
      this.line(`### ${esc(p.title)} {#${p.id}}`, "");
      const about = [["When", p.when ? esc(p.when) : undefined], ["Owner", p.owner ? ids(p.owner) : undefined]].filter((x): x is [string, string] => !!x[1]);
      if (about.length) this.line(...about.map(([k, v]) => `**${k}**: ${v}  `), "");
      p.steps.forEach((s, n) => this.procStep(s, n));
      this.line("");
    }
  }

  private section(s: Section, depth: number): void {
    const h = "#".repeat(Math.min(depth, 6));
    const settings = [s.owner ? `owner=${ids(s.owner).replace(/\s/g, "")}` : "", s.due ? `due=${s.due}` : ""].filter(Boolean).join(" ");
    this.line(`${h} ${esc(s.title)} ${attrs(s.id, settings)}`, "");
    if (s.description) this.line(esc(s.description), "");
    for (const it of s.items) {
      const st = this.status?.items.find((x) => x.id === it.id);
      const done = st ? st.state === "done" || st.state === "waived" : it.done === true;
      const attrs = [it.check ? `check=${it.check}` : "", it.owner ? `owner=${ids(it.owner).replace(/\s/g, "")}` : "", it.due ? `due=${it.due}` : "", it.command && !it.command.includes("\n") ? `cmd=${code(it.command)}` : "", it.optional ? "optional=true" : ""].filter(Boolean);
      const note = st && st.state !== "not_done" ? ` *(${st.state}${st.by ? ` by ${esc(st.by)}` : ""}${st.at ? ` at ${st.at}` : ""})*` : "";
      this.line(`- [${done ? "x" : " "}] ${esc(it.title)}${note} {#${it.id}${attrs.length ? ` ${attrs.join(" ")}` : ""}}`);
      // What the item line has no room for, as lines under it (read back by import).
      if (it.depends_on.length) this.line(`  - Depends on: ${this.refs(it.depends_on).join(", ")}`);
      if (it.evidence !== "optional") this.line(`  - Evidence: ${it.evidence}`);
      if (it.notes) this.line(`  - Notes: ${esc(it.notes)}`);
      if (it.links?.length) this.line(`  - Links: ${linksText(it.links)}`);
      // A command of several lines is a fenced block in the item (an attribute holds one line).
      if (it.command?.includes("\n")) this.line("  ```", ...it.command.split("\n").map((l) => `  ${l}`), "  ```");
    }
    this.line("");
    for (const sub of s.sections) this.section(sub, depth + 1);
  }

  private checks(rb: Runbook): void {
    if (!rb.checks.length) return;
    this.line("## Automated checks");
    const state = (id: string) => this.status?.checks.find((c) => c.id === id)?.state;
    this.table(
      ["ID", "Title", "Kind", "Config", "Conditions", "Settings", ...(this.status ? ["Status"] : [])],
      rb.checks.map((c) => [c.id, cell(c.title), c.kind, cell(code(JSON.stringify(c.config))), cell(asList(c.conditions).map(code).join(" ")), cell(settingsText(c, CHECK_SETTINGS)), ...(this.status ? [state(c.id) ?? ""] : [])]),
    );
  }

  private gates(rb: Runbook): void {
    if (!rb.gates.length) return;
    this.line("## Gates");
    const notes = rb.gates.some((g) => g.description);
    this.table(
      ["#", "Gate", "Owner", "Requires", ...(notes ? ["Note"] : []), "Status"],
      rb.gates.map((g) => [g.id, cell(g.title), ids(g.owner), cell(this.requires(g.requires)), ...(notes ? [cell(g.description)] : []), this.status?.gates.find((x) => x.id === g.id)?.state ?? "pending"]),
    );
  }

  private waves(rb: Runbook): void {
    if (!rb.waves.length) return;
    this.line("## Waves", "");
    for (const wv of rb.waves) {
      const ws = this.status?.waves.find((x) => x.id === wv.id);
      this.line(`### ${esc(wv.title)} ${attrs(wv.id, settingsText(wv, WAVE_SETTINGS))}`, "");
      const req = this.requires(wv.requires);
      if (req) this.line(`**Requires**: ${esc(req)}`, "");
      if (wv.description) this.line(esc(wv.description), "");
      if (ws) this.line(`*Status: ${ws.state}${ws.exitHolds ? ", exit criteria hold" : ""}*`, "");
      if (!wv.exit.length) continue;
      this.table(
        ["ID", "Criteria", "Target", "How measured", "Check", "Attested by", "Condition", ...(ws ? ["Status"] : [])],
        wv.exit.map((c) => {
          const cs = ws?.criteria.find((x) => x.id === c.id);
          return [c.id, cell(c.title), cell(c.target), cell(c.measure), c.check ?? "", ids(c.attest?.by), cell(code(c.attest?.condition)), ...(ws ? [cell(cs ? `${cs.state}${cs.text ? `: ${cs.text}` : ""}` : "")] : [])];
        }),
      );
    }
  }

  private steps(rb: Runbook): void {
    if (!rb.steps.length) return;
    this.line("## Deploy steps");
    const rows: string[][] = [];
    const refs = (l: string[]) => this.refs(l);
    const all: Step[] = [];
    const collect = (list: Step[]) => list.forEach((s) => (all.push(s), collect(s.steps)));
    collect(rb.steps);
    // Columns a team's table rarely has are written only when some step needs them.
    const extra = { action: all.some((s) => s.action), after: all.some((s) => s.after), notes: all.some((s) => s.notes), settings: all.some((s) => stepSettings(s, refs)), links: all.some((s) => s.links?.length) };
    const walk = (list: Step[], parent: string) =>
      list.forEach((s) => {
        const st = this.status?.steps.find((x) => x.id === s.id);
        const win = s.window ? `${s.window.start}${s.window.end ? ` - ${s.window.end}` : ""}` : "";
        const times = st ? [st.startedAt, st.endedAt].filter(Boolean).join(" → ") : "";
        rows.push([
          s.id, cell(s.title), ids(s.owner), commandCell(s.command), cell(verifyParts(s.verify).text), cell(verifyParts(s.rollback).text), win, parent,
          ...(extra.action ? [cell(s.action)] : []),
          ...(extra.after ? [s.after ? (s.after.length ? s.after.join(", ") : "none") : ""] : []),
          ...(extra.notes ? [cell(s.notes)] : []),
          ...(extra.settings ? [cell(stepSettings(s, refs))] : []),
          ...(extra.links ? [linksText(s.links)] : []),
          ...(this.status ? [st?.state ?? "", times] : []),
        ]);
        walk(s.steps, s.id);
      });
    walk(rb.steps, "");
    const header = ["#", "Step", "Owner", "Command", "Verify", "Rollback", "Window", "Part of", ...(extra.action ? ["Action"] : []), ...(extra.after ? ["Depends on"] : []), ...(extra.notes ? ["Notes"] : []), ...(extra.settings ? ["Settings"] : []), ...(extra.links ? ["Links"] : [])];
    this.table([...header, ...(this.status ? ["Status", "Started → ended"] : [])], rows);
  }

  private timeline(rb: Runbook): void {
    const t = rb.timeline;
    if (!t) return;
    this.line("## Timeline", "");
    const meta = [["Cutover date", t.date], ["Go-live day", t.day], ["Window", t.start ? `${t.start}${t.end ? ` - ${t.end}` : ""}` : undefined], ["Rollback deadline", t.rollback_deadline], ...planMeta(t)]
      .filter((x): x is [string, string] => !!x[1])
      .map(([k, v]) => `**${k}**: ${esc(v)}  `);
    if (meta.length) this.line(...meta, "");
    for (const p of t.phases) {
      const ps = this.status?.timeline?.phases.find((x) => x.id === p.id);
      this.line(`### ${esc(p.title)} (${p.start}${p.end ? ` - ${p.end}` : ""}) {#${p.id}}`, "");
      if (ps) this.line(`*Status: ${ps.state}${ps.actualStart ? `, started ${ps.actualStart}` : ""}${ps.slippageMinutes !== undefined ? `, slippage ${ps.slippageMinutes} min` : ""}*`, "");
      // A task names what it is about (a check, an item, a step) and its plan in its `{#id ...}`
      // attribute; `after=none` says "no predecessor", unlike no `after` (the previous task).
      const links = (k: (typeof p.tasks)[number]) => [settingsText(k, TASK_SETTINGS), k.after?.length === 0 ? "after=none" : ""].filter(Boolean).join(" ");
      const req = p.checkpoint ? this.requires(p.checkpoint.requires) : "";
      const rows = p.tasks.map((k) => [k.id, k.at, `${cell(k.title)}${links(k) ? ` ${attrs(k.id, links(k))}` : ""}`, ids(k.owner), ...(req ? [""] : []), "☐"]);
      if (p.checkpoint) {
        const c = p.checkpoint;
        const decision = ps?.checkpoint?.decision;
        const settings = settingsText(c, CHECKPOINT_SETTINGS);
        rows.push([c.id, c.at, `CHECKPOINT: ${cell(c.title)}${settings ? ` ${attrs(c.id, settings)}` : ""}`, ids(c.approvers), ...(req ? [cell(req)] : []), decision === "go" ? "✅" : decision === "no_go" ? "❌" : "☐"]);
      }
      if (rows.length) this.table(["ID", "Time", "Task", "Owner", ...(req ? ["Requires"] : []), "Status"], rows);
    }
  }

  private rollback(rb: Runbook): void {
    const r = rb.rollback;
    if (!r) return;
    this.line("## Rollback", "");
    if (r.principle) this.line(esc(r.principle), "");
    if (r.window) this.line(`**Rollback window**: ${r.window}`, "");
    if (r.triggers.length) {
      this.line("### Rollback triggers");
      const checks = r.triggers.some((t) => t.check);
      const settings = r.triggers.some((t) => settingsText(t, TRIGGER_SETTINGS));
      this.table(
        ["ID", "Trigger", "Condition", "Severity", ...(checks ? ["Check"] : []), ...(settings ? ["Settings"] : [])],
        r.triggers.map((t) => [t.id, cell(t.title), cell(t.condition), t.severity ?? "", ...(checks ? [t.check ?? ""] : []), ...(settings ? [cell(settingsText(t, TRIGGER_SETTINGS))] : [])]),
      );
    }
    if (r.tiers.length) {
      this.line("### Rollback tiers", "");
      for (const t of r.tiers) {
        this.line(`#### ${esc(t.title)} ${attrs(t.id, settingsText(t, TIER_SETTINGS))}`, "");
        if (t.description) this.line(esc(t.description), "");
        if (t.actions.length) this.tierActions(t.actions);
      }
      const comm = r.tiers.filter((t) => t.communication);
      if (comm.length) {
        this.line("#### Communication plan");
        this.communication("Tier", comm.map((t) => [t.id, t.communication]));
      }
    }
    if (r.decision_matrix.length) {
      this.line("### Decision matrix");
      this.table(["Issue", "Severity", "Rollback?", "Approver", "Note"], r.decision_matrix.map((d) => [cell(d.issue), d.severity, d.rollback, ids(d.approvers).replace(/,/g, " +"), cell(d.note)]));
    }
    if (r.procedure.length) {
      this.line("### Rollback steps", "");
      r.procedure.forEach((s, n) => this.procStep(s, n));
      this.line("");
    }
    if (r.notes.length) {
      this.line("### Notes", "");
      for (const n of r.notes) this.line(`- ${esc(n)}`);
      this.line("");
    }
  }

  private tierActions(actions: Tier["actions"]): void {
    const has = (k: "title" | "check" | "notes") => actions.some((a) => a[k]);
    const [title, check, notes] = [has("title"), has("check"), has("notes")];
    this.table(
      ["ID", ...(title ? ["Title"] : []), "Trigger", "Action", "Verify", "Risk", ...(check ? ["Check"] : []), ...(notes ? ["Notes"] : [])],
      actions.map((a) => [a.id ?? "", ...(title ? [cell(a.title)] : []), cell(a.trigger), cell(a.action), cell(a.verify), cell(a.risk), ...(check ? [a.check ?? ""] : []), ...(notes ? [cell(a.notes)] : [])]),
    );
  }

  /** Who is told, where, how fast: one row per tier or severity. */
  /** A communication plan: a tier's or a severity's (`first` names the column of their ids), or the go-live's own. */
  private communication(first: string | undefined, rows: [string, Communication | undefined][]): void {
    const notes = rows.some(([, c]) => c?.note);
    const when = rows.some(([, c]) => c?.when);
    const timing = (c: Communication | undefined) => [c?.within ? `within ${c.within}` : "", c?.update_every ? `every ${c.update_every}` : ""].filter(Boolean).join(", ");
    this.table(
      [...(first ? [first] : []), "Audience", "Channel", ...(when ? ["When"] : []), "Timing", ...(notes ? ["Note"] : [])],
      rows.map(([id, c]) => [...(first ? [id] : []), cell(c?.audience.join(" + ")), cell(c?.channels.join(" + ")), ...(when ? [cell(c?.when)] : []), timing(c), ...(notes ? [cell(c?.note)] : [])]),
    );
  }

  /** A numbered step; its id, when it has one, as `{#id}`; notes and command under it. */
  private procStep(s: { id?: string | undefined; title: string; command?: string | undefined; notes?: string | undefined }, n: number): void {
    this.line(`${n + 1}. ${esc(s.title)}${s.id ? ` {#${s.id}}` : ""}`);
    if (s.notes) this.line(`   - Notes: ${esc(s.notes)}`);
    if (s.command) this.line("", "   ```", ...s.command.split("\n").map((l) => `   ${l}`), "   ```", "");
  }

  private signoffs(rb: Runbook): void {
    if (!rb.signoffs.length) return;
    this.line("## Sign-off");
    this.table(
      ["ID", "Sign-off", "Signer", "Requires", "Note", "Settings", "Status", "Given by", "Date"],
      rb.signoffs.map((s) => {
        const st = this.status?.signoffs.find((x) => x.id === s.id);
        return [s.id, cell(s.title), s.role, cell(this.requires(s.requires)), cell(s.note), cell(settingsText(s, SIGNOFF_SETTINGS)), st?.state ?? "pending", cell(st?.signers.map((x) => x.by).join(", ")), st?.signers.map((x) => x.at).join(", ") ?? ""];
      }),
    );
    if (rb.waivers.length) {
      this.line("## Waivers");
      this.table(["ID", "Waiver", "Targets", "Grantors", "Max duration"], rb.waivers.map((w) => [w.id, cell(w.title), cell(w.targets.join(", ")), ids(w.grantors), w.max_duration]));
    }
  }

  /** Notification routes: where they send as written (secrets are `${env:NAME}` references, never values). */
  private notify(rb: Runbook): void {
    const routes = rb.notify?.routes ?? [];
    if (!routes.length) return;
    this.line("## Notifications");
    const send = (r: (typeof routes)[number]) => settingsText(r, NOTIFY_SEND_SETTINGS);
    this.table(["ID", "Events", "Severity", "Send to", "Settings"], routes.map((r) => [r.id, r.events.map(code).join(" "), r.severities.map(code).join(" "), cell(send(r)), cell(settingsText(r, NOTIFY_SETTINGS))]));
  }

  private monitoring(rb: Runbook): void {
    const mon = rb.monitoring;
    if (!mon || (!mon.windows.length && !mon.alerts.length)) return;
    this.line("## Monitoring", "");
    for (const win of mon.windows) {
      const span = [win.from !== "+0s" ? `from=${win.from}` : "", win.to ? `to=${win.to}` : ""].filter(Boolean).join(" ");
      this.line(`### ${esc(win.title)} ${attrs(win.id, span)}`);
      const settings = win.metrics.some((x) => settingsText(x, METRIC_SETTINGS));
      this.table(
        ["ID", "Metric", "Target", "Alert threshold", ...(settings ? ["Settings"] : [])],
        win.metrics.map((x) => [x.id, cell(x.title), cell(x.target), cell(x.alert), ...(settings ? [cell(settingsText(x, METRIC_SETTINGS))] : [])]),
      );
    }
    if (mon.alerts.length) {
      this.line("### Alerts");
      const settings = mon.alerts.some((a) => settingsText(a, ALERT_SETTINGS));
      this.table(
        ["ID", "Alert", "Trigger", "Check", "Fix", "Escalate", ...(settings ? ["Settings"] : [])],
        mon.alerts.map((a) => [a.id, cell(a.title), cell(a.trigger), cell(a.check), cell(a.fix), cell(a.escalate), ...(settings ? [cell(settingsText(a, ALERT_SETTINGS))] : [])]),
      );
    }
  }

  private hypercare(rb: Runbook): void {
    const h = rb.hypercare;
    if (!h) return;
    this.line("## Hypercare", "");
    const e = h.exit;
    const owners = h.owners === undefined ? undefined : [h.owners].flat().join(", ");
    const lines = [
      ["Duration", h.duration], ["Starts after", h.starts_after ? `${h.starts_after.kind} ${h.starts_after.id}` : undefined], ["Owners", owners],
      ["Green for", e?.green_for], ["Windows", e?.windows.join(", ")], ["Checks", e && this.refs(e.checks).join(", ")], ["Items", e && this.refs(e.items).join(", ")],
      ["No open incidents", e?.incidents.no_open.join(", ")], ["No incidents", e?.incidents.none_opened.join(", ")],
      ["Sign-offs", e?.signoffs.join(", ")], ["Early exit", h.early_exit ? "yes" : undefined],
    ]
      .filter((x): x is [string, string] => !!x[1])
      .map(([k, v]) => `**${k}**: ${esc(v)}  `);
    if (lines.length) this.line(...lines, "");
    if (h.description) this.line(esc(h.description), "");
  }

  /** Links as `- Title: \`address\``: the address in code, so that it reads back exactly. */
  private links(rb: Runbook): void {
    if (!rb.meta.links.length) return;
    this.line("## Links", "");
    for (const l of rb.meta.links) this.line(`- ${esc(l.title)}: ${code(l.url)}`);
    this.line("");
  }

  private incidents(rb: Runbook): void {
    const inc = rb.incidents;
    if (!inc) return;
    this.line("## Incidents", "");
    if (inc.severities.length) {
      this.line("### Severities");
      const settings = inc.severities.some((s) => settingsText(s, SEVERITY_SETTINGS));
      this.table(
        ["ID", "Severity", "Criteria", "Rollback", ...(settings ? ["Settings"] : [])],
        inc.severities.map((s) => [s.id, cell(s.title), cell(s.criteria), s.rollback ?? "", ...(settings ? [cell(settingsText(s, SEVERITY_SETTINGS))] : [])]),
      );
    }
    const comm = inc.severities.filter((s) => s.communication);
    if (comm.length) {
      this.line("### Communication");
      this.communication("Severity", comm.map((s) => [s.id, s.communication]));
    }
    if (inc.immediate_actions.length) {
      this.line("### Immediate actions", "");
      inc.immediate_actions.forEach((s, n) => this.procStep(s, n));
      this.line("");
    }
    if (inc.template) this.line("### Status update template", "", "```text", ...inc.template.split("\n"), "```", "");
  }
}
