import type { Draft, Frame, SectionIn } from "./draft.ts";
import { normalizeWord } from "./vocabulary.ts";

// "Services (repeat per service)", then "8 core services: iam, merchant, order", then the
// "Per-Service Checklist": a checklist written once for every value of a list. It becomes a
// `for_each` section over a list in `vars` ({{service}} in its title and item titles), as a
// team would write it by hand, instead of one copy of the items.

const REPEAT = /\b(?:repeat(?:ed)?\s+(?:per|for\s+each|for\s+every)|for\s+each|for\s+every|lặp\s+lại\s+(?:cho\s+)?(?:mỗi|từng)|cho\s+(?:mỗi|từng)|ulangi\s+(?:untuk\s+)?(?:setiap|tiap)|untuk\s+(?:setiap|tiap)|pour\s+chaque|por\s+cada)\s+([\p{L}][\p{L}\p{N}_-]{1,30})/iu;

/** The unit a heading says its checklist repeats for ("repeat per service" → "service"). */
export function repeatUnit(text: string): string | undefined {
  if (!/repeat|for each|for every|lặp lại|mỗi|từng|ulangi|setiap|tiap|pour chaque|por cada/i.test(text)) return undefined;
  const m = REPEAT.exec(normalizeWord(text));
  const unit = m?.[1]?.replace(/s$/, "");
  return unit && /^[a-z][a-z0-9_]*$/.test(unit) ? unit : undefined;
}

/** Called for every heading: opens a repeat, or names the checklist an open one applies to. */
export function repeatHeading(d: Draft, f: Frame): void {
  const unit = repeatUnit(f.text);
  if (unit) {
    d.repeat = { unit, frame: f };
    return;
  }
  const r = d.repeat;
  if (r && !r.target && !r.frame.section && normalizeWord(f.text).includes(r.unit)) r.target = f;
}

/** "8 core services: iam, merchant, order": the values of an open repeat. True when it was that. */
export function repeatValues(d: Draft, text: string): boolean {
  const r = d.repeat;
  if (!r || r.values || r.target) return false;
  const m = /^([^:\n]{1,60}):\s*([^\n]+)$/.exec(text.trim());
  if (!m || !normalizeWord(m[1] ?? "").includes(r.unit)) return false;
  const values = (m[2] ?? "").split(/\s*,\s*/).map((v) => v.replace(/[`*.]+$|^[`*]+/g, "").trim());
  if (values.length < 2 || !values.every((v) => /^[\p{L}\p{N}][\p{L}\p{N}_.-]*$/u.test(v)) || new Set(values).size !== values.length) return false;
  r.values = values;
  return true;
}

/** Once the document is read: the repeating checklist becomes a for_each section. */
export function applyRepeat(d: Draft): void {
  const r = d.repeat;
  const section: SectionIn | undefined = r?.values ? (r.target ?? r.frame).section : undefined;
  if (!r?.values || !section || section.for_each || !section.items.length) return;
  const list = `${r.unit}s`;
  if (d.rb.vars?.[list]) return;
  d.rb.vars = { ...d.rb.vars, [list]: r.values };
  const v = `{{${r.unit}}}`;
  // "{service}" written in the document is the same placeholder.
  const fill = (t: string) => t.replace(new RegExp(`\\{${r.unit}\\}`, "gi"), v);
  section.title = `${fill(section.title)}: ${v}`;
  section.for_each = { [r.unit]: list };
  for (const item of section.items) item.title = `${v}: ${fill(item.title)}`;
  d.count("for_each");
}
