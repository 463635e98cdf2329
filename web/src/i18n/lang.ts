/** The dashboard's languages. */
export const LANGS = ["en", "vi", "id"] as const;
export type Lang = (typeof LANGS)[number];

/** BCP 47 locale for Intl formatting (shared with the HTML report). */
export { LOCALES } from "../../../src/core/text/words.ts";

/** Picks the first of the browser's languages that the dashboard speaks. */
export function detectLang(preferred: readonly string[]): Lang {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    if (base === "in") return "id"; // old code for Indonesian, still sent by some Androids
    if ((LANGS as readonly string[]).includes(base ?? "")) return base as Lang;
  }
  return "en";
}

/** Fills `{name}` placeholders. */
export { fill } from "../../../src/core/text/words.ts";
