import type { Reason, RequirementKind } from "../../engine/reason-params.ts";
import { sayCause } from "../causes.ts";
import { formatSpan, formatWhen } from "../time.ts";
import { LOCALES, WORDS, type WordsLang } from "../words.ts";

export { LOCALES };
import { en } from "./en.ts";
import { sayReason, type ReasonFormat, type ReasonLanguage } from "./format.ts";
import { id } from "./id.ts";
import { vi } from "./vi.ts";

/** Every language's reason templates. */
export const REASON_TEMPLATES: Record<WordsLang, ReasonLanguage> = { en, vi, id };

/** An engine state in words ("not_done" -> "not done", "chưa xong"); an unknown state as written. */
export function stateWord(lang: WordsLang, state: string): string {
  const words: Readonly<Record<string, string>> = WORDS[lang];
  return words[`state.${state}`] ?? state.replace(/_/g, " ");
}

/** A requirement kind in words. */
export function kindWord(lang: WordsLang, kind: RequirementKind): string {
  return WORDS[lang][`kind.${kind}`];
}

/** Reasons said in a language, times in the runbook's zone (clock times on the run date `day`). */
export function reasonSayer(lang: WordsLang, tz: string, day: string | undefined, locale: string = LOCALES[lang]): (r: Reason) => string {
  const and = new Intl.ListFormat(locale, { type: "conjunction" });
  const or = new Intl.ListFormat(locale, { type: "disjunction" });
  const f: ReasonFormat = {
    time: (iso) => formatWhen(iso, tz, locale, day),
    duration: (ms) => formatSpan(ms, locale),
    state: (state) => stateWord(lang, state),
    kind: (kind) => kindWord(lang, kind),
    and: (items) => and.format(items),
    or: (items) => or.format(items),
  };
  return (r) => sayReason(withCause(lang, r), REASON_TEMPLATES[lang], f);
}

/** A check result's cause said in the language (the provider wrote it in English). */
function withCause(lang: WordsLang, r: Reason): Reason {
  if (lang === "en" || r.code !== "check.result" || !r.params.detail) return r;
  return { ...r, params: { ...r.params, detail: sayCause(lang, r.params.detail) } };
}
