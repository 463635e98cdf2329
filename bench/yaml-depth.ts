// Hostile and honest YAML through the bounded parse (src/format/yaml-bounded.ts) against the
// library's own parseDocument, in the same process. Hostile: 800 KB of nested `[` (the issue's
// event-loop stall): how long each takes and how much heap it leaves. Honest: the five example
// runbooks, to show the token-by-token drive costs about what parseDocument does.
import { readFileSync, readdirSync } from "node:fs";
import { parseDocument } from "yaml";
import { parseBoundedDocument } from "../src/format/yaml-bounded.ts";

const runs = Number(process.env.BENCH_RUNS ?? 5);
const hostile = `golive: 1\nmeta: { id: deep, title: Deep }\nroles: ${"[".repeat(400_000)}${"]".repeat(400_000)}\n`;
const dir = new URL("../examples/", import.meta.url);
const examples = readdirSync(dir).filter((f) => f.endsWith(".yaml")).map((f) => readFileSync(new URL(f, dir), "utf8"));

function best(n: number, fn: () => unknown): number {
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

/** Heap still held right after one call (the document it built is kept alive meanwhile). */
function heapMb(fn: () => unknown): number {
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  const kept = fn();
  const after = process.memoryUsage().heapUsed;
  void kept;
  return Math.round((after - before) / 1e5) / 10;
}

for (let i = 0; i < 3; i++) for (const e of examples) {
  parseDocument(e);
  parseBoundedDocument(e);
}
let libraryMs = Infinity;
let boundedMs = Infinity;
for (let i = 0; i < runs; i++) {
  libraryMs = Math.min(libraryMs, best(1, () => examples.map((e) => parseDocument(e))));
  boundedMs = Math.min(boundedMs, best(1, () => examples.map((e) => parseBoundedDocument(e))));
}
const hostileLibraryMs = best(1, () => parseDocument(hostile));
const hostileBoundedMs = best(runs, () => parseBoundedDocument(hostile));
const hostileLibraryMb = heapMb(() => parseDocument(hostile));
const hostileBoundedMb = heapMb(() => parseBoundedDocument(hostile));
const round = (n: number) => Math.round(n * 100) / 100;
console.log(`examples (${examples.length} runbooks): parseDocument ${round(libraryMs)} ms, bounded ${round(boundedMs)} ms`);
console.log(`800 KB of nested [: parseDocument ${round(hostileLibraryMs)} ms (+${hostileLibraryMb} MB heap), bounded ${round(hostileBoundedMs)} ms (+${hostileBoundedMb} MB heap)`);
console.log(JSON.stringify({
  bench: "yaml-depth",
  examples_library_ms: round(libraryMs), examples_bounded_ms: round(boundedMs), examples_ratio: round(boundedMs / libraryMs),
  hostile_bytes: hostile.length, hostile_library_ms: round(hostileLibraryMs), hostile_bounded_ms: round(hostileBoundedMs),
  hostile_library_heap_mb: hostileLibraryMb, hostile_bounded_heap_mb: hostileBoundedMb,
}));
