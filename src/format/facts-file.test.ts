import { describe, expect, it } from "vitest";
import { loadFactsText } from "./facts-file.ts";
import { formatDiagnostic } from "./load.ts";

describe("facts file", () => {
  it("loads valid facts with defaults", () => {
    const r = loadFactsText(`{ "checks": [{ "check": "api", "outcome": "pass", "at": "2026-05-30T08:00:00+07:00" }] }`, "f.json");
    expect(r.ok && r.facts.checks[0]?.duration_ms).toBe(0);
    expect(r.ok && r.facts.signoffs).toEqual([]);
  });

  it("locates schema errors at the value, unknown keys at the key", () => {
    const text = [
      "{",
      '  "signoffs": [',
      '    { "signoff": "S-1", "by": "leo", "at": "yesterday" }',
      "  ],",
      '  "sigoffs": []',
      "}",
    ].join("\n");
    const r = loadFactsText(text, "f.json");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      "f.json:3:44 signoffs[0].at: Invalid ISO datetime",
      "f.json:5:3 sigoffs: unknown key 'sigoffs'; did you mean 'signoffs'?",
    ]);
  });

  it("reports JSON syntax errors with a position", () => {
    const r = loadFactsText('{ "checks": [ }', "f.json");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]?.line).toBe(1);
  });
});
