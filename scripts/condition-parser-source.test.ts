import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { conditionParserSource, GENERATED_PARSER_URL } from "./condition-parser-source.ts";

describe("the condition parser generated at build time", () => {
  it("is what peggy makes of the grammar now (run `npm run parser` after changing grammar.ts)", () => {
    expect(readFileSync(GENERATED_PARSER_URL, "utf8")).toBe(conditionParserSource());
  });
});
