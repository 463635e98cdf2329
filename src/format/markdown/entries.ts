import type { Entry, LinkRef } from "./blocks.ts";
import { splitId, type ProcedureIn } from "./draft.ts";
import { labelLine } from "./vocabulary.ts";

// What a list entry holds beyond its own text: the text, links and commands under it, and the
// procedure step it makes.

/** The links of an entry and of everything under it. */
export function allLinks(e: Entry): LinkRef[] {
  return [...(e.links ?? []), ...e.children.flatMap(allLinks)];
}

/** An entry's text and the text of everything under it, as one line. */
export function flatText(e: Entry): string {
  return [e.text, ...e.children.map(flatText)].filter(Boolean).join(" ");
}

/** A command an entry holds: its only content is code, or a code span that reads like a command. */
export function commandOf(e: Entry): string | undefined {
  if (e.fenced !== undefined) return e.fenced;
  const only = /^`([^`]+)`[.:]?$/.exec(e.text.trim());
  if (only) return only[1];
  return e.code.find((c) => /\s/.test(c.trim()) || /^\.?\//.test(c));
}

/** A step of a procedure from an entry: its title, its command(s) and its notes. */
export function procStep(e: Entry): NonNullable<ProcedureIn["steps"]>[number] {
  const cmds = [commandOf(e), ...e.children.map(commandOf)].filter((c): c is string => !!c);
  // "- Notes: ..." under a step is its notes, without the label.
  const notes = e.children.filter((c) => !commandOf(c)).map((c) => (!c.children.length && labelLine(c.text, ["notes"])?.value) || flatText(c));
  const { text, id } = splitId(e.text);
  return { ...(id ? { id } : {}), title: e.fenced !== undefined ? text || "(step)" : text || cmds[0] || "(step)", ...(cmds.length ? { command: cmds.join("\n") } : {}), ...(notes.length ? { notes: notes.join(" ") } : {}) };
}
