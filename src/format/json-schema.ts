import { z } from "zod";
import type { CheckKinds } from "../core/model/check-kind.ts";
import { Check, Runbook } from "../core/model/runbook.ts";

/**
 * The JSON Schema of the runbook format, made from the same zod definitions the validator uses,
 * with each check kind's config spelled out so editors can complete it.
 */
export function runbookJsonSchema(kinds: CheckKinds): Record<string, unknown> {
  const variants = Object.values(kinds).map((spec) =>
    Check.extend({
      kind: z.literal(spec.kind).describe(spec.description),
      config: spec.config,
    }),
  );
  const [first, ...rest] = variants;
  if (!first) throw new Error("no check kinds");
  const checkSchema = z.discriminatedUnion("kind", [first, ...rest]);
  const composed = Runbook.extend({ checks: z.array(checkSchema).default([]) });
  const schema = z.toJSONSchema(composed, { io: "input", unrepresentable: "any", target: "draft-2020-12" });
  return {
    ...schema,
    $id: "https://golive.dev/schema/golive.schema.json",
    title: "golive runbook",
  };
}
