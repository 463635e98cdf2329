import { describe, expect, it } from "vitest";
import { corpusDocuments, measureDocument, totals, truthOf } from "../../testing/import-corpus.ts";

// The importer on 30 real public go-live, release and readiness documents (corpus/manifest.json):
// every import validates, none with open tasks reads GO, the task items, numbered steps and table
// rows come back (counted from the documents, not from the importer), and so do the sign-offs,
// decisions, rollback triggers and steps, waves and optional items counted by hand. The floors are
// the measured figures (npm run bench:import-corpus: recall 100 %, precision 98.6 %) less a margin.
describe("import of the corpus of real documents", () => {
  const results = corpusDocuments().map((d) => measureDocument(d));
  const t = totals(results);

  it("holds at least 30 documents in several languages", () => {
    expect(t.documents).toBeGreaterThanOrEqual(30);
    expect(new Set(results.map((r) => r.language)).size).toBeGreaterThanOrEqual(5);
  });

  it("every import validates, and none with open tasks says GO", () => {
    expect(results.filter((r) => !r.valid).map((r) => r.file)).toEqual([]);
    expect(results.filter((r) => r.openTasks && r.verdict !== "no_go").map((r) => `${r.file}: ${r.verdict}`)).toEqual([]);
  });

  it("holds the sign-offs, decisions, rollback triggers and steps, waves and optional items counted by hand in the manifest", () => {
    const docs = corpusDocuments();
    const wrong = results.flatMap((r, i) => Object.entries(docs[i]?.expect ?? {}).filter(([k, n]) => r.parts[k as keyof typeof r.parts] !== n).map(([k, n]) => `${r.file}: ${k} ${r.parts[k as keyof typeof r.parts]}, expected ${n}`));
    expect(docs.filter((d) => d.expect).length).toBeGreaterThanOrEqual(4);
    expect(wrong).toEqual([]);
  });

  it("brings back the task items, numbered steps and table rows, and makes few items of what is not a task", () => {
    expect(t.truth).toBeGreaterThan(700);
    expect(t.recall).toBeGreaterThanOrEqual(0.98);
    expect(t.precision).toBeGreaterThanOrEqual(0.96);
  });
});

describe("the corpus ground truth", () => {
  const doc = { file: "x.md", repo: "r", path: "p", commit: "c", licence: "MIT", language: "en", nonTask: { headings: ["Links"], tables: ["Role|Phone"] } };

  it("counts tasks, numbered steps and task-table rows; link lists, annotated parts and a task's details are not tasks", () => {
    const md = [
      "# Go-live", "- [ ] Backup taken", "  - Owner: DBA", "- [x] Freeze announced", "", "1. Deploy", "2. Verify", "",
      "| Check | Level |", "|---|---|", "| TLS on | Critical |", "", "| Role | Phone |", "|---|---|", "| DBA | 123 |", "",
      "## Links", "- Runbook wiki page", "", "- [Design doc](https://example.com/d)",
    ].join("\n");
    const truth = truthOf(md, doc);
    expect(truth.tasks.map((x) => [x.kind, x.texts[0], x.done])).toEqual([
      ["task", "Backup taken", false], ["task", "Freeze announced", true], ["step", "Deploy", false], ["step", "Verify", false], ["row", "TLS on", false],
    ]);
    expect(truth.nonTasks).toEqual(["Owner: DBA", "DBA", "123", "Runbook wiki page", "Design doc"]);
  });

  it("counts a checkbox drawn as a character as a task (☐ open, ☑ done), and a table of contents as no task", () => {
    const truth = truthOf(["# Go-live", "1. [Checks](#checks)", "", "## Checks", "- ☐ Runbook written", "- ☑ Monitoring on", "", "| Item | Status |", "|---|---|", "| ☐ Backup | 🔄 |"].join("\n"), doc);
    expect(truth.tasks.map((x) => [x.kind, x.texts[0], x.done])).toEqual([["task", "Runbook written", false], ["task", "Monitoring on", true], ["row", "☐ Backup", false]]);
    expect(truth.nonTasks).toEqual(["Checks"]);
  });
});
