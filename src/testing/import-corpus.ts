// Measures the Markdown importer on the corpus of real documents (src/format/markdown/corpus):
// recall of task items, numbered steps and table rows, precision (items made of what is not a
// task), validity and verdict truth. The ground truth is counted here from the documents with
// markdown-it and the manifest's hand-written annotations, never from the importer's output.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import MarkdownIt from "markdown-it";
import { checkKinds } from "../checks/kinds.ts";
import { computeStatus } from "../core/engine/index.ts";
import { Facts } from "../core/model/facts.ts";
import { loadRunbookText } from "../format/load.ts";
import { importMarkdown, runbookText } from "../format/markdown/import.ts";

type Token = ReturnType<MarkdownIt["parse"]>[number];

/** The corpus folder. */
export const CORPUS_DIR = join(import.meta.dirname, "..", "format", "markdown", "corpus");

export interface CorpusDocument {
  file: string;
  repo: string;
  path: string;
  commit: string;
  licence: string;
  language: string;
  nonTask?: { headings?: string[]; after?: string[]; tables?: string[] };
  /** Hand-counted parts the document holds besides its tasks: sign-offs, decisions to record, rollback triggers and steps, waves. */
  expect?: Partial<Record<Part, number>>;
}

/** Parts of a runbook counted per document, against the manifest's `expect`. */
export type Part = "signoffs" | "decisions" | "rollback_triggers" | "rollback_steps" | "waves" | "optional_items";

/** What the document holds, counted from its Markdown. */
export interface Truth {
  /** Task items, numbered steps and task-table rows: each a list of texts that name it (a row: its cells). */
  tasks: { kind: "task" | "step" | "row"; texts: string[]; done: boolean }[];
  /** Texts of what is not a task: link-only list items, annotated lists and tables. */
  nonTasks: string[];
}

export interface DocumentResult {
  file: string;
  language: string;
  truth: number;
  back: number;
  missed: string[];
  items: number;
  falseItems: string[];
  valid: boolean;
  openTasks: boolean;
  verdict: "go" | "no_go" | "invalid";
  ms: number;
  /** How many of each part the runbook holds. */
  parts: Record<Part, number>;
}

const md = new MarkdownIt("commonmark").enable(["table", "strikethrough"]);

/** Lower case, markup and punctuation folded to spaces: how texts are compared. */
export function norm(s: string): string {
  // Markup goes without a trace (`x`を stays one word), punctuation becomes a space.
  return s.normalize("NFKC").toLowerCase().replace(/[*_`~□☐⬜☑☒]/gu, "").replace(/[\s[\]()<>#|:;,.!?'"“”‘’「」（）：，。、\\/-]+/gu, " ").trim();
}

function inlineText(t: Token | undefined): string {
  return (t?.children ?? []).map((c) => (c.type === "text" || c.type === "code_inline" ? c.content : c.type === "softbreak" ? " " : "")).join("").trim();
}

/** A list item's first line of text is a single link and nothing else. */
function linkOnly(t: Token | undefined): boolean {
  const kids = (t?.children ?? []).filter((c) => !(c.type === "text" && !c.content.trim()));
  return kids.length >= 3 && kids[0]?.type === "link_open" && kids[kids.length - 1]?.type === "link_close" && !kids.some((c, i) => i > 0 && c.type === "link_open");
}

/** Counts the ground truth of one document. */
export function truthOf(source: string, doc: CorpusDocument): Truth {
  const tokens = md.parse(source.replace(/^---\n[\s\S]*?\n---\n/, ""), {});
  const nonHeadings = new Set((doc.nonTask?.headings ?? []).map(norm));
  const nonAfter = (doc.nonTask?.after ?? []).map(norm);
  const nonTables = new Set((doc.nonTask?.tables ?? []).map(norm));
  const out: Truth = { tasks: [], nonTasks: [] };
  let heading = "";
  let lastParagraph = "";
  // Per open list: ordered, and whether it is not tasks (annotated heading or introducing paragraph).
  const lists: { ordered: boolean; off: boolean; underTask: boolean }[] = [];
  // Whether the innermost open list item is a task (its plain sub-bullets are its details).
  const itemIsTask: boolean[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.type === "heading_open") {
      heading = norm(inlineText(tokens[i + 1]));
      lastParagraph = "";
    } else if (t.type === "paragraph_open" && t.level === 0) lastParagraph = norm(inlineText(tokens[i + 1]));
    else if (t.type === "bullet_list_open" || t.type === "ordered_list_open") {
      const parentOff = lists[lists.length - 1]?.off ?? false;
      const off = parentOff || nonHeadings.has(heading) || (t.level === 0 && nonAfter.some((a) => lastParagraph === a));
      lists.push({ ordered: t.type === "ordered_list_open", off, underTask: itemIsTask[itemIsTask.length - 1] ?? false });
    } else if (t.type === "bullet_list_close" || t.type === "ordered_list_close") {
      lists.pop();
      if (!lists.length) lastParagraph = "";
    } else if (t.type === "list_item_close") itemIsTask.pop();
    else if (t.type === "list_item_open") {
      const list = lists[lists.length - 1];
      const para = tokens[i + 1]?.type === "paragraph_open" ? tokens[i + 2] : undefined;
      const raw = inlineText(para);
      // A GFM checkbox, or one drawn as a character ("☐ Backup tested", "☑ done").
      const box = /^(?:\[([ xX])\]|([□☐⬜☑☒]))\s+/u.exec(raw);
      itemIsTask.push(!!box);
      const text = box ? raw.slice(box[0].length) : raw;
      if (!list || !text) continue;
      if (list.off || linkOnly(para) || (list.underTask && !box && !list.ordered)) out.nonTasks.push(text);
      else if (box) out.tasks.push({ kind: "task", texts: [text], done: box[2] ? /[☑☒]/u.test(box[2]) : box[1] !== " " });
      else if (list.ordered) out.tasks.push({ kind: "step", texts: [text], done: false });
    } else if (t.type === "table_open") {
      const header: string[] = [];
      const rows: string[][] = [];
      let row: string[] | undefined;
      let inHead = false;
      for (i++; i < tokens.length && (tokens[i] as Token).type !== "table_close"; i++) {
        const x = tokens[i] as Token;
        if (x.type === "thead_open") inHead = true;
        else if (x.type === "thead_close") inHead = false;
        else if (x.type === "tr_open") row = [];
        else if (x.type === "tr_close" && row) {
          if (inHead) header.push(...row);
          else rows.push(row);
          row = undefined;
        } else if (x.type === "inline" && row) row.push(inlineText(x));
      }
      const off = nonHeadings.has(heading) || nonTables.has(norm(header.join("|")));
      for (const cells of rows) {
        const texts = cells.filter((c) => norm(c).length >= 3);
        if (!texts.length) continue;
        if (off) out.nonTasks.push(...texts);
        else out.tasks.push({ kind: "row", texts, done: false });
      }
    }
  }
  return out;
}

/** Every title-like text in the runbook, normalised. */
function runbookTexts(rb: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === "string" && ["title", "action", "issue", "trigger", "name"].includes(k)) out.push(norm(x));
        else walk(x);
      }
    }
  };
  walk(rb);
  return out.filter(Boolean);
}

interface Titled {
  title: string;
}

/** What the runbook asks to be done: checklist items, steps and timeline tasks. */
function runbookItems(rb: Record<string, unknown>): string[] {
  const out: string[] = [];
  const sections = (list: unknown) => {
    for (const s of (list as { items?: Titled[]; sections?: unknown }[] | undefined) ?? []) {
      for (const i of s.items ?? []) out.push(i.title);
      sections(s.sections);
    }
  };
  const steps = (list: unknown) => {
    for (const s of (list as (Titled & { steps?: unknown })[] | undefined) ?? []) {
      out.push(s.title);
      steps(s.steps);
    }
  };
  sections(rb.sections);
  steps(rb.steps);
  for (const p of ((rb.timeline as { phases?: { tasks?: Titled[] }[] } | undefined)?.phases ?? [])) for (const t of p.tasks ?? []) out.push(t.title);
  return out;
}

/** A source text and a runbook text say the same thing: one starts with (enough of) the other. */
function same(a: string, b: string): boolean {
  const full = norm(a);
  // A short text ("git", "QA") must be the whole title; a longer one its opening words.
  if (full.length < 12 || b.length < 12) return full === b;
  const x = full.slice(0, 48);
  return b.startsWith(x) || x.startsWith(b.slice(0, 48));
}

/** Imports one corpus document and measures it. */
export function measureDocument(doc: CorpusDocument, now = new Date("2026-06-01T00:00:00Z")): DocumentResult {
  const source = readFileSync(join(CORPUS_DIR, doc.file), "utf8");
  const truth = truthOf(source, doc);
  const t0 = performance.now();
  const r = importMarkdown(source, checkKinds);
  const ms = performance.now() - t0;
  const texts = runbookTexts(r.runbook);
  const missed = truth.tasks.filter((task) => !task.texts.some((t) => texts.some((x) => same(t, x)))).map((task) => task.texts.join(" | "));
  const items = runbookItems(r.runbook);
  // An item made of what is not a task, and of no task.
  const isTask = (i: string) => truth.tasks.some((task) => task.texts.some((t) => same(t, norm(i)) || same(i, norm(t))));
  const falseItems = items.filter((i) => truth.nonTasks.some((n) => same(n, norm(i)) || same(i, norm(n))) && !isTask(i));
  const loaded = loadRunbookText(runbookText(r.runbook, "yaml"), doc.file, checkKinds);
  const verdict = loaded.ok ? computeStatus(loaded.loaded, Facts.parse({}), now).verdict : "invalid";
  const rb = r.runbook as { signoffs?: unknown[]; waves?: unknown[]; rollback?: { triggers?: unknown[]; procedure?: unknown[] } };
  const parts: Record<Part, number> = {
    signoffs: rb.signoffs?.length ?? 0, decisions: r.report.counts.decisions_to_record ?? 0,
    rollback_triggers: rb.rollback?.triggers?.length ?? 0, rollback_steps: rb.rollback?.procedure?.length ?? 0, waves: rb.waves?.length ?? 0,
    optional_items: optionalItems(r.runbook.sections),
  };
  return {
    parts,
    file: doc.file, language: doc.language,
    truth: truth.tasks.length, back: truth.tasks.length - missed.length, missed,
    items: items.length, falseItems, valid: loaded.ok,
    openTasks: truth.tasks.some((x) => !x.done), verdict, ms,
  };
}

/** How many checklist items, in every section, are optional. */
function optionalItems(sections: unknown): number {
  return ((sections as { items?: { optional?: boolean }[]; sections?: unknown }[] | undefined) ?? []).reduce((n, s) => n + (s.items ?? []).filter((i) => i.optional).length + optionalItems(s.sections), 0);
}

/** The manifest's documents. */
export function corpusDocuments(): CorpusDocument[] {
  return (JSON.parse(readFileSync(join(CORPUS_DIR, "manifest.json"), "utf8")) as { documents: CorpusDocument[] }).documents;
}

/** Totals over the corpus. */
export function totals(results: DocumentResult[]): { documents: number; truth: number; back: number; recall: number; items: number; falseItems: number; precision: number; valid: number; falseGo: number } {
  const truth = results.reduce((n, r) => n + r.truth, 0);
  const back = results.reduce((n, r) => n + r.back, 0);
  const items = results.reduce((n, r) => n + r.items, 0);
  const falseItems = results.reduce((n, r) => n + r.falseItems.length, 0);
  return {
    documents: results.length, truth, back, recall: truth ? back / truth : 1, items, falseItems,
    precision: items ? 1 - falseItems / items : 1,
    valid: results.filter((r) => r.valid).length,
    falseGo: results.filter((r) => r.openTasks && r.verdict !== "no_go").length,
  };
}
