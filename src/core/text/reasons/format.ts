import type { Reason, ReasonCode, ReasonParams, RequirementKind, RoleRef, StepAction } from "../../engine/reason-params.ts";

export type { RoleRef, StepAction };

// How the dashboard says the engine's reasons: one template per code and language, filled with
// the reason's parameters. Instants and durations come as ISO strings and milliseconds and are
// formatted here, in the runbook's time zone and the reader's language.

/** What a template may ask for: formatted values in the reader's language. */
export interface ReasonFormat {
  /** A clock time on the run date, else date and time, in the runbook's zone. */
  time(iso: string): string;
  /** A span such as "7 days 1 min". */
  duration(ms: number): string;
  /** An engine state ("not_done") in words. */
  state(state: string): string;
  /** "item", "check", … in words. */
  kind(kind: RequirementKind): string;
  /** "a, b and c". */
  and(items: readonly string[]): string;
  /** "a, b or c". */
  or(items: readonly string[]): string;
}

/** One template per reason code: the compiler checks that none is missing. */
export type ReasonTemplates = { [C in ReasonCode]: (p: ReasonParams[C], f: ReasonFormat) => string };

/** A language's templates, with the words that join a reason to its causes. */
export interface ReasonLanguage {
  templates: ReasonTemplates;
  /** "(+2 more)": the causes not carried. */
  more(n: number): string;
}

/** A reason in a language: the head from its template, then its causes as the engine joins them. */
export function sayReason(r: Reason, lang: ReasonLanguage, f: ReasonFormat): string {
  const template = lang.templates[r.code] as ((p: Reason["params"], f: ReasonFormat) => string) | undefined;
  // A code newer than this dashboard still reads, in English.
  if (!template) return r.text;
  const causes = (r.causes ?? []).map((c) => sayReason(c, lang, f));
  const more = "more" in r.params && typeof r.params.more === "number" ? r.params.more : 0;
  const head = template(r.params, f);
  const joined = causes.length ? `${head}: ${causes.join("; ")}` : head;
  return more > 0 ? `${joined} ${lang.more(more)}` : joined;
}
