import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkKinds } from "../../checks/kinds.ts";
import { parse } from "yaml";
import { Runbook as RunbookSchema, type Runbook } from "../../core/model/runbook.ts";
import type { LoadedRunbook } from "../../core/model/validate.ts";
import { formatDiagnostic, loadRunbookText } from "../load.ts";
import { keysAt } from "../schema-walk.ts";
import { exportMarkdown } from "./export-md.ts";
import { importMarkdown, runbookText } from "./import.ts";
import { semanticContent } from "./semantic.ts";

// Import of an export gives back the same runbook, compared WHOLE (deep equality) after the few
// normalisations listed in semantic.ts for what Markdown cannot hold: every example, every
// imported seed, and a runbook that sets every field of the format.

const root = join(import.meta.dirname, "..", "..", "..");
const fixtures = join(import.meta.dirname, "fixtures");
const examples = readdirSync(join(root, "examples")).filter((f) => f.endsWith(".yaml")).sort();
const seeds = readdirSync(fixtures).filter((f) => f.endsWith(".txt")).sort();
const EVERY_FIELD = "every-field.yaml";

function load(text: string, file: string): LoadedRunbook {
  const r = loadRunbookText(text, file, checkKinds);
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join("\n"));
  return r.loaded;
}

function content(l: LoadedRunbook): unknown {
  return semanticContent(l.runbook, l.templates);
}

function roundTrip(original: LoadedRunbook, name: string): { before: unknown; after: unknown; unplaced: string[] } {
  const md = exportMarkdown(original.runbook, { templates: original.templates });
  const imported = importMarkdown(md, checkKinds);
  const again = load(runbookText(imported.runbook, "yaml"), `${name}.reimported.yaml`);
  return { before: content(original), after: content(again), unplaced: imported.report.unplaced.map((u) => `line ${u.line}: ${u.reason}: ${u.text}`) };
}

function check(original: LoadedRunbook, name: string): void {
  const { before, after, unplaced } = roundTrip(original, name);
  expect(after).toEqual(before);
  expect(unplaced).toEqual([]);
}

describe("round trip over examples/*.yaml", () => {
  it("finds the examples", () => {
    expect(examples.length).toBeGreaterThan(0);
  });
  for (const file of examples) it(file, () => check(load(readFileSync(join(root, "examples", file), "utf8"), file), file));
});

describe("round trip over the imported seeds", () => {
  it("finds the seeds", () => {
    expect(seeds.length).toBeGreaterThan(0);
  });
  for (const file of seeds) {
    it(file, () => {
      const imported = importMarkdown(readFileSync(join(fixtures, file), "utf8"), checkKinds);
      check(load(runbookText(imported.runbook, "yaml"), `${file}.yaml`), file);
    });
  }
});

describe("round trip of a runbook that sets every field", () => {
  const original = load(readFileSync(join(fixtures, EVERY_FIELD), "utf8"), EVERY_FIELD);

  it("gives the same runbook back", () => check(original, EVERY_FIELD));

  // The comparison sees each of these fields: dropping it from the re-imported runbook makes the
  // round trip differ (so a field the export stops writing fails the test above).
  const rb = original.runbook;
  const item = (id: string) => rb.sections.flatMap(function all(s): Runbook["sections"][number]["items"] { return [...s.items, ...s.sections.flatMap(all)]; }).find((i) => i.id === id);
  const cp = () => rb.timeline?.phases[0]?.checkpoint;
  const fields: [string, (r: Runbook) => unknown, (r: Runbook) => void][] = [
    ["item evidence", () => item("backup")?.evidence, (r) => walkItems(r, (i) => (i.evidence = "optional"))],
    ["item depends_on", () => item("migrate")?.depends_on, (r) => walkItems(r, (i) => (i.depends_on = []))],
    ["item notes", () => item("backup")?.notes, (r) => walkItems(r, (i) => delete i.notes)],
    ["section owner and due", () => rb.sections[0]?.owner, (r) => r.sections.forEach((s) => (delete s.owner, delete s.due))],
    ["wave requires", () => rb.waves[0]?.requires.gates, (r) => r.waves.forEach((w) => (w.requires = { ...w.requires, gates: [], items: [], waves: [] }))],
    ["checkpoint requires", () => cp()?.requires.gates, (r) => r.timeline?.phases.forEach((p) => p.checkpoint && (p.checkpoint.requires = { ...p.checkpoint.requires, gates: [], items: [] }))],
    ["hypercare", () => rb.hypercare?.exit, (r) => delete r.hypercare],
    ["links", () => rb.meta.links, (r) => (r.meta.links = [])],
    ["notify routes", () => rb.notify?.routes, (r) => delete r.notify],
    ["notify route settings", () => rb.notify?.routes[0]?.rate_per_minute, (r) => r.notify?.routes.forEach((x) => (x.rate_per_minute = 30, x.test = false))],
    ["step after", () => rb.steps[1]?.steps[1]?.after, (r) => walkSteps(r.steps, (s) => delete s.after)],
    ["step after: [] (no predecessor)", () => rb.steps[1]?.after, (r) => r.steps[1] && delete r.steps[1].after],
    ["step verify checks", () => rb.steps[0]?.verify, (r) => walkSteps(r.steps, (s) => typeof s.verify === "object" && (s.verify = s.verify.text))],
    ["task links", () => rb.timeline?.phases[0]?.tasks[0]?.item, (r) => r.timeline?.phases.forEach((p) => p.tasks.forEach((t) => (delete t.item, delete t.check, delete t.step)))],
  ];
  for (const [name, value, drop] of fields) {
    it(`${name}: set in the fixture and seen by the comparison`, () => {
      const v = value(rb);
      const isSet = name.includes("[]") ? Array.isArray(v) && v.length === 0 : v !== undefined && !(Array.isArray(v) && v.length === 0);
      expect(isSet).toBe(true);
      const changed = structuredClone(rb);
      drop(changed);
      expect(semanticContent(changed, original.templates)).not.toEqual(semanticContent(rb, original.templates));
    });
  }

  it("the comparison sees every field the fixture sets: removing any one makes it differ", () => {
    const paths = keyPaths(rb);
    const before = semanticContent(rb, original.templates);
    // `vars` only feeds for_each, which the export writes expanded (see semantic.ts).
    const unseen = [...paths].filter((p) => p !== "vars" && !p.startsWith("vars.")).filter((p) => {
      const changed = structuredClone(rb);
      removePath(changed, p.split("."));
      return JSON.stringify(semanticContent(changed, original.templates)) === JSON.stringify(before);
    });
    expect(unseen).toEqual([]);
  });

  it("the fixture sets every field of the format", () => {
    // Every field the schema knows (nested sections and steps once) is written somewhere in the
    // fixture, so that a field added to the model is round-tripped here too. `$schema` only
    // points an editor at the JSON Schema.
    const written = keyPaths(parse(readFileSync(join(fixtures, EVERY_FIELD), "utf8")));
    const unset = schemaPaths([]).filter((p) => p !== "$schema" && !written.has(p));
    expect(unset).toEqual([]);
  });
});

/** Every field path of the runbook schema, `*` for list positions; a kind nested in itself once. */
function schemaPaths(path: (string | number)[]): string[] {
  const out: string[] = [];
  for (const k of keysAt(RunbookSchema, path)) {
    const p = [...path, k];
    out.push(p.map((x) => (typeof x === "number" ? "*" : x)).join("."));
    if (path.includes(k)) continue;
    if (keysAt(RunbookSchema, [...p, 0]).length) out.push(...schemaPaths([...p, 0]));
    else if (keysAt(RunbookSchema, p).length) out.push(...schemaPaths(p));
  }
  return out;
}

/** The path of every key set in `data` (`*` for list positions), e.g. `sections.*.items.*.evidence`. */
function keyPaths(data: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown, path: string[]) => {
    if (!v || typeof v !== "object") return;
    for (const [k, x] of Object.entries(v)) {
      const p = [...path, Array.isArray(v) ? "*" : k];
      if (!Array.isArray(v) && x !== undefined) out.add(p.join("."));
      // Inside config (a check's own settings) keys are the check kind's, not the format's.
      if (k !== "config") walk(x, p);
    }
  };
  walk(data, []);
  return out;
}

/** Removes the key at the end of `parts` from every object the path reaches (`*`: each list element). */
function removePath(v: unknown, parts: string[]): void {
  if (!v || typeof v !== "object" || !parts.length) return;
  const [head, ...rest] = parts as [string, ...string[]];
  if (head === "*") {
    if (Array.isArray(v)) for (const x of v) removePath(x, rest);
  } else if (!rest.length) delete (v as Record<string, unknown>)[head];
  else removePath((v as Record<string, unknown>)[head], rest);
}

function walkItems(r: Runbook, fn: (i: Runbook["sections"][number]["items"][number]) => void): void {
  const walk = (list: Runbook["sections"]) => list.forEach((s) => (s.items.forEach(fn), walk(s.sections)));
  walk(r.sections);
}

function walkSteps(list: Runbook["steps"], fn: (s: Runbook["steps"][number]) => void): void {
  for (const s of list) {
    fn(s);
    walkSteps(s.steps, fn);
  }
}
