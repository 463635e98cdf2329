// npm run bench:import-corpus: the importer on the corpus of real public go-live documents
// (src/format/markdown/corpus, see its manifest): per document, the task items, numbered steps and
// table rows the document holds (counted with markdown-it and the manifest's annotations, not by
// the importer) and how many come back, the runbook items made of what is not a task, whether the
// runbook validates and whether an import with open tasks reads NO-GO. Last line:
// {"bench":"import-corpus","documents":..,"recall":..,"precision":..,"valid":..,"false_go":..}.
import { corpusDocuments, measureDocument, totals } from "../src/testing/import-corpus.ts";

const results = corpusDocuments().map((d) => measureDocument(d));
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const rows = results.map((r) => [
  r.file, r.language, String(r.truth), String(r.back), r.truth ? pct(r.back / r.truth) : "-", String(r.items), String(r.falseItems.length),
  r.valid ? "yes" : "NO", r.openTasks ? (r.verdict === "no_go" ? "NO-GO ok" : `FALSE ${r.verdict}`) : r.verdict, `${r.ms.toFixed(1)}`,
]);
const head = ["document", "lang", "tasks", "back", "recall", "items", "not tasks", "valid", "verdict", "ms"];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
console.log(line(head));
for (const r of rows) console.log(line(r));
for (const r of results) {
  for (const m of r.missed) console.log(`  missed in ${r.file}: ${m.slice(0, 100)}`);
  for (const f of r.falseItems) console.log(`  not a task in ${r.file}: ${f.slice(0, 100)}`);
}
const t = totals(results);
console.log(`\n${t.documents} documents: recall ${pct(t.recall)} (${t.back}/${t.truth}), precision ${pct(t.precision)} (${t.falseItems} of ${t.items} items not tasks), ${t.valid} valid, ${t.falseGo} false GO`);
console.log(JSON.stringify({ bench: "import-corpus", documents: t.documents, tasks: t.truth, back: t.back, recall: Number(t.recall.toFixed(4)), items: t.items, not_tasks: t.falseItems, precision: Number(t.precision.toFixed(4)), valid: t.valid, false_go: t.falseGo }));
