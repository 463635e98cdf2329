import type { Check, Item, Runbook, Section } from "./runbook.ts";

/** A path into the runbook as written: keys and array indexes. */
export type Path = (string | number)[];

/** `sections[0].items[2].title`: a path as people read it. */
export function pathText(path: Path): string {
  let out = "";
  for (const k of path) out += typeof k === "number" ? `[${k}]` : out ? `.${k}` : k;
  return out;
}

/** Where each expanded object came from in the file, so errors point at what the user wrote. */
export type Origins = WeakMap<object, Path>;

export interface Expanded {
  runbook: Runbook;
  origins: Origins;
  /** Template id -> the ids it expanded to (items and checks written once with for_each). */
  templates: Map<string, string[]>;
  problems: { path: Path; message: string }[];
}

type Bindings = Record<string, string>;

function fill(text: string, vars: Bindings): string {
  return text.replace(/\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/g, (whole, name: string) => vars[name] ?? whole);
}

/** Replace {{var}} in every string of a JSON-like value. */
function fillDeep<T>(value: T, vars: Bindings): T {
  if (typeof value === "string") return fill(value, vars) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => fillDeep(v, vars)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = fillDeep(v, vars);
    return out as T;
  }
  return value;
}

function suffix(vars: Bindings): string {
  return Object.values(vars).join(",");
}

/**
 * Expands `for_each` on sections and checks: the per-service list of a checklist is written once
 * and applied to each service. Expanded ids are `ID[value]`; a reference to `ID` means all of them.
 */
export function expandRunbook(input: Runbook): Expanded {
  const origins: Origins = new WeakMap();
  const templates = new Map<string, string[]>();
  const problems: Expanded["problems"] = [];

  const combos = (forEach: Record<string, string | string[]> | undefined, path: Path): Bindings[] => {
    if (!forEach) return [{}];
    let out: Bindings[] = [{}];
    for (const [name, spec] of Object.entries(forEach)) {
      let values: string[] | undefined;
      if (Array.isArray(spec)) values = spec;
      else {
        values = input.vars[spec];
        if (!values) {
          const known = Object.keys(input.vars);
          problems.push({
            path: [...path, "for_each", name],
            message: `unknown list '${spec}' in vars${known.length ? ` (known: ${known.join(", ")})` : ""}`,
          });
          values = [];
        }
      }
      out = out.flatMap((b) => values.map((v) => ({ ...b, [name]: v })));
    }
    return out;
  };

  const record = (template: string, id: string) => {
    const list = templates.get(template) ?? [];
    if (!list.includes(id)) list.push(id);
    templates.set(template, list);
  };

  const expandItems = (items: Item[], vars: Bindings, path: Path, section: Section): Item[] =>
    items.map((item, i) => {
      const templated = Object.keys(vars).length > 0;
      // Items take their section's owner and due time unless they say otherwise.
      // Keys added only when there is a value: no `delete`, which turns an object into a slow
      // dictionary for everything that reads it later (thousands of items in a large import).
      const withDefaults: Item = { ...item };
      if (item.owner === undefined && section.owner !== undefined) withDefaults.owner = section.owner;
      if (item.due === undefined && section.due !== undefined) withDefaults.due = section.due;
      const out: Item = templated
        ? { ...fillDeep(withDefaults, vars), id: `${item.id}[${suffix(vars)}]` }
        : withDefaults;
      if (templated) record(item.id, out.id);
      origins.set(out, [...path, i]);
      return out;
    });

  const expandSection = (section: Section, inherited: Bindings, path: Path): Section[] => {
    const list = combos(section.for_each, path);
    return list.map((own) => {
      const vars = { ...inherited, ...own };
      const templated = Object.keys(own).length > 0;
      const base = templated ? fillDeep({ ...section, items: [], sections: [] }, vars) : section;
      const out: Section = {
        ...base,
        id: templated ? `${section.id}[${suffix(own)}]` : section.id,
        for_each: undefined,
        items: expandItems(section.items, vars, [...path, "items"], section),
        sections: section.sections.flatMap((s, i) =>
          expandSection({ ...s, owner: s.owner ?? section.owner, due: s.due ?? section.due }, vars, [...path, "sections", i]),
        ),
      };
      if (!section.for_each) delete out.for_each;
      origins.set(out, path);
      return out;
    });
  };

  const sections = input.sections.flatMap((s, i) => expandSection(s, {}, ["sections", i]));
  const checks: Check[] = input.checks.flatMap((check, i) => {
    const path: Path = ["checks", i];
    if (!check.for_each) {
      origins.set(check, path);
      return [check];
    }
    return combos(check.for_each, path).map((vars) => {
      const { for_each: _unused, ...rest } = check;
      const out: Check = { ...fillDeep(rest, vars), id: `${check.id}[${suffix(vars)}]` };
      record(check.id, out.id);
      origins.set(out, path);
      return out;
    });
  });

  return { runbook: { ...input, sections, checks }, origins, templates, problems };
}

/** Every item of the runbook, sections flattened in document order. */
export function allItems(runbook: Runbook): Item[] {
  const out: Item[] = [];
  const walk = (sections: Section[]) => {
    for (const s of sections) {
      out.push(...s.items);
      walk(s.sections);
    }
  };
  walk(runbook.sections);
  return out;
}

/** Every section, flattened, with its parent chain. */
export function allSections(runbook: Runbook): { section: Section; parents: Section[] }[] {
  const out: { section: Section; parents: Section[] }[] = [];
  const walk = (sections: Section[], parents: Section[]) => {
    for (const s of sections) {
      out.push({ section: s, parents });
      walk(s.sections, [...parents, s]);
    }
  };
  walk(runbook.sections, []);
  return out;
}
