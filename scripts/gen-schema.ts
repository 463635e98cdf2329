// Writes schema/golive.schema.json from the runbook format's zod definitions (one source of truth).
// With --check, fails when the committed file differs from what the definitions produce.
import { checkKinds } from "../src/checks/kinds.ts";
import { runbookJsonSchema } from "../src/format/json-schema.ts";
import { writeOrCheck } from "./generated-file.ts";

const out = new URL("../schema/golive.schema.json", import.meta.url);
await writeOrCheck(out, `${JSON.stringify(runbookJsonSchema(checkKinds), null, 2)}\n`, "npm run schema");
