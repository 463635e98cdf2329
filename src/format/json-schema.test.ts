import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { checkKinds } from "../checks/kinds.ts";
import { runbookJsonSchema } from "./json-schema.ts";

describe("runbook JSON Schema", () => {
  it("the committed schema/golive.schema.json is what the zod definitions produce", async () => {
    const committed = JSON.parse(await readFile(new URL("../../schema/golive.schema.json", import.meta.url), "utf8")) as unknown;
    expect(committed).toEqual(runbookJsonSchema(checkKinds));
  });

  it("spells out each check kind's config, keyed by kind", () => {
    const schema = runbookJsonSchema(checkKinds) as { properties: { checks: { items: { oneOf: { properties: { kind: { const: string } } }[] } } } };
    const kinds = schema.properties.checks.items.oneOf.map((v) => v.properties.kind.const).sort();
    expect(kinds).toEqual(Object.keys(checkKinds).sort());
  });
});
