import type { TableRow } from "./blocks.ts";
import { splitId, type Draft, type StepIn } from "./draft.ts";
import { STEP_SETTINGS, applySettings } from "./settings.ts";
import type { Cell } from "./tables.ts";
import { idList, timeRange } from "./text.ts";
import { NONE_WORDS, normalizeWord } from "./vocabulary.ts";

// Deploy steps from a steps table: a row is a step, or a sub-step of the step it names (`Part of`)
// or whose id it extends (`9a` under `9`); `Depends on` and `Settings` carry what a team's
// table has no column for (`after`, the checks and commands of verify and rollback).

/** A command cell: `` `a` `` is `a`; `` `a`<br>`b` `` (a cell holds one line) is two lines. */
function commandText(text: string): string {
  const lines = text.split(/<br\s*\/?>/i).map((l) => l.trim().replace(/^`|`$/g, ""));
  return lines.join("\n");
}

/** "none" in a depends-on cell: depends on nothing (not even the previous step). */
const NONE: ReadonlySet<string> = new Set(NONE_WORDS);

/** A deploy step from a row (a sub-step when its id is like `9a` or it names its parent). */
export function step(d: Draft, cell: Cell, row: TableRow): void {
  const { text, id } = stepText(cell(row, "step"), cell(row, "title"));
  const wanted = id ?? cell(row, "id");
  const parentId = cell(row, "parent") || (/^(\d+)[a-z]$/.exec(wanted)?.[1] ?? "");
  const parent = parentId ? findStep(d.rb.steps, parentId) : undefined;
  const sid = d.id("step", wanted, `S${countSteps(d.rb.steps) + 1}`);
  const s: StepIn = { id: sid, title: text || sid, steps: [] };
  const owner = d.roles(cell(row, "owner"));
  if (owner.length) s.owner = owner.length === 1 ? owner[0] : owner;
  if (cell(row, "verify")) s.verify = cell(row, "verify");
  if (cell(row, "rollback")) s.rollback = cell(row, "rollback");
  const cmd = commandText(cell(row, "command"));
  if (cmd) s.command = cmd;
  const win = timeRange(`(${cell(row, "window")})`);
  if (win.start) s.window = win.end ? { start: win.start, end: win.end } : { start: win.start };
  if (cell(row, "note")) s.notes = cell(row, "note");
  if (cell(row, "action")) s.action = cell(row, "action");
  const after = cell(row, "requires");
  if (after) s.after = NONE.has(normalizeWord(after)) ? [] : idList(after);
  const more: { verify_checks?: string[]; verify_cmd?: string; rollback_checks?: string[]; rollback_cmd?: string; duration?: string; not_before?: string; stream?: string } = {};
  applySettings(more, cell(row, "settings"), STEP_SETTINGS);
  if (more.duration) s.duration = more.duration;
  if (more.not_before) s.not_before = more.not_before;
  if (more.stream) s.stream = more.stream;
  const verify = (text: string | undefined, checks: string[] | undefined, command: string | undefined) =>
    checks?.length || command ? { ...(text ? { text } : {}), checks: checks ?? [], ...(command ? { command } : {}) } : text;
  const v = verify(s.verify as string | undefined, more.verify_checks, more.verify_cmd);
  if (v) s.verify = v;
  const r = verify(s.rollback as string | undefined, more.rollback_checks, more.rollback_cmd);
  if (r) s.rollback = r;
  d.keepLinks(s, row.links, `step ${sid}`);
  (parent ? parent.steps : d.rb.steps).push(s);
  d.count("steps");
}

/**
 * A step's title and id from its Step cell and, when the table has one, its Description cell:
 * `| 1 | Enable X |` numbers the step in the Step column and says what it is in the next, so the
 * number is the id and the description the title; a Step cell that is a title keeps it.
 */
export function stepText(stepCell: string, described: string): { text: string; id?: string } {
  const own = splitId(stepCell);
  if (own.id || !described) return own;
  const numbered = /^(?:[A-Za-z]{1,3}-?)?(\d+[a-z]?)\.?$/.exec(own.text);
  if (!numbered && own.text) return own;
  const desc = splitId(described);
  return { text: desc.text, ...((desc.id ?? numbered?.[0].replace(/\.$/, "")) ? { id: desc.id ?? numbered?.[0].replace(/\.$/, "") } : {}) };
}

/** The step with `id`, at any depth. */
export function findStep(list: StepIn[], id: string): StepIn | undefined {
  for (const s of list) {
    if (s.id === id) return s;
    const inner = findStep(s.steps, id);
    if (inner) return inner;
  }
  return undefined;
}

function countSteps(list: StepIn[]): number {
  return list.reduce((n, s) => n + 1 + countSteps(s.steps), 0);
}
