// Writes src/core/conditions/parser.generated.ts from the condition grammar (peggy, at build time).
// With --check, fails when the committed file differs from what the grammar produces.
import { conditionParserSource, GENERATED_PARSER_URL } from "./condition-parser-source.ts";
import { writeOrCheck } from "./generated-file.ts";

await writeOrCheck(GENERATED_PARSER_URL, conditionParserSource(), "npm run parser");
