import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkKinds } from "../../checks/kinds.ts";
import type { LoadedRunbook } from "../../core/model/validate.ts";
import { formatDiagnostic, loadRunbookText } from "../load.ts";
import { exportMarkdown } from "./export-md.ts";
import { importMarkdown, runbookText } from "./import.ts";
import { semanticContent } from "./semantic.ts";

// Import of an export gives back the same runbook: every example, and every imported seed.

const root = join(import.meta.dirname, "..", "..", "..");
const examples = readdirSync(join(root, "examples")).filter((f) => f.endsWith(".yaml")).sort();
const seeds = readdirSync(join(import.meta.dirname, "fixtures")).filter((f) => f.endsWith(".txt")).sort();

function load(text: string, file: string): LoadedRunbook {
  const r = loadRunbookText(text, file, checkKinds);
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join("\n"));
  return r.loaded;
}

function roundTrip(original: LoadedRunbook, name: string): { before: unknown; after: unknown; unplaced: number } {
  const md = exportMarkdown(original.runbook, { templates: original.templates });
  const imported = importMarkdown(md, checkKinds);
  const again = load(runbookText(imported.runbook, "yaml"), `${name}.reimported.yaml`);
  // JSON drops undefined fields, so that an absent field and an undefined one compare equal.
  const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));
  return { before: plain(semanticContent(original.runbook, original.templates)), after: plain(semanticContent(again.runbook, again.templates)), unplaced: imported.report.unplaced.length };
}

describe("round trip over examples/*.yaml", () => {
  it("finds the examples", () => {
    expect(examples.length).toBeGreaterThan(0);
  });
  for (const file of examples) {
    it(file, () => {
      const original = load(readFileSync(join(root, "examples", file), "utf8"), file);
      const { before, after, unplaced } = roundTrip(original, file);
      expect(after).toEqual(before);
      expect(unplaced).toBe(0);
    });
  }
});

describe("settings that tables have no column for survive the round trip", () => {
  // Timeouts and retries of checks, sign-off and checkpoint quorum, separation of duties, wave soak, tier
  // budgets and downtime, waivers: written as `key=value` settings and read back.
  const settingsOf = (rb: LoadedRunbook["runbook"]) => ({
    checks: rb.checks.filter((c) => c.timeout || c.retries !== undefined || c.needs.length || c.advisory).map((c) => [c.id, c.timeout, c.retries, c.needs, c.advisory]),
    quorum: [
      ...rb.signoffs.filter((s) => s.quorum > 1 || s.separate_from.length).map((s) => [s.id, s.quorum, s.separate_from]),
      ...(rb.timeline?.phases ?? []).flatMap((p) => (p.checkpoint && p.checkpoint.quorum > 1 ? [[p.checkpoint.id, p.checkpoint.quorum]] : [])),
    ],
    soak: rb.waves.filter((w) => w.soak || w.cumulative).map((w) => [w.id, w.soak, w.cumulative]),
    tiers: (rb.rollback?.tiers ?? []).filter((t) => t.budget || t.downtime !== undefined).map((t) => [t.id, t.budget, t.downtime]),
    waivers: rb.waivers,
  });
  const all = examples.map((file) => {
    const original = load(readFileSync(join(root, "examples", file), "utf8"), file);
    const imported = importMarkdown(exportMarkdown(original.runbook, { templates: original.templates }), checkKinds);
    return { file, before: settingsOf(original.runbook), after: settingsOf(load(runbookText(imported.runbook, "yaml"), file).runbook) };
  });
  for (const { file, before, after } of all) it(file, () => expect(after).toEqual(before));
  it("the examples hold each of these settings (the comparison is not empty)", () => {
    for (const k of ["checks", "quorum", "soak", "tiers", "waivers"] as const) expect([k, all.some((x) => x.before[k].length > 0)]).toEqual([k, true]);
  });
});

describe("round trip over the imported seeds", () => {
  for (const file of seeds) {
    it(file, () => {
      const imported = importMarkdown(readFileSync(join(import.meta.dirname, "fixtures", file), "utf8"), checkKinds);
      const original = load(runbookText(imported.runbook, "yaml"), `${file}.yaml`);
      const { before, after, unplaced } = roundTrip(original, file);
      expect(after).toEqual(before);
      expect(unplaced).toBe(0);
    });
  }
});
