import type { z } from "zod";
import type { ValueSignature } from "../conditions/index.ts";

/**
 * What the runbook format needs to know about one kind of check: its config schema and the values
 * its provider reports, so conditions are type-checked when the runbook loads. Implemented in
 * src/checks/<kind>/config.ts and handed to the loader (a port: core and format never import checks).
 */
export interface CheckKindSpec {
  kind: string;
  description: string;
  config: z.ZodType;
  values: ValueSignature;
}

export type CheckKinds = Readonly<Record<string, CheckKindSpec>>;
