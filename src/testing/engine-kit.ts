// Test-only helpers for the engine's tests: small runbooks through the real loader, facts through
// the real schema, and a fixed clock. Not imported by the engine itself.
import { checkKinds } from "../checks/kinds.ts";
import { formatDiagnostic, loadRunbookText } from "../format/load.ts";
import { Facts, type FactsInput } from "../core/model/facts.ts";
import type { Reason } from "../core/engine/reasons.ts";
import type { LoadedRunbook } from "../core/model/validate.ts";

/** Loads runbook YAML; throws with located diagnostics if the test runbook is wrong. */
export function load(yaml: string): LoadedRunbook {
  const r = loadRunbookText(yaml, "test.yaml", checkKinds);
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join("\n"));
  return r.loaded;
}

/** Facts validated by the real schema. */
export function facts(input: FactsInput = {}): Facts {
  return Facts.parse(input);
}

/** `HH:MM` on 2026-05-30 in Asia/Ho_Chi_Minh (+07:00), as an ISO string: the tests' fake clock. */
export function at(clock: string, date = "2026-05-30"): string {
  return `${date}T${clock}:00+07:00`;
}

/** The same moment as a Date, for `now`. */
export function now(clock: string, date = "2026-05-30"): Date {
  return new Date(at(clock, date));
}

/** A check result fact. */
export function result(check: string, outcome: "pass" | "fail" | "inconclusive" | "error", time: string, texts: string[] = []) {
  return {
    check, outcome, at: time,
    conditions: texts.map((text) => ({ source: text, outcome: outcome === "pass" ? ("pass" as const) : outcome === "fail" ? ("fail" as const) : ("inconclusive" as const), text })),
  };
}

/** A value with every reason replaced by its English sentence: what tests compare against. */
export type Plain<T> = T extends Reason ? string : T extends readonly (infer U)[] ? Plain<U>[] : T extends object ? { [K in keyof T]: Plain<T[K]> } : T;

function isReason(x: object): x is Reason {
  return "code" in x && "params" in x && "text" in x;
}

/** Replaces each reason in a status, verdict or list by its `text`. */
export function plain<T>(x: T): Plain<T> {
  if (Array.isArray(x)) return x.map((v: unknown) => plain(v)) as Plain<T>;
  if (x && typeof x === "object") {
    if (isReason(x)) return x.text as Plain<T>;
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)])) as Plain<T>;
  }
  return x as Plain<T>;
}
