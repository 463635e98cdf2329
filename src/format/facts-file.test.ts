import { describe, expect, it } from "vitest";
import { loadFactsText } from "./facts-file.ts";
import { checkKinds } from "../checks/kinds.ts";
import { formatDiagnostic, loadRunbookText } from "./load.ts";

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

describe("facts file against its runbook", () => {
  const loaded = loadRunbookText(
    ["golive: 1", "meta: { id: r, title: R }", "sections:", "  - id: s", "    title: S", "    items: [{ id: db-backup, title: Backup }]", "checks:", '  - { id: api, kind: http, config: { url: "http://127.0.0.1:9/" }, conditions: ["status == 200"] }'].join("\n"),
    "r.yaml",
    checkKinds,
  );
  if (!loaded.ok) throw new Error(loaded.diagnostics.map(formatDiagnostic).join("\n"));
  const rb = loaded.loaded.runbook;

  it("reports every fact about an id the runbook does not have, located, with the nearest id", () => {
    const text = [
      "{",
      '  "items": [{ "item": "db-backup", "state": "done", "by": "a", "at": "2026-05-30T08:00:00+07:00" },',
      '            { "item": "db-bakup", "state": "done", "by": "a", "at": "2026-05-30T08:00:00+07:00" }],',
      '  "checks": [{ "check": "apii", "outcome": "pass", "at": "2026-05-30T08:00:00+07:00" }]',
      "}",
    ].join("\n");
    const r = loadFactsText(text, "f.json", rb);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      "f.json:3:23 items[1].item: the runbook has no item 'db-bakup'; did you mean 'db-backup'?",
      "f.json:4:25 checks[0].check: the runbook has no check 'apii'; did you mean 'api'?",
    ]);
  });

  it("accepts facts that name only the runbook's ids", () => {
    const r = loadFactsText('{ "items": [{ "item": "db-backup", "state": "done", "by": "a", "at": "2026-05-30T08:00:00+07:00" }] }', "f.json", rb);
    expect(r.ok).toBe(true);
  });
});
