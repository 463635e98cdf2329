import { parseCondition } from "./parse.ts";
import type { Condition, ConditionError, ValueSignature } from "./types.ts";

/** Values an HTTP, load, SQL and command check report, for tests. */
export const SIGNATURE: ValueSignature = {
  status: "number",
  latency: "duration",
  headers: { map: "string" },
  body: "any",
  text: "string",
  size: "bytes",
  rss: "bytes",
  p95: "duration",
  error_rate: "percent",
  value: "number",
  rows: "number",
  plan: "string",
  stdout: "string",
  days_left: "number",
  valid: "boolean",
  tags: { list: "string" },
  codes: { list: "number" },
  result: { list: "any" },
};

/** Parses a condition that must be valid; `null` parses without a signature (every name is `any`). */
export function parsed(source: string, signature: ValueSignature | null = SIGNATURE): Condition {
  const r = parseCondition(source, signature ?? undefined);
  if (!r.ok) throw new Error(`expected ${source} to parse: ${JSON.stringify(r.errors)}`);
  return r.condition;
}

/** The errors of a condition that must be invalid. */
export function errorsOf(source: string, signature: ValueSignature | null = SIGNATURE): ConditionError[] {
  const r = parseCondition(source, signature ?? undefined);
  if (r.ok) throw new Error(`expected ${source} to be rejected`);
  return r.errors;
}

/** The single error of an invalid condition, with the source text it points at. */
export function oneError(source: string, signature: ValueSignature | null = SIGNATURE): { message: string; offset: number; at: string } {
  const errors = errorsOf(source, signature);
  if (errors.length !== 1 || !errors[0]) throw new Error(`expected one error for ${source}, got ${JSON.stringify(errors)}`);
  const e = errors[0];
  return { message: e.message, offset: e.offset, at: source.slice(e.offset, e.offset + (e.length ?? 0)) };
}
