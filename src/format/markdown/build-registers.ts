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
const VI_LETTERS = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/iu;
const ID_WORDS = new Set(["risiko", "dampak", "mitigasi", "kemungkinan", "pic", "pemilik", "penanggung jawab", "pertanyaan", "jawaban", "keputusan", "komponen", "versi", "jenis", "tenggat", "catatan", "keterangan"]);

/** Places a risk, question or inventory table; every row with text becomes an item. */
export function placeRegister(d: Draft, t: TableBlock, c: Classified, kind: Register): boolean {
  const lang = languageOf(t.header);
  const section = d.section();
  for (const row of t.rows) {
    if (row.cells.every((x) => !x.trim())) continue;
    const cell = (f: Field) => cellOf(t, c, row.cells, f);
    const subject = kind === "risks" ? cell("risk") || cell("title") : kind === "questions" ? cell("question") || cell("title") : cell("component") || cell("name") || cell("title");
    const { text, id } = splitId(subject);
    if (!text) {
      d.skip(row.line, "table row", `a ${kind === "risks" ? "risk" : kind === "questions" ? "question" : "component"} row without its ${kind === "risks" ? "risk" : kind === "questions" ? "question" : "component"} cell`, row.cells.join(" | "));
      continue;
    }
    const item: ItemIn = { id: d.itemId(section, id ?? cell("id")), title: text };
    const owners = d.roles(cell("owner"));
    if (owners.length) item.owner = owners.length === 1 ? owners[0] : owners;
    const due = dueText(cell("due"));
    if (due) item.due = due;
    const notes = otherCells(t, c, row, kind, due);
    if (kind === "questions") {
      const answer = cell("answer");
      const answered = isAnswer(answer);
      // With a status column, the status decides and an answer must be there too; without one,
      // a real answer closes the question. A blank, "TBD", "?", "chưa", "belum" or a bare tick never does.
      const done = answered && (c.col.status === undefined ? true : closes(cell("status"), kind));
      if (done) item.done = true;
      if (!answered) d.count("questions_open");
    } else {
      item.title = `${TITLES[kind][lang]}: ${text}${kind === "inventory" && cell("version") ? ` ${cell("version")}` : ""}`;
      if (closes(cell("status"), kind)) item.done = true;
      if (kind === "risks" && !owners.length) d.count("risks_without_owner");
    }
    if (notes.length) item.notes = notes.join("; ");
    section.items.push(item);
    d.locate(row.line, kind === "risks" ? "risk" : kind === "questions" ? "question" : "component", item.id);
    d.count(kind);
    d.count("items");
  }
  return true;
}

/** Whether a status cell closes a row: a done word, or one of the register's own. */
function closes(status: string, kind: Register): boolean {
  const state = statusState(status);
  if (state) return state === "done";
  const n = normalizeWord(status);
  return n !== "" && CLOSED[kind].includes(n);
}

/** Whether an answer cell answers: text that is not a pending word, a question mark or a bare tick. */
export function isAnswer(text: string): boolean {
  const a = text.replace(/[*_`]/g, "").trim();
  if (NO_ANSWER.test(a)) return false;
  const state = statusState(a);
  if (state === "done") return YES_NO.test(a);
  return state === undefined;
}

/** Every cell beside the subject, owner and due, kept in the notes under its own header. */
function otherCells(t: TableBlock, c: Classified, row: TableRow, kind: Register, due: string | undefined): string[] {
  const subject: Field = kind === "risks" ? "risk" : kind === "questions" ? "question" : "component";
  const skip = new Set<number | undefined>([c.col[subject], c.col.owner, c.col.id, due ? c.col.due : undefined]);
  // The subject came from the title or name column when its own was empty: not repeated.
  if (!cellOf(t, c, row.cells, subject)) {
    skip.add(c.col.name && cellOf(t, c, row.cells, "name") ? c.col.name : c.col.title);
  }
  const out: string[] = [];
  t.header.forEach((h, i) => {
    const v = (row.cells[i] ?? "").trim();
    if (v && !skip.has(i)) out.push(`${h.replace(/[*_`]/g, "").trim()}: ${v}`);
  });
  return out;
}

/** The table's language, from its header words: Vietnamese letters, else Indonesian words, else English. */
function languageOf(header: string[]): Lang {
  if (header.some((h) => VI_LETTERS.test(h))) return "vi";
  if (header.some((h) => ID_WORDS.has(normalizeWord(h)))) return "id";
  return "en";
}
