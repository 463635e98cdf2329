import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkKinds } from "../../checks/kinds.ts";
import { formatDiagnostic, loadRunbookText } from "../load.ts";
import { importMarkdown, runbookText } from "./import.ts";
import { FIELD_WORDS, STATUS_WORDS, TABLE_SPECS, type Field } from "./vocabulary.ts";

// Property tests over generated and mutated Markdown: the import never throws, always ends, and
// either recognises nothing (exit 1) or gives a runbook that the loader accepts as it is.
// Fixed seed and bounded runs keep `npm test` fast and repeatable.

const SEED = 20260528;
const seeds = readdirSync(join(import.meta.dirname, "fixtures")).filter((f) => f.endsWith(".txt")).sort().map((f) => readFileSync(join(import.meta.dirname, "fixtures", f), "utf8"));

function assertValid(md: string): void {
  const r = importMarkdown(md, checkKinds);
  if (!r.recognised) return;
  const loaded = loadRunbookText(runbookText(r.runbook, "yaml"), "fuzz.yaml", checkKinds);
  if (!loaded.ok) throw new Error(`invalid runbook from:\n${md.slice(0, 2000)}\n---\n${loaded.diagnostics.map(formatDiagnostic).join("\n")}`);
  // JSON output is the same data.
  expect(JSON.parse(runbookText(r.runbook, "json"))).toEqual(r.runbook);
}

const words = [...Object.values(FIELD_WORDS).flat(), ...Object.values(STATUS_WORDS).flat(), "Wave 1 (W1)", "Tier 2 — x (5 phút)", "Phase 1: Chuẩn bị (6:00 - 6:30)", "CHECKPOINT 1: go", "G-1", "P1", "≥ 99.5%", "< 1s", "{#x}", "{#G-1}", "`cmd a`", "**P0 (Critical)**: down", "6:30", "+24h", "Tech Lead + DBA", "|", "\\", "*", "_", "[ ]", "[x]", "#", "->", "  "];
const word = fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 12 }), fc.string({ unit: "grapheme", maxLength: 6 }));
const text = fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(" ").replace(/\n/g, " "));
const heading = fc.tuple(fc.integer({ min: 1, max: 6 }), text).map(([n, t]) => `${"#".repeat(n)} ${t}`);
// Headers made of the words of a known table kind, so that most tables are recognised and placed.
const fieldWord = (f: Field) => fc.constantFrom(...FIELD_WORDS[f]);
const header = fc.oneof(
  fc.array(text, { minLength: 1, maxLength: 6 }),
  fc.constantFrom(...TABLE_SPECS).chain((spec) => fc.subarray(spec.uses).chain((extra) => fc.tuple(...[...new Set([...spec.all, ...(spec.any ?? []).slice(0, 1), ...extra])].map(fieldWord)))),
);
const table = fc.tuple(header, fc.array(fc.array(text, { maxLength: 7 }), { maxLength: 6 })).map(([h, rows]) =>
  [`| ${h.join(" | ")} |`, `|${h.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n"),
);
const list = fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom("- [ ] ", "- [x] ", "- ", "1. ", "• ", "* "), text), { minLength: 1, maxLength: 8 }).map((items) =>
  items.map(([depth, mark, t]) => `${"  ".repeat(depth)}${mark}${t}`).join("\n"),
);
const code = fc.tuple(fc.constantFrom("bash", "sql", "yaml", ""), fc.array(text, { maxLength: 4 })).map(([lang, lines]) => `\`\`\`${lang}\n${lines.map((l) => `# ${l}`).join("\n")}\n\`\`\``);
const comment = fc.array(fc.oneof(text, heading, fc.constant("")), { maxLength: 4 }).map((lines) => ["<!--", ...lines, "-->"].join("\n"));
const block = fc.oneof(heading, table, list, code, text, comment);
const document = fc.array(block, { maxLength: 14 }).chain((blocks) => fc.boolean().map((flat) => blocks.join(flat ? "\n" : "\n\n")));

describe("import robustness (fast-check, fixed seed)", () => {
  it("any text: never throws, valid runbook or nothing recognised", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 400 }), (s) => assertValid(s)), { seed: SEED, numRuns: 150 });
  });

  it("generated Markdown documents", () => {
    fc.assert(fc.property(document, (md) => assertValid(md)), { seed: SEED, numRuns: 150 });
  });

  it("the generated documents mostly hold something to recognise (the property above is not vacuous)", () => {
    const docs = fc.sample(document, { seed: SEED, numRuns: 150 });
    const recognised = docs.filter((d) => importMarkdown(d, checkKinds).recognised).length;
    expect(recognised).toBeGreaterThan(docs.length / 2);
  });

  it("mutated seeds: lines dropped, duplicated, swapped, blank lines removed, text cut", () => {
    const mutation = fc.tuple(fc.constantFrom(...seeds.keys()), fc.array(fc.tuple(fc.constantFrom("drop", "dup", "swap", "flatten", "cut", "insert"), fc.nat(), fc.nat(), text), { minLength: 1, maxLength: 6 }));
    fc.assert(
      fc.property(mutation, ([which, ops]) => {
        let lines = (seeds[which] ?? "").split("\n");
        for (const [op, a, b, t] of ops) {
          const i = a % Math.max(lines.length, 1);
          const j = b % Math.max(lines.length, 1);
          if (op === "drop") lines.splice(i, 1 + (j % 5));
          else if (op === "dup") lines.splice(i, 0, ...lines.slice(i, i + 1 + (j % 5)));
          else if (op === "swap") [lines[i], lines[j]] = [lines[j] ?? "", lines[i] ?? ""];
          else if (op === "flatten") lines = lines.filter((l) => l.trim());
          else if (op === "insert") lines.splice(i, 0, t);
          else lines[i] = (lines[i] ?? "").slice(0, j % 40);
        }
        assertValid(lines.join("\n"));
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("a 1 MB document made of the seeds imports: every copy recognised alike, lines kept", () => {
    const cycle = seeds.map((s) => `${s}\n\n`).join("");
    const copies = Math.ceil(1_000_000 / cycle.length);
    const one = importMarkdown(cycle, checkKinds);
    const big = importMarkdown(cycle.repeat(copies), checkKinds);
    expect(big.recognised).toBe(true);
    const loaded = loadRunbookText(runbookText(big.runbook, "yaml"), "big.yaml", checkKinds);
    expect(loaded.ok).toBe(true);
    // (Not steps: a change row "9a" in a later copy names the step the first copy added.)
    for (const kind of ["gates", "signoffs", "items", "tasks", "checkpoints", "alerts", "decisions"]) {
      expect([kind, big.report.counts[kind]]).toEqual([kind, copies * (one.report.counts[kind] ?? NaN)]);
    }
    // Page chrome is dropped at the top only, so copies after the first are alike, line for line.
    const lines = cycle.split("\n").length - 1;
    const unplacedOf = (c: number) => big.report.unplaced.filter((u) => Math.floor((u.line - 1) / lines) === c).map((u) => ({ ...u, line: u.line - c * lines }));
    expect(unplacedOf(1).length).toBeGreaterThan(0);
    for (let c = 2; c < copies; c++) expect(unplacedOf(c)).toEqual(unplacedOf(1));
  }, 180_000);
});
