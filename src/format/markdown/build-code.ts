import { alertRules } from "./build-updates.ts";
import type { CodeBlock } from "./blocks.ts";
import { splitId, type Draft, type ProcedureIn } from "./draft.ts";
import { slug } from "./text.ts";

// Code blocks: under a rollback heading they are rollback steps, under a procedures or recovery
// heading (or a heading of their own) a procedure's steps; "# 1. Step" comments name the steps and
// the lines below them are the commands. Prose in a code block (```text, a box drawn with ┌─┐) is
// a step with notes, never a command.

/** The procedure the blocks under the current heading belong to, made on first use. */
export function procedure(d: Draft): ProcedureIn {
  const f = d.find((x) => (x.kind === "recovery" || x.kind === "procedures" || x.procedure ? x : undefined));
  const frame = f ?? d.top();
  if (frame?.procedure) return frame.procedure;
  const { text, id } = splitId(frame?.text ?? "Procedure");
  const p: ProcedureIn = { id: d.id("procedure", id, slug(text, 32) || "procedure"), title: text, steps: [] };
  d.rb.procedures.push(p);
  if (frame) frame.procedure = p;
  d.count("procedures");
  return p;
}

/** Places a code block by the heading above it. */
export function code(d: Draft, b: CodeBlock): void {
  const kind = d.find((f) => f.kind);
  const inRollback = d.stack.some((f) => f.kind === "rollback" || f.kind === "rollback_triggers");
  if (!kind && alertRules(d, b)) return;
  if (kind === "template") {
    d.incidents().template = b.value;
    return;
  }
  // Code under a heading of its own ("E7.4) down-soft.sql for a safe rollback") is that heading's procedure.
  // Code under a rollback heading is a rollback step ("E7.4) down-soft.sql for a safe rollback").
  const own = !kind && d.stack.length > 1 && !d.top()?.title;
  const prose = PROSE_LANGS.has(b.lang.toLowerCase()) || drawing(b.value);
  // "│ ☐ Lint: 0 erros │" drawn in a box before go is still a checkbox the team ticks: an open item.
  if (prose && !inRollback && boxedItems(d, b.value)) return;
  const target = kind === "rollback_steps" || kind === "rollback" || kind === "rollback_triggers" || (kind === "steps" && inRollback) ? d.rollback().procedure : kind === "procedures" || kind === "recovery" || own ? procedure(d).steps : undefined;
  if (!target) {
    d.skip(b.line, "code", "code block outside rollback steps or a command reference", b.value.split("\n")[0] ?? "");
    return;
  }
  // A block of prose (```text, a box drawn with ┌─┐ characters) is no command anybody should run:
  // one step titled by its first line of words, the rest in its notes.
  if (prose) {
    const lines = proseLines(b.value);
    const notes = lines.slice(1).join("\n");
    target.push({ title: lines[0] ?? "(text)", ...(notes ? { notes } : {}) });
    d.count(target === d.rb.rollback?.procedure ? "rollback_procedure" : "procedure_steps");
    return;
  }
  // A configuration (```yaml, json, toml, ini) is kept whole, every indent in place: one step titled
  // by its first comment, else by its language.
  if (CONFIG_LANGS.has(b.lang.toLowerCase())) {
    const comment = /^\s*(?:#|\/\/|;)\s*(.+)$/m.exec(b.value)?.[1]?.trim();
    target.push({ title: comment ?? `${b.lang} configuration`, command: b.value });
    d.count(target === d.rb.rollback?.procedure ? "rollback_procedure" : "procedure_steps");
    return;
  }
  // "# 1. Announce maintenance" comments name the steps; the lines below them are the commands.
  let cur: (typeof target)[number] | undefined;
  for (const line of b.value.split("\n")) {
    const t = line.trim();
    const title = /^(?:#|--|\/\/)\s*(?:\d+[.)]\s*)?(.+)$/.exec(t)?.[1];
    if (title) {
      if (cur && !cur.command && /^\(.*\)$/.test(title)) {
        cur.notes = title.replace(/^\(|\)$/g, "");
        continue;
      }
      cur = { title };
      target.push(cur);
      d.count(target === d.rb.rollback?.procedure ? "rollback_procedure" : "procedure_steps");
    } else if (t && cur) cur.command = cur.command ? `${cur.command}\n${t}` : t;
    else if (t) {
      cur = { title: t, command: t };
      target.push(cur);
    }
  }
}

const PROSE_LANGS: ReadonlySet<string> = new Set(["text", "txt", "plain", "plaintext", "markdown", "md"]);
const CONFIG_LANGS: ReadonlySet<string> = new Set(["yaml", "yml", "json", "toml", "ini", "xml", "properties", "conf", "hcl"]);
const BOX_LINE = /[□☐⬜]/u;

/** The lines of a block of prose, box characters and runs of white space gone. */
function proseLines(value: string): string[] {
  return value.split("\n").map((l) => l.replace(BOX_CHARS, " ").replace(/\s+/g, " ").trim()).filter(Boolean);
}

/**
 * The checkbox lines of a block of prose as open items of the current section ("☐ Lint: 0 erros",
 * "Cobertura: ___% (mínimo: 90%) ☐ OK"), its other lines the section's text; false when it has none.
 */
function boxedItems(d: Draft, value: string): boolean {
  const lines = proseLines(value);
  if (!lines.some((l) => BOX_LINE.test(l))) return false;
  const section = d.section();
  const text: string[] = [];
  for (const line of lines) {
    if (!BOX_LINE.test(line)) {
      text.push(line);
      continue;
    }
    const title = line.replace(/\s*[□☐⬜]\s*(?:ok|done|pass|sim|ja|yes)?\s*$/iu, "").replace(/^[□☐⬜]\s*/u, "").trim();
    section.items.push({ id: d.itemId(section, undefined), title: title || line, done: false });
    d.count("items");
  }
  if (text.length) section.description = [section.description, text.join("\n")].filter(Boolean).join("\n");
  return true;
}
const BOX_CHARS = /[\u2500-\u257F]/gu;

/** Whether most lines of a code block are drawn with box characters (a framed text, not code). */
function drawing(value: string): boolean {
  const lines = value.split("\n").filter((l) => l.trim());
  return lines.length > 0 && lines.filter((l) => /[\u2500-\u257F]/u.test(l)).length * 2 > lines.length;
}
