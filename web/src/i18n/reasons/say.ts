import type { Reason } from "../../api/types.ts";
import { REASON_TEMPLATES, reasonSayer } from "../../../../src/core/text/reasons/say.ts";
import type { ReasonLanguage } from "./format.ts";
import type { Lang } from "../lang.ts";

/** Every language's reason templates. */
export const REASON_LANGUAGES: Record<Lang, ReasonLanguage> = REASON_TEMPLATES;

/** Where a reason is read: the runbook's zone and run date, the reader's locale. */
export interface ReasonSetting {
  tz: string;
  locale: string;
  /** The run date (YYYY-MM-DD): times on it show as clock times. */
  day: string | undefined;
}

/** A reason in a language and setting (the templates and state words are shared with the HTML report). */
export function reasonIn(lang: Lang, setting: ReasonSetting): (r: Reason) => string {
  return reasonSayer(lang, setting.tz, setting.day, setting.locale);
}
