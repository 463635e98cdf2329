import type { TableBlock, TableRow } from "./blocks.ts";
import { FIELD_WORDS, STATUS_WORDS, TABLE_SPECS, normalizeWord, type Field, type StatusState, type TableKind } from "./vocabulary.ts";

/** The text of a row's cell for a field. */
export type Cell = (row: TableRow, field: Field) => string;

// What a table means, from its header words: each header cell gets a field, then the table kind
// whose required fields are all there and that uses the most columns wins.

const EXACT = new Map<string, Field>();
const PHRASES: { phrase: string; field: Field }[] = [];
for (const [field, words] of Object.entries(FIELD_WORDS) as [Field, readonly string[]][]) {
  for (const w of words) {
    const n = normalizeWord(w) || w;
    if (!EXACT.has(n.replace(/\s+/g, ""))) EXACT.set(n.replace(/\s+/g, ""), field);
    PHRASES.push({ phrase: n, field });
  }
}
PHRASES.sort((a, b) => b.phrase.length - a.phrase.length);

/** The field a header cell names, if any. */
export function headerField(cell: string): Field | undefined {
  const raw = cell.trim();
  if (raw === "#") return "id";
  const n = normalizeWord(raw);
  if (!n) return undefined;
  const exact = EXACT.get(n.replace(/\s+/g, ""));
  if (exact) return exact;
  // "Down.sql action", "Event success criteria": the longest known phrase that stands as whole words.
  for (const { phrase, field } of PHRASES) {
    if (phrase.length < 3) continue;
    const i = n.indexOf(phrase);
    if (i < 0) continue;
    const before = i === 0 ? " " : n.charAt(i - 1);
    const after = i + phrase.length >= n.length ? " " : n.charAt(i + phrase.length);
    if (/[\s./(-]/.test(before) && /[\s./)?:-]/.test(after)) return field;
  }
  return undefined;
}

export interface Classified {
  kind: TableKind;
  /** Column index of each field (the first column naming it). */
  col: Partial<Record<Field, number>>;
}

/** Classifies a table by its header; undefined when no kind fits. */
export function classifyTable(t: TableBlock): Classified | undefined {
  const col: Partial<Record<Field, number>> = {};
  t.header.forEach((h, i) => {
    const f = headerField(h);
    if (f && col[f] === undefined) col[f] = i;
  });
  const has = (f: Field) => col[f] !== undefined;
  let best: { kind: TableKind; score: number } | undefined;
  for (const spec of TABLE_SPECS) {
    if (!spec.all.every(has)) continue;
    if (spec.any && !spec.any.some(has)) continue;
    if (spec.none?.some(has)) continue;
    const score = spec.uses.filter(has).length;
    if (!best || score > best.score) best = { kind: spec.kind, score };
  }
  return best && { kind: best.kind, col };
}

/** The cell of `field` in a row ("" when absent). Flattened rows put their last cell in the status column. */
export function cellOf(t: TableBlock, c: Classified, cells: string[], field: Field): string {
  if (t.flattened && cells.length < t.header.length) {
    if (field === "status" && cells.length > 1) return cells[cells.length - 1] ?? "";
    const i = c.col[field];
    return i === 0 ? (cells[0] ?? "") : "";
  }
  const i = c.col[field];
  return i === undefined ? "" : (cells[i] ?? "").trim();
}

const STATUS = new Map<string, StatusState>();
for (const [state, words] of Object.entries(STATUS_WORDS) as [StatusState, readonly string[]][]) {
  for (const w of words) STATUS.set(normalizeWord(w) || w, state);
}

/** The state a status cell or mark means ("Chờ", "Pending", "☐", "Done", "✅"); undefined when unknown or empty. */
export function statusState(text: string): StatusState | undefined {
  const t = text.trim();
  if (!t) return undefined;
  // "Pass / Fail / Pending", "Yes / No": a template's choices, not an answer; read as unknown so a
  // blank form never imports as done.
  const choices = t.split(/\s+[/|]\s+|\s+or\s+|\s+hoặc\s+|\s+atau\s+/i);
  if (choices.length > 1) {
    const states = new Set(choices.map((c) => statusState(c)));
    return states.size === 1 ? [...states][0] : undefined;
  }
  const n = normalizeWord(t) || t;
  const direct = STATUS.get(n);
  if (direct) return direct;
  // "✅ Done 2026-05-28": the first word decides.
  const first = n.split(/\s+/)[0] ?? "";
  return STATUS.get(first) ?? STATUS.get(t.charAt(0));
}

const CELL_BOX = /^(?:[□☐⬜]|[☑☒✅]\uFE0F?|\[[ xX]\])\s+(?=\S)/u;

/**
 * A title cell that opens with a checkbox drawn as a character ("☐ Runbook written", "☑ Backup
 * taken"): the text without it, and whether the box says done (undefined when there is none).
 */
export function unbox(text: string): { text: string; done?: boolean } {
  const m = CELL_BOX.exec(text.trim());
  if (!m) return { text };
  const box = m[0].trim();
  return { text: text.trim().slice(m[0].length), done: !/^(?:[□☐⬜]|\[ \])$/u.test(box) };
}

/** Whether every non-empty cell of a column opens with a checkbox: the rows are things to tick. */
export function boxedColumn(t: TableBlock, i: number): boolean {
  const values = t.rows.map((r) => (r.cells[i] ?? "").trim()).filter(Boolean);
  return values.length > 0 && values.every((v) => unbox(v).done !== undefined);
}

/** The cells of a row whose columns none of `used` names, as "Header: value" (empty cells left out). */
export function restCells(t: TableBlock, c: Classified, cells: string[], used: readonly Field[]): string[] {
  const taken = new Set(used.map((f) => c.col[f]));
  return t.header.flatMap((h, i) => (taken.has(i) || !(cells[i] ?? "").trim() ? [] : [`${h.trim()}: ${(cells[i] ?? "").trim()}`]));
}
