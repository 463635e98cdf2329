import { paragraphTable, type Block, type Entry, type ListBlock, type ParagraphBlock } from "./blocks.ts";
import { allLinks, commandOf, flatText, procStep } from "./entries.ts";
import { code, procedure } from "./build-code.ts";
import { optionalByHeading, placeDecision, placeSignatureForm, placeSignLines, skipContents } from "./build-forms.ts";
import { ITEM_LINES, META_KEYS, contactLines, hypercare, itemLine, link, meta, procedureAbout } from "./build-lines.ts";
import { pendingRefs, placeTable, placeTriggerTable } from "./build-tables.ts";
import { placeTaskTable } from "./build-task-table.ts";
import { stageFacts } from "./build-updates.ts";
import { headingKind, splitId, type Draft, type Frame, type SectionIn, type StepIn } from "./draft.ts";
import { applyRepeat, repeatHeading, repeatValues } from "./repeat.ts";
import { TIER_SETTINGS, WAVE_SETTINGS, applySettings } from "./settings.ts";
import { classifyTable, statusState } from "./tables.ts";
import { clockTime, durationIn, timeRange, titleId } from "./text.ts";
import { labelLine } from "./vocabulary.ts";

// Walks the blocks in document order and places each one: headings open frames (a section, a
// wave, a rollback tier, a timeline phase...), tables go where their kind says, lists become
// checklist items, deploy steps, severities or procedure steps depending on the heading above.

const WAVE = /^(?:pilot\s+)?(?:wave|đợt|gelombang|welle|vague|ola|onda)\s*(\d+)\b/i;
const TIER = /^(?:tier|cấp|tingkat|stufe|niveau|nivel|livello)\s*(\d+)\b/i;
const PHASE = /^(?:phase|giai đoạn|fase|tahap|phase)\s*(\d+)\b/i;
/** A line that is a heading whatever follows it: "Tier 3 — Migration rollback", "Wave 2 (W2) — ...". */
const STRONG = /^(?:pilot\s+)?(?:wave|đợt|gelombang|tier|cấp|phase|giai đoạn|fase|tahap)\s*\d+\s*(?:\([^)]*\)\s*)?[—–:-]\s*\S/i;
const NUMBERED = /^(?:[A-Z]?(\d+(?:\.\d+)*)[).]|(\d+(?:\.\d+)+))\s+\S/;

/** Places every block into `d`. */
export function build(d: Draft, blocks: Block[]): void {
  const atx = blocks.filter((b) => b.type === "heading").length;
  d.boxes = blocks.some((b) => b.type === "list" && hasBox(b.items));
  let lastNumbered = 1;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i] as Block;
    switch (b.type) {
      case "heading":
        heading(d, b.level, b.text, b.line);
        break;
      case "table": {
        const c = classifyTable(b);
        if (!c) {
          if (!stageFacts(d, b) && !placeTriggerTable(d, b) && !placeTaskTable(d, b)) d.skip(b.line, "table", "header words name no known table kind", b.header.join(" | "));
        }
        else if (!placeTable(d, b, c)) d.skip(b.line, "table", `${c.kind} table outside a place for it`, b.header.join(" | "));
        break;
      }
      case "list": {
        // "1. Deployment" alone, in a document without headings, was a numbered heading.
        const only = b.items.length === 1 ? b.items[0] : undefined;
        if (atx < 2 && b.ordered && only && !only.children.length && only.checked === null && only.text.length <= 40 && !/[.:;,]$/.test(only.text)) {
          heading(d, 2, only.text, b.line);
          break;
        }
        list(d, b, blocks[i - 1]);
        break;
      }
      case "code":
        code(d, b);
        break;
      case "paragraph": {
        const pseudo = atx < 2 ? pseudoHeading(d, b, blocks[i + 1], lastNumbered) : undefined;
        if (pseudo !== undefined) {
          if (NUMBERED.test(b.text)) lastNumbered = pseudo;
          heading(d, pseudo, b.text, b.line);
          break;
        }
        paragraph(d, b);
        break;
      }
    }
  }
  applyRepeat(d);
  optionalByHeading(d);
}

/** A paragraph line that was a heading before the page was copied, and its level. */
function pseudoHeading(d: Draft, p: ParagraphBlock, next: Block | undefined, lastNumbered: number): number | undefined {
  const t = p.text;
  if (t.includes("\n") || t.length > 100 || /[.:;,]$/.test(t)) return undefined;
  if (!d.titled && d.stack.length === 0) return 1;
  const num = NUMBERED.exec(t);
  if (num) return 1 + (num[1] ?? num[2] ?? "1").split(".").length;
  if (STRONG.test(t)) return lastNumbered + 1;
  const structural = next && (next.type === "table" || next.type === "list" || next.type === "code" || (next.type === "paragraph" && (STRONG.test(next.text) || !!paragraphTable(next))));
  const titleCase = t.length <= 60 && t.replace(/\([^)]*\)/g, "").split(/\s+/).filter(Boolean).every((w) => /^[^\p{Ll}]/u.test(w) || /^(and|of|per|the|for|to|in|on|with|và|dan|-|&|\/)$/.test(w));
  if (!structural && !titleCase) return undefined;
  if (next?.type === "list" && !titleCase && /^\p{Ll}/u.test(t)) return undefined;
  return lastNumbered + 1;
}

function heading(d: Draft, level: number, raw: string, line: number): void {
  while ((d.top()?.level ?? 0) >= level) d.stack.pop();
  const { text, id, attrs } = splitId(raw);
  if (!d.titled && level === 1 && d.stack.length === 0) {
    d.titled = true;
    d.rb.meta.title = text || "Imported runbook";
    d.rb.meta.id = id ?? (titleId(text) || "imported");
    d.stack.push({ level, text, line, title: true });
    return;
  }
  // Only the heading right above counts, and not when it is a checklist section of its own.
  const above = d.top();
  const parentKind = above && !above.section ? above.kind : undefined;
  const kind = headingKind(text);
  const f: Frame = { level, text, line, ...(kind ? { kind } : {}) };
  const wave = WAVE.exec(text);
  const tier = TIER.exec(text);
  const range = timeRange(text);
  if (wave || (parentKind === "waves" && id)) {
    const paren = /\((W\d+)\)/.exec(text)?.[1];
    const wid = d.id("wave", id ?? paren ?? (wave ? `W${wave[1]}` : undefined), `W${d.rb.waves.length + 1}`);
    f.wave = { id: wid, title: text, exit: [] };
    applySettings(f.wave, attrs, WAVE_SETTINGS);
    d.rb.waves.push(f.wave);
    d.count("waves");
  } else if (tier || (parentKind === "tiers" && id)) {
    const budget = durationIn(text.replace(/^[^(—–-]*/, ""));
    const tid = d.id("tier", id ?? (tier ? `T${tier[1]}` : undefined), `T${d.rollback().tiers.length + 1}`);
    f.tier = { id: tid, title: text, actions: [] };
    if (budget && !id) f.tier.budget = budget;
    if (/no downtime|không downtime|tanpa downtime/i.test(text) && !id) f.tier.downtime = false;
    else if (/downtime/i.test(text) && !id) f.tier.downtime = true;
    applySettings(f.tier, attrs, TIER_SETTINGS);
    d.rollback().tiers.push(f.tier);
    d.count("tiers");
  } else if (range.start && (PHASE.test(text) || parentKind === "timeline" || !kind)) {
    const num = PHASE.exec(text)?.[1];
    const pid = d.id("phase", id ?? (num ? `P${num}` : undefined), `P${d.timeline().phases.length + 1}`);
    f.phase = { id: pid, title: range.text || pid, start: range.start, ...(range.end ? { end: range.end } : {}), tasks: [] };
    d.timeline().phases.push(f.phase);
    d.count("phases");
  } else if (id && parentKind === "procedures") {
    f.procedure = { id: d.id("procedure", id, "procedure"), title: text, steps: [] };
    d.rb.procedures.push(f.procedure);
    d.count("procedures");
  } else if (id && parentKind === "monitoring") {
    f.window = { id: d.id("window", id, "window"), title: text, metrics: [] };
    if (attrs?.from) f.window.from = attrs.from;
    if (attrs?.to) f.window.to = attrs.to;
    d.monitoring().windows.push(f.window);
    d.count("monitoring_windows");
  } else if (id) {
    // An explicit id on a plain heading names its checklist section, made now even if it stays empty.
    f.text = `${text} {#${id}}`;
    d.stack.push(f);
    const s = d.section();
    const owners = (attrs?.owner ?? "").split(",").map((o) => d.role(o)).filter((o): o is string => !!o);
    if (owners.length) s.owner = owners.length === 1 ? owners[0] : owners;
    if (attrs?.due) s.due = attrs.due;
    return;
  }
  d.stack.push(f);
  repeatHeading(d, f);
}

function paragraph(d: Draft, p: ParagraphBlock): void {
  if (repeatValues(d, p.text)) return;
  const table = paragraphTable(p);
  if (table) {
    const c = classifyTable(table);
    if (c && placeTable(d, table, c)) return;
    d.skip(p.line, "table", "a table whose cells lost their separators, of no placeable kind", p.text.split("\n")[0] ?? "");
    return;
  }
  const lines = p.text.split("\n").map((l) => l.trim()).filter(Boolean);
  if (hypercare(d, lines, p.text) || procedureAbout(d, lines)) return;
  // "Deploy autorizado: YES / NO": a decision still to record, an open item; "Signature: ____": a sign-off.
  if ((lines.length === 1 && placeDecision(d, p.text)) || placeSignatureForm(d, lines)) return;
  const pairs = lines.map((l) => /^([^:]{1,30}):\s*(.+)$/.exec(l)).map((m) => m && { key: META_KEYS[(m[1] ?? "").toLowerCase().trim()], value: (m[2] ?? "").trim() });
  if (pairs.length && pairs.every((x) => x?.key)) {
    for (const x of pairs) if (x?.key) meta(d, x.key, x.value);
    d.count("meta");
    return;
  }
  const top = d.top();
  // "Pre-check verify:" under a procedure leads in the steps that follow: a step of its own.
  if (top?.procedure && /:$/.test(p.text) && !p.text.includes("\n")) {
    top.procedure.steps.push({ title: p.text });
    d.count("procedure_steps");
    return;
  }
  // "Requires: gates: G-1; waves: W1" under a wave heading: what must pass before it opens.
  const said = top?.wave ? labelLine(p.text, ["requires"]) : undefined;
  if (top?.wave && said) {
    top.wave.requires = pendingRefs(said.value);
    return;
  }
  const holder = top?.wave ?? top?.tier ?? top?.section;
  const rbKind = d.find((f) => (f.kind === "principle" || f.kind === "rollback" || f.kind === "notes" ? f.kind : f.kind === "rollback_triggers" ? "rollback" : undefined));
  if (holder && !holder.description) {
    holder.description = p.text;
    return;
  }
  if (top?.title && !d.rb.meta.description) {
    d.rb.meta.description = p.text;
    return;
  }
  if (rbKind === "principle" || (rbKind === "rollback" && !d.rb.rollback?.principle)) {
    d.rollback().principle = p.text;
    return;
  }
  if (rbKind) {
    d.rollback().notes.push(p.text);
    return;
  }
  d.skip(p.line, "paragraph", "text outside a recognised part", p.text);
}

const SEVERITY = /^(P\d|SEV-?\d|S\d)\s*(?:\(([^)]+)\))?\s*[:—–-]\s*(.*)$/i;

/** "Proceso:", "Rollback steps:", "Ablauf:": a lead-in that says the numbered list after it is how to do it. */
const PROCESS_LEAD = /\b(?:process|proceso|processus|processo|procedure|procédure|procedimiento|procedimento|prozess|ablauf|steps|pasos|passos|schritte|étapes|quy trình|các bước|langkah|prosedur)\s*:\s*$/iu;

function list(d: Draft, b: ListBlock, before: Block | undefined): void {
  const tasks = b.items.some((e) => e.checked !== null);
  const kind = d.find((f) => f.kind);
  const inRollback = d.stack.some((f) => f.kind === "rollback" || f.kind === "tiers" || f.kind === "rollback_triggers");
  const proc = d.top()?.procedure;
  if (skipContents(d, b)) return;
  if (!tasks && proc) {
    proc.steps.push(...b.items.map(procStep));
    d.count("procedure_steps", b.items.length);
  } else if (!tasks && (kind === "rollback_steps" || (kind === "steps" && inRollback) || (b.ordered && rollbackProcess(kind, before)))) {
    // A numbered list that says it is the rollback process is how to roll back, never a task before go.
    d.rollback().procedure.push(...b.items.map(procStep));
    d.count("rollback_procedure", b.items.length);
  } else if (!tasks && !b.ordered && kind === "rollback_triggers") {
    rollbackTriggers(d, b);
  } else if (!tasks && kind === "signoffs" && placeSignLines(d, b)) {
    // "Tech Lead: ____ Fecha: ____" under an approval heading: the signatures to collect.
  } else if (!tasks && kind === "contacts" && contactLines(d, b)) {
    // "Technical Lead: [Contact Info]" under a contacts heading: who to reach, in which role.
  } else if (!tasks && kind === "steps") {
    for (const e of b.items) d.rb.steps.push(stepOf(d, e));
  } else if (!tasks && kind === "severities") {
    for (const e of b.items) {
      const m = SEVERITY.exec(e.text);
      if (!m) {
        d.skip(e.line, "list item", "not a severity (P0: ...)", e.text);
        continue;
      }
      const s = d.severity((m[1] ?? "").toUpperCase(), m[2]?.trim() ?? m[1]);
      s.criteria = [m[3], ...e.children.map((c) => c.text)].filter(Boolean).join(" ");
    }
  } else if (!tasks && kind === "links" && !d.top()?.section) {
    for (const e of b.items) link(d, e);
  } else if (!tasks && kind === "immediate_actions") {
    d.incidents().immediate_actions.push(...b.items.map(procStep));
    d.count("immediate_actions", b.items.length);
  } else if (!tasks && (kind === "recovery" || kind === "procedures")) {
    procedure(d).steps.push(...b.items.map(procStep));
  } else if (!tasks && kind === "communication" && d.rb.incidents?.severities?.length) {
    communicationList(d, b);
  } else if (!tasks && (kind === "notes" || kind === "principle") && inRollback) {
    for (const e of b.items) {
      const text = flatText(e);
      d.rollback().notes.push(text);
      const dl = /(?:trước|before|sebelum|until|by|bis|avant)\s*(\d{1,2}:\d{2}(?:\s*[AP]M)?)/i.exec(text);
      const deadline = dl ? clockTime(dl[1] ?? "") : undefined;
      if (deadline && !d.rb.timeline?.rollback_deadline) d.timeline().rollback_deadline = deadline;
    }
  } else if (!notesList(d, b)) items(d, d.section(), b.items);
}

/**
 * Whether a numbered list under a rollback heading is the rollback process: under rollback
 * criteria, or led in by "Proceso:" / "Steps:". Under a plain rollback heading without such a
 * lead-in it may be readiness work ("1. Rollback script tested"), which stays required items.
 */
function rollbackProcess(kind: string | undefined, before: Block | undefined): boolean {
  if (kind === "rollback_triggers") return true;
  return kind === "rollback" && before?.type === "paragraph" && PROCESS_LEAD.test(before.text.replace(/[*_]/g, "").trim());
}

function hasBox(entries: Entry[]): boolean {
  return entries.some((e) => e.checked !== null || hasBox(e.children));
}

/**
 * A plain bullet list in a document whose tasks carry checkboxes says something about the section
 * (requirements, references, what is out of scope), it asks nothing: kept as the section's text.
 */
function notesList(d: Draft, b: ListBlock): boolean {
  if (!d.boxes || b.ordered || hasBox(b.items)) return false;
  // Under "Open questions" (`Câu hỏi mở`, `Pertanyaan terbuka`) a bullet asks: an open item.
  if (d.find((f) => f.kind) === "questions") return false;
  const section = d.section();
  // "Freigabe: ☐ ja ☐ nein" among the form's lines is a decision to record: an open item.
  const rest = b.items.filter((e) => e.children.length || !placeDecision(d, e.text));
  if (!rest.length) return true;
  const text = rest.map((e) => `- ${flatText(e)}`).join("\n");
  section.description = section.description ? `${section.description}\n${text}` : text;
  d.count("notes_lists");
  return true;
}

/** "Rollback inmediato si:" then "- Error rate > 10%": each bullet a rollback trigger. */
function rollbackTriggers(d: Draft, b: ListBlock): void {
  const rb = d.rollback();
  for (const e of b.items) {
    const title = flatText(e).replace(/^[^\p{L}\p{N}]+/u, "").trim();
    if (!title) continue;
    rb.triggers.push({ id: d.id("rollback_trigger", undefined, `RT-${rb.triggers.length + 1}`), title });
    d.count("rollback_triggers");
  }
}

function stepOf(d: Draft, e: Entry): StepIn {
  const { text, id } = splitId(e.text);
  const s: StepIn = { id: d.id("step", id, `S${(d.counts.get("steps") ?? 0) + 1}`), title: text || "(step)", steps: [] };
  d.count("steps");
  d.keepLinks(s, allLinks(e), `step ${s.id}`);
  const cmds = [commandOf(e), ...e.children.filter((c) => !c.children.length).map(commandOf)].filter((c): c is string => !!c);
  if (cmds.length) s.command = cmds.join("\n");
  const rest = e.children.filter((c) => !commandOf(c) || c.children.length);
  if (rest.length) s.notes = rest.map(flatText).join(" ");
  return s;
}

function communicationList(d: Draft, b: ListBlock): void {
  for (const e of b.items) {
    const text = flatText(e);
    const ids = (/^([\w/ -]+?):/.exec(e.text)?.[1] ?? "").split(/[/,\s]+/).filter(Boolean);
    const sevs = (d.rb.incidents?.severities ?? []).filter((s) => ids.includes(s.id));
    if (!sevs.length) {
      d.skip(e.line, "list item", "communication for no known severity", text);
      continue;
    }
    const every = /(?:per|every|mỗi|setiap|alle)\s+(\d+\s*\p{L}+)/iu.exec(text)?.[1];
    const cadence = every ? durationIn(every) : undefined;
    const channels = [...text.matchAll(/#[\w-]+/g)].map((m) => m[0]);
    for (const s of sevs) {
      s.communication = { channels, note: text, ...(cadence ? { update_every: cadence } : {}) };
      d.count("communication");
    }
  }
}

function items(d: Draft, section: SectionIn, entries: Entry[]): string[] {
  const ids: string[] = [];
  for (const e of entries) {
    const { text, id: explicit, attrs } = splitId(e.text);
    const id = d.itemId(section, explicit);
    const item: SectionIn["items"][number] = { id, title: text || commandOf(e) || "(untitled)" };
    if (e.checked !== null) item.done = e.checked;
    // With `{#id ...}` the export wrote the command: in `cmd=`, or (several lines) fenced in the item.
    const cmd = attrs ? (attrs.cmd ?? e.fenced) : commandOf(e);
    if (cmd) item.command = cmd;
    if (attrs?.check) item.check = attrs.check;
    if (attrs?.due) item.due = attrs.due;
    if (attrs?.optional === "true") item.optional = true;
    if (attrs?.owner) {
      const owners = attrs.owner.split(",").map((o) => d.role(o)).filter((o): o is string => !!o);
      if (owners.length) item.owner = owners.length === 1 ? owners[0] : owners;
    }
    section.items.push(item);
    d.count("items");
    if (e.checked) d.count("items_done");
    ids.push(id);
    // "- Depends on: a, b", "- Evidence: required", "- Owner: QA", "- Status: done", "- Notes: ..."
    // under an item say more about it; so does any plain line under a ticked task (its details);
    // other entries under it are items it depends on.
    // The item keeps its own links and those of the lines under it that say more about it.
    const linked = [...(e.links ?? [])];
    const kids: Entry[] = [];
    for (const c of e.children) {
      const plain = c.checked === null && !c.children.length;
      const said = plain ? labelLine(c.text, [...ITEM_LINES, "owner", "status", "links"] as const) : undefined;
      // "Links: [plan](./plan.md)" under an item: its links are kept below, the line says no more.
      if (said?.label === "links" && c.links?.length) linked.push(...c.links);
      else if (said?.label === "owner") {
        const owners = d.roles(said.value.replace(/[[\]]/g, ""));
        if (owners.length && !item.owner) item.owner = owners.length === 1 ? owners[0] : owners;
      } else if (said?.label === "status") {
        if (statusState(said.value) === "done") item.done = true;
        item.notes = item.notes ? `${item.notes} Status: ${said.value}` : `Status: ${said.value}`;
      } else if (said && said.label !== "links") itemLine(item, said.label, said.value);
      else if (e.checked !== null && c.checked === null && !hasBox(c.children)) {
        const text = flatText(c);
        item.notes = item.notes ? `${item.notes}\n${text}` : text;
      } else kids.push(c);
      if (!kids.includes(c) && said?.label !== "links") linked.push(...allLinks(c));
    }
    d.keepLinks(item, linked, `item ${id}`);
    if (kids.length) item.depends_on = [...(item.depends_on ?? []), ...items(d, section, kids)];
  }
  return ids;
}
