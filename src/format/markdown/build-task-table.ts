import type { TableBlock } from "./blocks.ts";
import { splitId, type Draft, type SectionIn } from "./draft.ts";
import { boxedColumn, headerField, statusState, unbox } from "./tables.ts";
import { dueText } from "./text.ts";
import { normalizeWord } from "./vocabulary.ts";

// A table whose header words name no known kind can still be a checklist: rows of things to do or
// verify, told apart by their columns, not by a list of header words. It is one when it has a
// level, priority or severity column, a status column, or cells that are ticks; the item's title
// comes from its name column, else its most descriptive text column; owner, status and due
// columns are read as such; level columns become notes and say which rows are optional; every
// other cell is kept in the notes with its header.

const LEVEL = /\b(level|priority|prio|severity|importance|criticality|tier|mức|cấp|độ ưu tiên|tingkat|prioritas|nivel|prioridad|nível|prioridade|niveau|stufe)\b|優先|重要|级别|等级|レベル/iu;
const NAME = /\b(name|title|item|task|check|control|requirement|criteria|criterion|tên|hạng mục|công việc|tiêu chí|yêu cầu|nama|butir|tugas|kriteria|persyaratan|nombre|tarea|criterio|requisito|nome|tarefa|critério|titre|tâche|critère|exigence|kriterium|anforderung|punkt)\b|名|項目|项目|任务|タスク/iu;
const TICK = /^(✅|✔️?|☑️?|✓|☐|⬜|❌|x|\[[ xX]\]|:white_check_mark:|:heavy_check_mark:|:x:|yes|no)$/iu;
/** Level values that make a row optional: nothing the team must have. */
const OPTIONAL = /\b(nice[ -]to[ -]have|optional|could|won'?t|low|p[345]|opsional|tùy chọn|không bắt buộc|opcional|facultatif|任意|可选)\b/iu;

type Role = "title" | "level" | "status" | "owner" | "due" | "tick" | "other";

/** Column roles of an unclassified table, or undefined when its rows are not things to do. */
function columns(t: TableBlock): Role[] | undefined {
  const cells = (i: number) => t.rows.map((r) => (r.cells[i] ?? "").trim()).filter(Boolean);
  const roles: Role[] = t.header.map((h, i) => {
    const f = headerField(h);
    const values = cells(i);
    if (LEVEL.test(h) || f === "severity") return values.length && values.every((v) => TICK.test(v)) ? "tick" : "level";
    if (f === "status") return "status";
    if (f === "owner") return "owner";
    if (f === "due" || f === "date") return "due";
    if (values.length && values.every((v) => TICK.test(v) || v === "-")) return "tick";
    return "other";
  });
  // "| ☐ Dashboard ready | | SRE |": a column of checkboxes names the things to tick.
  const boxed = roles.findIndex((r, i) => r === "other" && boxedColumn(t, i));
  if (!roles.some((r) => r === "level" || r === "status" || r === "tick") && boxed < 0) return undefined;
  const text = roles.map((r, i) => (r === "other" ? i : -1)).filter((i) => i >= 0);
  const named = boxed >= 0 ? boxed : text.find((i) => NAME.test(t.header[i] ?? ""));
  const mean = (i: number) => cells(i).reduce((n, v) => n + v.length, 0) / Math.max(1, t.rows.length);
  const title = named ?? text.sort((a, b) => mean(b) - mean(a))[0];
  if (title === undefined) return undefined;
  roles[title] = "title";
  return roles;
}

/** Places a table of things to do as checklist items; false when its rows are not things to do. */
export function placeTaskTable(d: Draft, t: TableBlock): boolean {
  const roles = columns(t);
  if (!roles) return false;
  const section: SectionIn = d.section();
  for (const row of t.rows) {
    const cell = (i: number) => (row.cells[i] ?? "").trim();
    const titleAt = roles.indexOf("title");
    const boxed = unbox(cell(titleAt));
    const { text, id } = splitId(boxed.text);
    if (!text) {
      if (row.cells.some((c) => c.trim())) d.skip(row.line, "table row", "a checklist row without a title", row.cells.join(" | "));
      continue;
    }
    const item: SectionIn["items"][number] = { id: d.itemId(section, id), title: text };
    const notes: string[] = [];
    roles.forEach((role, i) => {
      const v = cell(i);
      const head = (t.header[i] ?? "").trim();
      if (!v || role === "title") return;
      if (role === "owner") {
        const owners = d.roles(v);
        if (owners.length) item.owner = owners.length === 1 ? owners[0] : owners;
        else notes.push(`${head}: ${v}`);
      } else if (role === "status") {
        const state = statusState(v);
        if (state === "done") item.done = true;
        else if (!state) notes.push(`${head}: ${v}`);
      } else if (role === "due") {
        const due = dueText(v);
        if (due) item.due = due;
        else notes.push(`${head}: ${v}`);
      } else if (role === "level") {
        notes.push(`${head}: ${v}`);
        if (OPTIONAL.test(normalizeWord(v))) item.optional = true;
      } else if (role === "tick") {
        // A tick under a level column says the row belongs to that level: kept as a tag.
        if (statusState(v) === "done" || /check_mark/.test(v)) notes.push(head);
      } else notes.push(`${head}: ${v}`);
    });
    // The title's own checkbox says done only when no status column said otherwise.
    // An empty box keeps the row open whatever its status says: the two disagree, so it is not done.
    if (boxed.done && !roles.some((r, i) => r === "status" && statusState(cell(i)))) item.done = true;
    if (boxed.done === false) delete item.done;
    if (notes.length) item.notes = notes.join("; ");
    d.keepLinks(item, row.links, `item ${item.id}`);
    section.items.push(item);
    d.count("items");
    if (item.done) d.count("items_done");
  }
  d.count("task_tables");
  return true;
}
