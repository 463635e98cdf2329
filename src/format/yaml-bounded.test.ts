import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { checkKinds } from "../checks/kinds.ts";
import { runCli } from "../cli/testing.ts";
import { formatDiagnostic, loadRunbookText } from "./load.ts";
import { MAX_YAML_DEPTH, nestsDeeper, parseBoundedDocument, readYamlData } from "./yaml-bounded.ts";

// Nesting is capped while the YAML is lexed: a hostile 800 KB of `[` is refused at the 65th `[`
// with FILE:LINE:COL, before the parser builds anything; every real runbook nests far less.

const HEAD = "golive: 1\nmeta: { id: deep, title: Deep }\n";
const nested = (levels: number) => `${"[".repeat(levels)}x${"]".repeat(levels)}`;

describe("YAML nesting depth", () => {
  it("reads nesting up to the cap as the library does, and refuses one level more where it opens", () => {
    const ok = parseBoundedDocument(`a: ${nested(MAX_YAML_DEPTH - 1)}\n`);
    expect(ok.ok && ok.doc.toJS()).toEqual(parseDocument(`a: ${nested(MAX_YAML_DEPTH - 1)}\n`).toJS());
    const deep = parseBoundedDocument(`a: ${nested(MAX_YAML_DEPTH)}\n`);
    // The map is one level, so the 64th `[` (offset 3 + 63) is the 65th collection.
    expect(deep).toEqual({ ok: false, tooDeep: { offset: 3 + MAX_YAML_DEPTH - 1, message: expect.stringContaining(`deeper than ${MAX_YAML_DEPTH} levels`) as string } });
  });

  it("counts flow maps and block collections too, including compact `- - -` nesting", () => {
    expect(parseBoundedDocument(`a: ${"{b: ".repeat(70)}1${"}".repeat(70)}\n`).ok).toBe(false);
    expect(parseBoundedDocument(`a:\n  ${"- ".repeat(70)}x\n`).ok).toBe(false);
    const indented = Array.from({ length: 70 }, (_, i) => `${"  ".repeat(i)}k${i}:`).join("\n") + " 1\n";
    expect(parseBoundedDocument(indented).ok).toBe(false);
    expect(parseBoundedDocument(`a:\n  ${"- ".repeat(20)}x\n`).ok).toBe(true);
  });

  it("finds data nested past the cap without recursing", () => {
    const deep = (n: number): unknown => {
      let v: unknown = "x";
      for (let i = 0; i < n; i++) v = i % 2 ? [v] : { k: v };
      return v;
    };
    expect(nestsDeeper(deep(MAX_YAML_DEPTH))).toBe(false);
    expect(nestsDeeper(deep(MAX_YAML_DEPTH + 1))).toBe(true);
    expect(nestsDeeper(deep(1_000_000))).toBe(true);
    expect(nestsDeeper({ a: [1, 2, { b: null }], c: "s" })).toBe(false);
  });

  it("keeps the library's errors: several documents, an unclosed bracket", () => {
    const two = parseBoundedDocument("a: 1\n---\nb: 2\n");
    expect(two.ok && two.doc.errors.map((e) => e.code)).toEqual(["MULTIPLE_DOCS"]);
    const open = parseBoundedDocument("a: [1, 2\nb: 3\n");
    expect(open.ok && open.doc.errors.length).toBeGreaterThan(0);
  });

  it("a runbook of 800 KB of `[` is a located diagnostic, at once", () => {
    const text = `${HEAD}roles: ${"[".repeat(800_000)}\n`;
    const r = loadRunbookText(text, "deep.yaml", checkKinds);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([`deep.yaml:3:${8 + MAX_YAML_DEPTH - 1} YAML: collections nest deeper than ${MAX_YAML_DEPTH} levels here (a runbook needs far fewer)`]);
    expect(readYamlData(text)).toBeUndefined();
  });

  it("golive validate exits 1 with FILE:LINE:COL and no stack trace, and still reports the next file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "golive-deep-"));
    const deep = join(dir, "deep.yaml");
    const other = join(dir, "other.yaml");
    writeFileSync(deep, `${HEAD}roles: ${"[".repeat(400_000)}${"]".repeat(400_000)}\n`);
    writeFileSync(other, `${HEAD}roles: [{ id: ops }]\nunknown_key: 1\n`);
    const r = await runCli(["validate", deep, other]);
    expect(r.code).toBe(1);
    const lines = r.err.trim().split("\n");
    expect(lines[0]).toBe(`${deep}:3:${8 + MAX_YAML_DEPTH - 1} YAML: collections nest deeper than ${MAX_YAML_DEPTH} levels here (a runbook needs far fewer)`);
    expect(lines.some((l) => l.startsWith(`${other}:4:1`))).toBe(true);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
