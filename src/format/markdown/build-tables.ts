import type { TableBlock, TableRow } from "./blocks.ts";
import { placeNotify } from "./build-notify.ts";
import { placeRegister } from "./build-registers.ts";
import { placeUpdates } from "./build-updates.ts";
import { ALERT_SETTINGS, CHECKPOINT_SETTINGS, CHECK_SETTINGS, METRIC_SETTINGS, SEVERITY_SETTINGS, SIGNOFF_SETTINGS, TASK_SETTINGS, TRIGGER_SETTINGS, applySettings, placeWaivers } from "./settings.ts";
import { step } from "./build-steps.ts";
import { criterion, waveRow } from "./build-waves.ts";
import { splitId, type Draft, type Frame, type PhaseIn, type SectionIn, type TierIn } from "./draft.ts";
import { cellOf, headerField, restCells, statusState, unbox, type Cell, type Classified } from "./tables.ts";
import { clockTime, dueText, durationIn, durationOf, slug } from "./text.ts";

const EVERY = /(?:every|per|mỗi|setiap|alle|toutes les|cada)\s+((?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+(?![\p{L}\d])|\d+(?:\.\d+)?\s*\p{L}+)/iu;

// Table rows to runbook parts, one function per table kind. A row that cannot be placed is
// reported with its line; the rest of its table still counts.

/** Places a classified table; returns false when the table has no place where it stands. */
export function placeTable(d: Draft, t: TableBlock, c: Classified): boolean {
  const cell: Cell = (row, field) => cellOf(t, c, row.cells, field);
  const each = (fn: (row: TableRow, i: number) => void) => t.rows.forEach((row, i) => {
    if (row.cells.every((x) => !x.trim())) return;
    fn(row, i);
  });
  const countStatus = (row: TableRow) => {
    const s = statusState(cell(row, "status"));
    if (s) d.count(`status:${s}`);
  };
  switch (c.kind) {
    case "gates":
      each((row) => {
        const { text, id } = splitId(cell(row, "gate"));
        const gid = d.id("gate", id ?? cell(row, "id"), `G-${d.rb.gates.length + 1}`);
        const owner = d.roles(cell(row, "owner"));
        const note = cell(row, "note");
        const gate: Draft["rb"]["gates"][number] = {
          id: gid, title: text || gid,
          ...(owner.length ? { owner: owner.length === 1 ? owner[0] : owner } : {}),
          ...(cell(row, "requires") ? { requires: pendingRefs(cell(row, "requires")) } : {}),
          ...(note ? { description: note } : {}),
        };
        if (c.col.requires === undefined) {
          // A team's gate row is ticked by a person: it becomes a manual item the gate requires
          // (an empty gate never passes), done when the status column says so.
          const section = d.section();
          const state = statusState(cell(row, "status"));
          const item: SectionIn["items"][number] = { id: d.id("item", `${gid}.done`, `${gid}-done`), title: gate.title, ...(gate.owner ? { owner: gate.owner } : {}), ...(state ? { done: state === "done" } : {}) };
          d.keepLinks(item, row.links, `item ${item.id}`);
          section.items.push(item);
          d.count("items");
          gate.requires = { items: [item.id] };
        }
        d.rb.gates.push(gate);
        countStatus(row);
        d.count("gates");
      });
      return true;
    case "criteria": {
      const wave = d.find((f) => f.wave);
      if (!wave) return false;
      each((row) => criterion(d, wave, cell, row));
      return true;
    }
    case "waves":
      each((row) => waveRow(d, cell, row, restCells(t, c, row.cells, ["id", "phase", "criteria", "task", "owner", "note"]), t.header[c.col.phase ?? 0] ?? ""));
      return true;
    case "steps":
      each((row) => step(d, cell, row));
      return true;
    case "tier_actions": {
      const tier = d.find((f) => f.tier);
      if (!tier) return false;
      each((row) => {
        const action = cell(row, "action") || cell(row, "trigger");
        if (!action) return d.skip(row.line, "table row", "no action", row.cells.join(" | "));
        const a: TierIn["actions"][number] = { action };
        const id = splitId(cell(row, "id")).id ?? cell(row, "id");
        if (id) a.id = id;
        if (cell(row, "title")) a.title = cell(row, "title");
        for (const f of ["trigger", "verify", "risk", "check"] as const) if (cell(row, f)) a[f] = cell(row, f);
        if (cell(row, "note")) a.notes = cell(row, "note");
        tier.actions.push(a);
        d.count("tier_actions");
      });
      return true;
    }
    case "rollback_triggers":
      each((row) => {
        const title = cell(row, "trigger").replace(/^[^\p{L}\p{N}]+/u, "").trim();
        const rb = d.rollback();
        const id = d.id("rollback_trigger", splitId(cell(row, "id")).id ?? cell(row, "id"), `RT-${rb.triggers.length + 1}`);
        const cond = cell(row, "condition");
        const sev = cell(row, "severity");
        const check = cell(row, "check");
        const trigger = { id, title: title || id, ...(cond ? { condition: cond } : {}), ...(sev ? { severity: d.severity(sev).id } : {}), ...(check ? { check } : {}) };
        applySettings(trigger, cell(row, "settings"), TRIGGER_SETTINGS);
        rb.triggers.push(trigger);
        d.count("rollback_triggers");
      });
      return true;
    case "decisions":
      each((row) => decision(d, cell, row));
      return true;
    case "signoffs":
      each((row) => signoff(d, cell, row, t.flattened));
      return true;
    case "contacts":
      each((row) => {
        const role = d.role(cell(row, "role"));
        if (!role) return d.skip(row.line, "table row", "contact without a role", row.cells.join(" | "));
        const ct: Draft["rb"]["contacts"][number] = { role };
        for (const f of ["name", "phone", "backup", "channel"] as const) if (cell(row, f)) ct[f] = cell(row, f);
        d.rb.contacts.push(ct);
        d.count("contacts");
      });
      return true;
    case "communication":
      each((row) => communication(d, cell, row, c.col.severity !== undefined));
      return true;
    case "timeline":
      each((row) => timelineRow(d, cell, row));
      return true;
    case "metrics": {
      const frame = d.top();
      const win = windowOf(d, frame);
      each((row) => {
        const { text, id } = splitId(cell(row, "metric"));
        const m: (typeof win.metrics)[number] = { id: id ?? cell(row, "id") ?? "", title: text };
        m.id = idIn(win.metrics.map((x) => x.id), m.id, `M-${win.metrics.length + 1}`);
        if (cell(row, "target")) m.target = cell(row, "target");
        if (cell(row, "alert_threshold")) m.alert = cell(row, "alert_threshold");
        applySettings(m, cell(row, "settings"), METRIC_SETTINGS);
        win.metrics.push(m);
        d.count("metrics");
      });
      return true;
    }
    case "alerts":
      each((row) => {
        const mon = d.monitoring();
        const { text, id: explicit } = splitId(cell(row, "alert"));
        const id = d.id("alert", explicit ?? cell(row, "id"), `A-${mon.alerts.length + 1}`);
        const a: (typeof mon.alerts)[number] = { id, ...(text ? { title: text } : {}) };
        for (const f of ["trigger", "check", "fix", "escalate"] as const) if (cell(row, f)) a[f] = cell(row, f);
        applySettings(a, cell(row, "settings"), ALERT_SETTINGS);
        mon.alerts.push(a);
        d.count("alerts");
      });
      return true;
    case "facts":
      if (t.flattened) return false;
      each((row) => {
        const facts = (d.rb.meta.facts ??= []);
        // Every other cell (a `Note` column) stays with the value, with its header.
        const rest = restCells(t, c, row.cells, ["property", "value"]);
        facts.push({ name: cell(row, "property") || "?", value: [cell(row, "value"), ...rest].filter(Boolean).join("; ") });
        d.count("facts");
      });
      return true;
    case "checks":
      each((row) => check(d, cell, row));
      return true;
    case "severities":
      each((row) => {
        const { text, id } = splitId(cell(row, "severity"));
        const s = d.severity(id ?? (cell(row, "id") || text), text);
        const crit = cell(row, "criteria") || cell(row, "title");
        if (crit) s.criteria = crit;
        const rb = rollbackWord(cell(row, "rollback"));
        if (rb) s.rollback = rb;
        applySettings(s, cell(row, "settings"), SEVERITY_SETTINGS);
      });
      return true;
    case "updates":
      return placeUpdates(d, t, c);
    case "risks":
    case "questions":
    case "inventory":
      return placeRegister(d, t, c, c.kind);
    case "waivers":
      return placeWaivers(d, t, c);
    case "notify":
      return placeNotify(d, t, c);
    case "roles":
      each((row) => {
        const id = d.role(cell(row, "role"));
        const r = d.rb.roles.find((x) => x.id === id);
        if (!r) return;
        const title = cell(row, "title");
        if (title) r.title = title;
        const members = cell(row, "members").split(/\s*,\s*/).filter(Boolean);
        if (members.length) r.members = members;
        if (rollbackWord(cell(row, "assigns")) === "yes") r.assigns = true;
      });
      return true;
    case "items": {
      const section = d.section();
      each((row) => {
        const boxed = unbox(cell(row, "title") || cell(row, "task") || cell(row, "check"));
        const { text, id } = splitId(boxed.text);
        const owner = d.roles(cell(row, "owner"));
        const due = dueText(cell(row, "due"));
        // An empty box keeps the row open whatever its status cell says: the two disagree, so it is not done.
        const said = statusState(cell(row, "status")) ?? (boxed.done === undefined ? undefined : boxed.done ? "done" : "pending");
        const state = said === "done" && boxed.done === false ? "pending" : said;
        // Every cell the row's fields do not take is kept in the notes with its header.
        const rest = restCells(t, c, row.cells, ["id", "title", "task", "check", "owner", "due", "status", "note", "command"]);
        const note = [cell(row, "note"), !due && cell(row, "due") ? `due: ${cell(row, "due")}` : "", ...rest].filter(Boolean).join("; ");
        const item: SectionIn["items"][number] = {
          id: d.itemId(section, id ?? cell(row, "id")), title: text || "(untitled)",
          ...(owner.length ? { owner: owner.length === 1 ? owner[0] : owner } : {}),
          ...(due ? { due } : {}), ...(state ? { done: state === "done" } : {}), ...(note ? { notes: note } : {}),
          ...(cell(row, "command") ? { command: cell(row, "command").replace(/^`|`$/g, "") } : {}),
        };
        d.keepLinks(item, row.links, `item ${item.id}`);
        section.items.push(item);
        d.count("items");
      });
      return true;
    }
  }
}

/**
 * Ids in a "requires" cell, resolved once the whole document is read: "gates: G-1; checks: c"
 * names the kind, free text ("Sau khi G-1, G-3 pass") keeps whatever names something (`any`).
 */
export function pendingRefs(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of text.split(";")) {
    const m = /^\s*(gates|items|checks|waves|criteria|signoffs)\s*:(.*)$/i.exec(part);
    const key = m ? (m[1] ?? "").toLowerCase() : "any";
    const tokens = (m ? (m[2] ?? "") : part).split(/[\s,]+/).map((s) => s.replace(/[`*]/g, "")).filter((s) => s.length > 0);
    (out[key] ??= []).push(...tokens);
  }
  return out;
}

function idIn(used: string[], wanted: string, fallback: string): string {
  if (wanted && !used.includes(wanted) && /^[\p{L}\p{N}][\p{L}\p{N}_.\-[\]]*$/u.test(wanted)) return wanted;
  let id = fallback;
  for (let n = 2; used.includes(id); n++) id = `${fallback}-${n}`;
  return id;
}

function rollbackWord(text: string): "yes" | "no" | "disable_feature" | "consider" | undefined {
  const n = text.toLowerCase().replace(/[*_]/g, "").trim();
  if (!n) return undefined;
  if (/disable|tắt|nonaktif|deaktiv|désactiv|desactiv/.test(n)) return "disable_feature";
  if (/^(yes|có|ya|ja|oui|sí|si)\b/.test(n)) return "yes";
  if (/^(no|không|tidak|nein|non)\b/.test(n)) return "no";
  if (/^(consider|cân nhắc|pertimbangkan|maybe)\b/.test(n)) return "consider";
  return undefined;
}

function decision(d: Draft, cell: Cell, row: TableRow): void {
  const sevText = cell(row, "severity").replace(/[*_`]/g, "").trim();
  const rb = rollbackWord(cell(row, "rollback"));
  if (!sevText || !rb || rb === "consider") return d.skip(row.line, "table row", "decision without a severity or a yes/no rollback", cell(row, "issue"));
  const sev = d.severity(/^[\p{L}\p{N}][\p{L}\p{N}_.-]*$/u.test(sevText) ? sevText : slug(sevText) || "SEV");
  const approvers = d.roles(cell(row, "approver"));
  const raw = cell(row, "rollback").replace(/[*_]/g, "").trim();
  // The cell says more than the word ("No, disable feature") only when it is not the word itself (`disable_feature`).
  const note = [raw.toLowerCase().replace(/\s+/g, "") !== rb.replace(/_/g, "") ? raw : "", cell(row, "note")].filter(Boolean).join("; ");
  d.rollback().decision_matrix.push({
    issue: cell(row, "issue") || "(issue)", severity: sev.id, rollback: rb,
    approvers: approvers.length ? (approvers.length === 1 ? (approvers[0] as string) : approvers) : d.defaultRole(),
    ...(note ? { note } : {}),
  });
  d.count("decisions");
}

function signoff(d: Draft, cell: Cell, row: TableRow, flattened: boolean): void {
  const { text: group, id } = splitId(unbox(cell(row, "role")).text);
  const person = flattened ? "" : cell(row, "name");
  // "| ☐ QA sign-off | QA Lead | |": the row names what is approved, its approver column who signs.
  const approver = cell(row, "approver");
  const role = d.role(approver || person || group);
  if (!role) return d.skip(row.line, "table row", "sign-off without a role", row.cells.join(" | "));
  const title = group || person;
  const sid = d.id("signoff", id ?? cell(row, "id"), slug(title, 32) || `SO-${d.rb.signoffs.length + 1}`);
  const note = cell(row, "note");
  const req = cell(row, "requires") || note;
  const s: Draft["rb"]["signoffs"][number] = { id: sid, title, role };
  if (req) s.requires = pendingRefs(req);
  if (note) s.note = note;
  applySettings(s, cell(row, "settings"), SIGNOFF_SETTINGS);
  d.rb.signoffs.push(s);
  const st = statusState(cell(row, "status"));
  if (st) d.count(`status:${st}`);
  d.count("signoffs");
}

/**
 * A row of a communication plan: a tier's or a severity's when the table names one, else the
 * go-live's own plan (`| Grupo | Canal | Quando Comunicar |`). The occasion (`Sempre`, `Go-Live
 * final`) is its `when`: a `When` column, or a timing cell that gives no duration.
 */
function communication(d: Draft, cell: Cell, row: TableRow, perSeverity: boolean): void {
  const sev = cell(row, "severity");
  const num = /(?:tier|cấp|tingkat|stufe)\s*(\d+)/i.exec(sev)?.[1];
  const tier = num ? d.rollback().tiers.find((t) => t.id === `T${num}` || t.id === num) : d.rollback().tiers.find((t) => t.id === splitId(sev).text);
  const split = (s: string) => s.split(/\s*\+\s*/).map((x) => x.trim()).filter(Boolean);
  const audience = split(cell(row, "audience") || cell(row, "role"));
  const comm: NonNullable<TierIn["communication"]> = { audience, channels: split(cell(row, "channel")) };
  // "within 15m, every 30m": how fast the first message goes out, and how often updates follow.
  const timing = cell(row, "timing");
  const every = EVERY.exec(timing);
  const within = durationOf(every ? timing.replace(every[0], "") : timing);
  if (within) comm.within = within;
  const cadence = every ? durationOf(every[1] ?? "") : undefined;
  if (cadence) comm.update_every = cadence;
  const when = cell(row, "trigger") || (!within && !cadence ? timing : "");
  if (when) comm.when = when;
  if (cell(row, "note")) comm.note = cell(row, "note");
  if (!perSeverity) {
    if (!audience.length) return d.skip(row.line, "table row", "communication row that names no one to tell", row.cells.join(" | "));
    (d.rb.communication ??= []).push(comm);
    d.count("communication");
    return;
  }
  if (tier) {
    tier.communication = comm;
    d.count("communication");
    return;
  }
  const sevId = splitId(sev).text;
  const severity = d.rb.incidents?.severities?.find((s) => s.id === sevId);
  if (severity) {
    severity.communication = comm;
    d.count("communication");
  } else d.skip(row.line, "table row", "communication row for an unknown tier or severity", row.cells.join(" | "));
}

function timelineRow(d: Draft, cell: Cell, row: TableRow): void {
  const at = dueText(cell(row, "time"));
  if (!at) return d.skip(row.line, "table row", "task without a clock time", row.cells.join(" | "));
  const phase = d.find((f) => f.phase) ?? implicitPhase(d, at);
  const raw = cell(row, "task");
  const cp = /^(?:checkpoint|điểm kiểm tra|titik periksa)\s*(\d*)\s*[:—–-]?\s*(.*)$/i.exec(raw);
  const owner = d.roles(cell(row, "owner"));
  if (cp && !phase.checkpoint) {
    const { text, id, attrs } = splitId(cp[2] ?? "");
    const cpId = d.id("checkpoint", id ?? cell(row, "id"), cp[1] ? `CP${cp[1]}` : `CP-${phase.id}`);
    phase.checkpoint = { id: cpId, title: text || `Checkpoint ${cp[1] ?? ""}`.trim(), at, approvers: owner.length ? (owner.length === 1 ? (owner[0] as string) : owner) : d.defaultRole() };
    applySettings(phase.checkpoint, attrs, CHECKPOINT_SETTINGS);
    if (cell(row, "requires")) phase.checkpoint.requires = pendingRefs(cell(row, "requires"));
    d.count("checkpoints");
    return;
  }
  const { text, id, attrs } = splitId(raw);
  const tid = d.id("task", id ?? cell(row, "id"), `${phase.id}-T${phase.tasks.length + 1}`);
  const links: Record<string, unknown> = {};
  applySettings(links, attrs, TASK_SETTINGS);
  if (attrs?.after === "none") links.after = [];
  phase.tasks.push({ id: tid, at, title: text || tid, ...(owner.length ? { owner: owner.length === 1 ? owner[0] : owner } : {}), ...links });
  const st = statusState(cell(row, "status"));
  if (st) d.count(`status:${st}`);
  d.count("tasks");
}

/** A timeline table outside any phase heading makes a phase of its own, named by the heading above. */
function implicitPhase(d: Draft, start: string): PhaseIn {
  const frame = d.top();
  const title = frame?.text ?? "Timeline";
  const phase: PhaseIn = { id: d.id("phase", undefined, slug(title, 24) || "phase"), title, start: clockTime(start) ?? start, tasks: [] };
  d.timeline().phases.push(phase);
  if (frame) frame.phase = phase;
  d.count("phases");
  return phase;
}

function windowOf(d: Draft, frame: Frame | undefined): NonNullable<Frame["window"]> {
  if (frame?.window) return frame.window;
  const { text, id } = splitId(frame?.text ?? "Monitoring");
  const mon = d.monitoring();
  const w: NonNullable<Frame["window"]> = { id: d.id("window", id, slug(text, 24) || "window"), title: text, metrics: [] };
  const to = durationIn(text);
  if (to) w.to = `+${to}`;
  mon.windows.push(w);
  if (frame) frame.window = w;
  d.count("monitoring_windows");
  return w;
}

function check(d: Draft, cell: Cell, row: TableRow): void {
  const kind = cell(row, "kind").replace(/`/g, "").trim();
  let config: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(cell(row, "config").replace(/^`|`$/g, "") || "{}");
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) config = parsed as Record<string, unknown>;
    else throw new Error("not an object");
  } catch {
    return d.skip(row.line, "table row", "check config is not a JSON object", row.cells.join(" | "));
  }
  const { text, id } = splitId(cell(row, "title"));
  const cid = d.id("check", id ?? cell(row, "id"), `check-${d.rb.checks.length + 1}`);
  const conditions = [...cell(row, "conditions").matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? "");
  const ch: Draft["rb"]["checks"][number] = { id: cid, kind, config, conditions, ...(text ? { title: text } : {}) };
  applySettings(ch, cell(row, "settings"), CHECK_SETTINGS);
  d.rb.checks.push(ch);
  d.count("checks");
}

/**
 * Under a rollback criteria heading, a table whose first column is a condition or a trigger
 * ("| Condição | Ação Automática | Ação Manual |") whatever its other headers: each row a rollback
 * trigger titled by its condition, the other cells after it ("… — Ação Manual: Investigar").
 */
export function placeTriggerTable(d: Draft, t: TableBlock): boolean {
  const first = headerField(t.header[0] ?? "");
  if (d.find((f) => f.kind) !== "rollback_triggers" || (first !== "condition" && first !== "trigger")) return false;
  const rb = d.rollback();
  for (const row of t.rows) {
    const cond = (row.cells[0] ?? "").trim();
    if (!cond) {
      if (row.cells.some((x) => x.trim())) d.skip(row.line, "table row", "a rollback trigger row without its condition", row.cells.join(" | "));
      continue;
    }
    const rest = t.header.slice(1).flatMap((h, i) => ((row.cells[i + 1] ?? "").trim() ? [`${h.trim()}: ${(row.cells[i + 1] ?? "").trim()}`] : []));
    rb.triggers.push({ id: d.id("rollback_trigger", undefined, `RT-${rb.triggers.length + 1}`), title: rest.length ? `${cond} — ${rest.join("; ")}` : cond });
    d.count("rollback_triggers");
  }
  return true;
}
