import type { Reason } from "../../api/types.ts";
import { formatSpan, formatWhen } from "../../format/time.ts";
import type { MessageKey } from "../en.ts";
import type { Lang } from "../lang.ts";
import { en } from "./en.ts";
import { sayReason, type ReasonFormat, type ReasonLanguage } from "./format.ts";
import { id } from "./id.ts";
import { vi } from "./vi.ts";

/** Every language's reason templates. */
export const REASON_LANGUAGES: Record<Lang, ReasonLanguage> = { en, vi, id };

/** Where a reason is read: the runbook's zone and run date, the reader's locale and dictionary. */
export interface ReasonSetting {
  tz: string;
  locale: string;
  /** The run date (YYYY-MM-DD): times on it show as clock times. */
  day: string | undefined;
  t: (key: MessageKey) => string;
}

/** The formatting a template asks for, in a setting. */
export function reasonFormat(s: ReasonSetting): ReasonFormat {
  const and = new Intl.ListFormat(s.locale, { type: "conjunction" });
  const or = new Intl.ListFormat(s.locale, { type: "disjunction" });
  return {
    time: (iso) => formatWhen(iso, s.tz, s.locale, s.day),
    duration: (ms) => formatSpan(ms, s.locale),
    state: (state) => s.t(`state.${state}` as MessageKey),
    kind: (kind) => s.t(`kind.${kind}`),
    and: (items) => and.format(items),
    or: (items) => or.format(items),
  };
}

/** A reason in a language and setting. */
export function reasonIn(lang: Lang, setting: ReasonSetting): (r: Reason) => string {
  const f = reasonFormat(setting);
  return (r) => sayReason(r, REASON_LANGUAGES[lang], f);
}
