import type { TableBlock, TableRow } from "./blocks.ts";
import { splitId, type Draft, type ItemIn } from "./draft.ts";
import { cellOf, statusState, type Classified } from "./tables.ts";
import { dueText } from "./text.ts";
import { normalizeWord, type Field } from "./vocabulary.ts";

// Registers a go-live document keeps beside its checklist: risks, open questions (decisions to
// take) and the inventory of what is deployed. Each row becomes a required checklist item in the
// section of the heading above, so that the readiness of that section (and so go/no-go) waits
// for it: a risk until its mitigation is in place, a question until it is answered, a component
// until it is deployed and verified. A row is done only when the document says so plainly (a
// status cell that reads done, or a real answer); anything unsure stays open. Every row's source
// line is recorded in the report.

type Register = "risks" | "questions" | "inventory";
type Lang = "en" | "vi" | "id";

/** The prefix of an item's title, per register, in the table's language. */
const TITLES: Record<Exclude<Register, "questions">, Record<Lang, string>> = {
  risks: { en: "Mitigation in place", vi: "Đã có biện pháp giảm thiểu", id: "Mitigasi sudah diterapkan" },
  inventory: { en: "Deployed and verified", vi: "Đã triển khai và kiểm tra", id: "Sudah dideploy dan diverifikasi" },
};

/** Status words that close a row of a register beyond the general done words. */
const CLOSED: Record<Register, readonly string[]> = {
  risks: ["mitigated", "closed", "resolved", "đã giảm thiểu", "đã xử lý", "đã đóng", "teratasi", "sudah dimitigasi", "ditutup"],
  questions: ["answered", "resolved", "closed", "decided", "đã trả lời", "đã chốt", "đã quyết định", "terjawab", "sudah dijawab", "sudah diputuskan", "diputuskan"],
  inventory: ["deployed", "verified", "live", "đã triển khai", "đã deploy", "đã kiểm tra", "sudah dideploy", "terpasang", "terverifikasi"],
};

/** Yes/no answers: a real answer to a closed question, unlike a bare tick ("done", "✅", "x"). */
const YES_NO = /^(yes|no|có|không|ya|tidak|ja|nein|oui|non|sí|si)\b/iu;
/** An answer cell that holds no answer: "?", "TBD", "…", "-". */
const NO_ANSWER = /^[\s?？.…—–-]*$/u;
/** A cell that lists choices, as a blank template does. */
const NOUN: Record<Register, string> = { risks: "risk", questions: "question", inventory: "component" };
/** An id a team writes for a row: "R1", "RISK-001", "OQ-3". */
const ID_LIKE = /^[A-Za-z]{1,8}[-_.]?\d{1,5}[a-z]?$/u;
/** A risk cell that only rates it. */
const LEVEL_ONLY = /^(low|medium|med|high|critical|thấp|trung bình|cao|nghiêm trọng|rendah|sedang|tinggi|kritis)$/u;
const CHOICES = /\s[/|]\s|\s(or|hoặc|atau)\s/u;
const NOBODY = /^(unassigned|nobody|none|no owner|tba|chưa có|chưa phân công|không có|belum ada|tidak ada)$/iu;
const FAQ = /\bfaqs?\b|frequently asked|câu hỏi thường gặp|hỏi đáp|pertanyaan (yang sering|umum)|tanya jawab/iu;
const VI_LETTERS = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/iu;
const ID_WORDS = new Set(["risiko", "dampak", "mitigasi", "kemungkinan", "pic", "pemilik", "penanggung jawab", "pertanyaan", "jawaban", "keputusan", "komponen", "versi", "jenis", "tenggat", "catatan", "keterangan"]);

/** Places a risk, question or inventory table; every row with text becomes an item. */
export function placeRegister(d: Draft, t: TableBlock, c: Classified, kind: Register): boolean {
  // An FAQ is reference text already answered, not questions to close before go: reported, not made items.
  if (kind === "questions" && FAQ.test(d.top()?.text ?? "")) {
    d.skip(t.line, "table", "questions and answers under an FAQ heading: reference, not items to close", t.header.join(" | "));
    return true;
  }
  const lang = languageOf(t.header);
  const section = d.section();
  for (const row of t.rows) {
    if (row.cells.every((x) => !x.trim())) continue;
    const cell = (f: Field) => cellOf(t, c, row.cells, f);
    const { text, id, used } = subjectOf(kind, c, cell);
    if (!text) {
      d.skip(row.line, "table row", `a ${NOUN[kind]} row without its ${NOUN[kind]}`, row.cells.join(" | "));
      continue;
    }
    const item: ItemIn = { id: d.itemId(section, id ?? cell("id")), title: text };
    const owners = d.roles(ownerCell(cell("owner")));
    if (owners.length) item.owner = owners.length === 1 ? owners[0] : owners;
    const due = dueText(cell("due"));
    if (due) item.due = due;
    const notes = otherCells(t, row, [...used, c.col.owner, c.col.id, due ? c.col.due : undefined]);
    if (kind === "questions") {
      const hasAnswer = c.col.answer !== undefined;
      const answered = hasAnswer && isAnswer(cell("answer"));
      // With a status column the status decides, and an answer must be there too when the table
      // has an answer column; without one, a real answer closes the question. A blank, "TBD", "?",
      // "chưa", "belum" or a bare tick never does; a table with neither column stays open.
      const status = c.col.status !== undefined;
      const done = status ? (!hasAnswer || answered) && closes(cell("status"), kind) : answered;
      if (done) item.done = true;
      if (!answered) d.count("questions_open");
    } else {
      item.title = `${TITLES[kind][lang]}: ${text}${kind === "inventory" && cell("version") ? ` ${cell("version")}` : ""}`;
      // Only a status column closes a row (a flattened row's last cell is not one unless the header says so).
      if (c.col.status !== undefined && closes(cell("status"), kind)) item.done = true;
      if (kind === "risks" && !owners.length) d.count("risks_without_owner");
    }
    if (notes.length) item.notes = notes.join("; ");
    d.keepLinks(item, row.links, `item ${item.id}`);
    section.items.push(item);
    d.locate(row.line, NOUN[kind], item.id);
    d.count(kind);
    d.count("items");
  }
  return true;
}

/**
 * Whether a status cell closes a row: a done word, or one of the register's own, alone or
 * leading the cell ("resolved → table per type"); never a template's choices ("Deployed / Not deployed").
 */
function closes(status: string, kind: Register): boolean {
  const state = statusState(status);
  if (state) return state === "done";
  const n = normalizeWord(status);
  if (!n || CHOICES.test(n)) return false;
  return CLOSED[kind].some((w) => n === w || n.startsWith(`${w} `));
}

/** An owner cell that names nobody ("TBD", "Unassigned", "—", "?") gives no role. */
function ownerCell(text: string): string {
  const t = text.replace(/[*_`]/g, "").trim();
  if (NO_ANSWER.test(t) || statusState(t) || NOBODY.test(t)) return "";
  return t;
}

/** Whether an answer cell answers: text that is not a pending word, a question mark or a bare tick. */
export function isAnswer(text: string): boolean {
  const a = text.replace(/[*_`]/g, "").trim();
  if (NO_ANSWER.test(a)) return false;
  const state = statusState(a);
  if (state === "done") return YES_NO.test(a);
  return state === undefined;
}

/** Every cell not used for the item's title, id, owner or due, kept in the notes under its own header. */
function otherCells(t: TableBlock, row: TableRow, used: (number | undefined)[]): string[] {
  // A row rebuilt from a flattened table keeps its whole line in the title: its cells do not match the header.
  if (t.flattened) return [];
  const out: string[] = [];
  t.header.forEach((h, i) => {
    const v = (row.cells[i] ?? "").trim();
    if (v && !used.includes(i)) out.push(`${h.replace(/[*_`]/g, "").trim()}: ${v}`);
  });
  return out;
}

/**
 * What a row is about, its id if the document gave one, and the columns that said so. A risk
 * column that holds only an id ("RISK-001", under "Risk ID") or a level ("High", in a threat
 * model's "Risk" column) leaves the title to the description column.
 */
function subjectOf(kind: Register, c: Classified, cell: (f: Field) => string): { text: string; id?: string; used: (number | undefined)[] } {
  const own: Field = kind === "risks" ? "risk" : kind === "questions" ? "question" : "component";
  const main = cell(own);
  const alt: Field | undefined = kind === "inventory" && cell("name") ? "name" : cell("title") ? "title" : undefined;
  const weak = kind === "risks" && (ID_LIKE.test(main) || LEVEL_ONLY.test(normalizeWord(main)));
  if (alt && (!main || weak)) {
    const { text, id } = splitId(cell(alt));
    const given = id ?? (ID_LIKE.test(main) ? main : undefined);
    // A level in the risk column stays in the notes; an id does not repeat there.
    return { text, ...(given ? { id: given } : {}), used: [c.col[alt], ...(ID_LIKE.test(main) ? [c.col[own]] : [])] };
  }
  const { text, id } = splitId(main);
  return { text, ...(id ? { id } : {}), used: [c.col[own]] };
}

/** The table's language, from its header words: Vietnamese letters, else Indonesian words, else English. */
function languageOf(header: string[]): Lang {
  if (header.some((h) => VI_LETTERS.test(h))) return "vi";
  if (header.some((h) => ID_WORDS.has(normalizeWord(h)))) return "id";
  return "en";
}
