import peggy from "peggy";
import { CONDITION_GRAMMAR } from "../src/core/conditions/grammar.ts";

// Here, not in src/core: core is pure and ships, and peggy is a devDependency (only this script's
// generator and its test use it).

/** Where the generated parser lives, beside the grammar. */
export const GENERATED_PARSER_URL = new URL("../src/core/conditions/parser.generated.ts", import.meta.url);

/**
 * The condition parser's module text, as `npm run parser` writes it to parser.generated.ts: peggy's
 * ES-module output for {@link CONDITION_GRAMMAR}. Generated at build time, not at start, so the
 * server never loads peggy nor compiles a parser from a string (see docs/decisions.md, "Idle
 * memory").
 */
export function conditionParserSource(): string {
  const source = peggy.generate(CONDITION_GRAMMAR, { output: "source", format: "es" });
  return [
    "// Generated from CONDITION_GRAMMAR (grammar.ts) by `npm run parser` (scripts/gen-condition-parser.ts):",
    "// do not edit; `npm run docs:check` fails when it is out of date.",
    "// @ts-nocheck",
    "/* eslint-disable */",
    source.trimEnd(),
    "",
  ].join("\n");
}
