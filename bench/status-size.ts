// npm run bench:status-size: the status a client receives for a 32,000-item runbook (320 sections
// of 100 items, a fifth with evidence required, 10 gates of 100 items, one sign-off; nothing done yet), before paging (the engine's
// status as is, the baseline) and after (src/server/status-page.ts), with the time to compute and
// encode each in the same process.
// Last line: {"bench":"status-size","items":32000,"full_bytes":…,"paged_bytes":…,"ratio":…,…}
import { checkKinds } from "../src/checks/kinds.ts";
import { computeStatus } from "../src/core/engine/index.ts";
import { emptyFacts } from "../src/core/model/facts.ts";
import { loadRunbookText } from "../src/format/load.ts";
import { pageStatus } from "../src/server/status-page.ts";

const ITEMS = Number(process.env.BENCH_ITEMS ?? 32_000);
// Short ids and titles in flow style: the runbook must stay within the 1 MiB a runbook text may be.
const id = (n: number) => n.toString(36);
const lines = ["golive: 1", "meta: { id: bench, title: Bench runbook, date: 2026-05-28 }", "roles:", "  - { id: qa, title: QA, members: [bench] }", "sections:"];
for (let s = 0; s < ITEMS / 100; s++) {
  const items = Array.from({ length: 100 }, (_, i) => `{id: i${id(s * 100 + i)}, title: I${id(s * 100 + i)}${i % 5 === 0 ? ", evidence: required" : ""}}`);
  lines.push(`  - { id: s${s}, title: Section ${s}, owner: qa, items: [${items.join(", ")}] }`);
}
lines.push("gates:");
for (let g = 0; g < 10; g++) lines.push(`  - { id: g${g}, title: Gate ${g}, requires: { items: [${Array.from({ length: 100 }, (_, i) => `i${id(g * 200 + i)}`).join(", ")}] } }`);
lines.push("signoffs:", "  - { id: qa-ok, title: QA, role: qa, requires: { gates: [g0, g1] } }");
const r = loadRunbookText(`${lines.join("\n")}\n`, "bench.yaml", checkKinds);
if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
const status = computeStatus(r.loaded, emptyFacts(), new Date("2026-05-28T10:00:00Z"));

let t = performance.now();
const full = Buffer.byteLength(JSON.stringify({ run: "bench", version: 1, status }));
const fullMs = performance.now() - t;
t = performance.now();
const paged = Buffer.byteLength(JSON.stringify({ run: "bench", version: 1, ...pageStatus(status, r.loaded.runbook) }));
const pagedMs = performance.now() - t;
process.stderr.write(`${ITEMS} items: status ${(full / 1e6).toFixed(2)} MB as computed, ${(paged / 1e6).toFixed(2)} MB as sent (first page of items; the rest by GET /api/runs/:id/status/items)\n`);
console.log(JSON.stringify({ bench: "status-size", items: ITEMS, full_bytes: full, paged_bytes: paged, ratio: Math.round((paged / full) * 1000) / 1000, full_encode_ms: Math.round(fullMs), paged_encode_ms: Math.round(pagedMs) }));
