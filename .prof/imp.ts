import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkKinds } from "../src/checks/kinds.ts";
import { importMarkdown } from "../src/format/markdown/import.ts";
const dir = join(import.meta.dirname, "..", "src", "format", "markdown", "fixtures");
const seeds = readdirSync(dir).filter((f) => f.endsWith(".txt")).sort().map((f) => readFileSync(join(dir, f), "utf8"));
let doc = ""; for (let i = 0; doc.length < 1_000_000; i++) doc += `${seeds[i % seeds.length]}\n\n`;
importMarkdown(doc, checkKinds);
let best = Infinity;
for (let i = 0; i < 5; i++) { const t = performance.now(); importMarkdown(doc, checkKinds); best = Math.min(best, performance.now() - t); }
console.log("1MB import best ms", best.toFixed(0));
