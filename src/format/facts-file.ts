import { Facts } from "../core/model/facts.ts";
import { parseLocated, readSource, type Diagnostic } from "./located.ts";

// A run's facts as a JSON file (YAML is accepted too: JSON is YAML), validated by the Facts schema,
// each problem located as FILE:LINE:COL like the runbook's.

export type FactsLoadResult = { ok: true; facts: Facts } | { ok: false; diagnostics: Diagnostic[] };

/** Reads and validates a facts file. */
export async function loadFactsFile(file: string): Promise<FactsLoadResult> {
  const source = await readSource(file);
  return source.ok ? loadFactsText(source.text, file) : source;
}

/** Parses and validates facts text; `file` names it in diagnostics. */
export function loadFactsText(text: string, file: string): FactsLoadResult {
  const parsed = parseLocated(text, file, Facts, "the Facts schema in src/core/model/facts.ts");
  return parsed.ok ? { ok: true, facts: parsed.data } : parsed;
}
