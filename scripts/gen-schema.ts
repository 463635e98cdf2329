// Writes schema/golive.schema.json from the runbook format's zod definitions (one source of truth).
// With --check, fails when the committed file differs from what the definitions produce.
import { readFile, writeFile } from "node:fs/promises";
import { checkKinds } from "../src/checks/kinds.ts";
import { runbookJsonSchema } from "../src/format/json-schema.ts";

const out = new URL("../schema/golive.schema.json", import.meta.url);
const text = `${JSON.stringify(runbookJsonSchema(checkKinds), null, 2)}\n`;
if (process.argv.includes("--check")) {
  const current = await readFile(out, "utf8").catch(() => "");
  if (current !== text) {
    console.error("schema/golive.schema.json is out of date: run `npm run schema`");
    process.exit(1);
  }
  console.log("schema/golive.schema.json is up to date");
} else {
  await writeFile(out, text);
  console.log(`wrote ${out.pathname}`);
}
