import { describe, expect, it } from "vitest";
import type { Runbook } from "../../core/model/runbook.ts";
import { imported } from "../../testing/import-check.ts";

// The importer reads a document's structure, whatever its header words: tables of things to do,
// the details under a task, plain bullets beside checkbox tasks, reference lists.

describe("importer: structure, not a word list", () => {
  it("a table with a level column is a checklist whatever its header words; levels are notes and say what is optional", () => {
    const { items, status } = imported([
      "# Readiness", "", "## Security", "",
      "| Check name | Short Description | Level C | Level B |", "| --- | --- | --- | --- |",
      "| Non-root user | Its container runs as non-root | :white_check_mark: | :white_check_mark: |",
      "| Profiling | It is profiled |  | :white_check_mark: |", "",
      "| Name | Level | Comment |", "| --- | --- | --- |",
      "| [Backups enabled](./backup.md) | Critical 🔴 | |", "| Stack traces hidden | Nice to have 🟢 | attack surface |",
    ].join("\n"));
    expect(items.map((i) => [i.title, i.optional, i.notes])).toEqual([
      ["Non-root user", false, "Short Description: Its container runs as non-root; Level C; Level B"],
      ["Profiling", false, "Short Description: It is profiled; Level B"],
      ["Backups enabled", false, "Level: Critical 🔴"],
      ["Stack traces hidden", true, "Level: Nice to have 🟢; Comment: attack surface"],
    ]);
    // Nothing is ticked: the section is not ready, whatever the optional row says.
    expect(status.verdict).toBe("no_go");
    expect(status.gates.find((g) => g.section)?.requires.map((r) => r.title)).toEqual(["Non-root user", "Profiling", "Backups enabled"]);
  });

  it("the lines under a task are its owner, status and details, not tasks of their own", () => {
    const { items, rb } = imported([
      "# Go-live", "", "## Final checks", "",
      "- [ ] **Production smoke tested**", "  - Owner: [QA Lead]", "  - Status: done", "  - Evidence: report dated 05/28", "  - Results: all passed",
      "- [ ] Rollback rehearsed", "  - [ ] Restore tested",
    ].join("\n"));
    expect(items.map((i) => [i.title, i.owner ?? null, i.done ?? null])).toEqual([
      ["Production smoke tested", "qa-lead", true], ["Rollback rehearsed", null, false], ["Restore tested", null, false],
    ]);
    expect(items[0]?.notes).toContain("Results: all passed");
    expect(items[0]?.evidence).toBe("required");
    expect(rb.roles.map((r) => r.id)).toContain("qa-lead");
  });

  it("beside checkbox tasks, a plain bullet list is the section's text, and a next-steps list is links", () => {
    const { items, rb } = imported([
      "# Release", "", "## Requirements", "", "- A verified account on crates.io", "- `git`", "",
      "## Checklist", "", "- [ ] Tag the release", "- [ ] Publish", "", "## Next steps", "", "- [Announce it](https://example.com/a) on the forum",
    ].join("\n"));
    expect(items.map((i) => i.title)).toEqual(["Tag the release", "Publish"]);
    expect(rb.sections.find((s) => s.title === "Requirements")?.description).toBe("- A verified account on crates.io\n- `git`");
    expect(rb.steps).toEqual([]);
  });

  it("the title comes from the front matter when no top heading gives one; ids are cut on word boundaries, other scripts kept", () => {
    const fm = imported(["---", "name: Release Ticket", "about: each release", "---", "", "## Steps", "", "- [ ] Cut the release"].join("\n"));
    expect([fm.rb.meta.id, fm.rb.meta.title]).toEqual(["release-ticket", "Release Ticket"]);
    expect(fm.items.map((i) => i.title)).toEqual(["Cut the release"]);
    const long = imported("# Production readiness checklist for the payments platform\n\n- [ ] Backups");
    expect(long.rb.meta.id).toBe("production-readiness-checklist-for-the");
    expect(imported("---\ntitle: アプリケーションチェックリスト\n---\n\n- [ ] 確認する").rb.meta.id).toBe("アプリケーションチェックリスト");
  });

  it("a steps table that numbers its steps takes the titles from its description column", () => {
    const { rb } = imported([
      "# Migration", "", "## Cutover", "",
      "| Step | Description | Owner | Status |", "| --- | --- | --- | --- |",
      "| 1 | Freeze the old system | | |", "| 2. | Load the master data | | |", "| 2a | Check the counts | | |", "| S3 | Switch DNS | | |",
    ].join("\n"));
    const flat = (list: Runbook["steps"]): [string, string][] => list.flatMap((s) => [[s.id, s.title] as [string, string], ...flat(s.steps)]);
    expect(flat(rb.steps)).toEqual([["1", "Freeze the old system"], ["2", "Load the master data"], ["2a", "Check the counts"], ["S3", "Switch DNS"]]);
  });

  it("a template's choices in a status cell ('Pass / Fail', 'Done / Pending') import as not done, never as done", () => {
    const { items, status } = imported([
      "# Go-live", "", "## Verification", "",
      "| Check | Result |", "| --- | --- |",
      "| Settings enabled | `true` / `false` |", "| Apex compiles | Pass / Fail |", "| Smoke tests | Done / Pending |", "| Backups restored | Pass |",
    ].join("\n"));
    expect(items.map((i) => [i.title, i.done === true])).toEqual([["Settings enabled", false], ["Apex compiles", false], ["Smoke tests", false], ["Backups restored", true]]);
    expect(status.verdict).toBe("no_go");
  });

  it("a phases table with exit criteria becomes waves, each criterion attested, what the phase does its description", () => {
    const { rb } = imported([
      "# Data migration", "",
      "| Phase | Duration | Activities | Exit Criteria |", "| --- | --- | --- | --- |",
      "| Discovery | Weeks 1-2 | Read the legacy schemas | Mapping approved; Sample export loaded |",
      "| Mock load | Weeks 3-4 | Load into staging | Counts reconcile |",
    ].join("\n"));
    expect(rb.waves.map((w) => [w.id, w.title, w.description, w.exit.map((c) => [c.title, typeof c.attest?.by])])).toEqual([
      // The duration, which the wave has no field for, stays in its description (never dropped).
      ["W1", "Discovery", "Read the legacy schemas; Duration: Weeks 1-2", [["Mapping approved", "string"], ["Sample export loaded", "string"]]],
      ["W2", "Mock load", "Load into staging; Duration: Weeks 3-4", [["Counts reconcile", "string"]]],
    ]);
  });
});


describe("a table of production settings", () => {
  it("is facts, each value with the row's other cells (| Biến | Giá trị prod | Ghi chú |)", () => {
    const { rb, report } = imported(["# Go", "", "| Biến | Giá trị prod | Ghi chú |", "|---|---|---|", "| `APP_ENV` | `production` | Khoá `_debug` routes |", "| `APP_DEBUG` | `false` | |", "", "- [ ] Deploy"].join("\n"));
    expect(rb.meta.facts).toEqual([
      { name: "`APP_ENV`", value: "`production`; Ghi chú: Khoá `_debug` routes" },
      { name: "`APP_DEBUG`", value: "`false`" },
    ]);
    expect(report.unplaced).toEqual([]);
  });
});
