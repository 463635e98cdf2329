// Measures the dashboard's production bundle: the JavaScript the first screen loads (the entry
// script, its modulepreloads and their static imports; lazily loaded screens excluded), gzipped.
// Run after `npm run build:web`. Exit 1 over the budget.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const DIST = new URL("../web/dist/", import.meta.url).pathname;
const BUDGET_KB = 300;

function staticImports(code: string): string[] {
  const out: string[] = [];
  // `import x from "./a.js"`, `import "./a.js"`, `export * from "./a.js"`; not `import("./a.js")`.
  for (const m of code.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w*${}\s,]+from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)) if (m[1]) out.push(m[1]);
  return out;
}

if (!existsSync(join(DIST, "index.html"))) {
  console.error("web/dist is missing: run npm run build:web first");
  process.exit(2);
}
const html = readFileSync(join(DIST, "index.html"), "utf8");
const roots = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\brel="modulepreload"[^>]*\bhref)="\/([^"]+\.js)"/g)].map((m) => m[1] ?? "");
const seen = new Set<string>();
const queue = [...roots];
while (queue.length) {
  const file = queue.shift() ?? "";
  if (seen.has(file)) continue;
  seen.add(file);
  const dir = file.slice(0, file.lastIndexOf("/") + 1);
  for (const imp of staticImports(readFileSync(join(DIST, file), "utf8"))) queue.push(new URL(imp, `http://x/${dir}`).pathname.slice(1));
}
let raw = 0;
let gz = 0;
const files = [...seen].map((f) => {
  const bytes = readFileSync(join(DIST, f));
  const g = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gz += g;
  return { file: f, kb: Math.round(bytes.length / 102.4) / 10, gzip_kb: Math.round(g / 102.4) / 10 };
});
for (const f of files) console.log(`${f.file}  ${f.kb} KB  (${f.gzip_kb} KB gzip)`);
const gzKb = Math.round(gz / 102.4) / 10;
console.log(JSON.stringify({ bundle: "web", first_screen_js_files: files.length, first_screen_js_kb: Math.round(raw / 102.4) / 10, first_screen_js_gzip_kb: gzKb, budget_gzip_kb: BUDGET_KB }));
if (gzKb > BUDGET_KB) process.exitCode = 1;
