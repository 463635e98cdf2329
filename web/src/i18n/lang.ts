/** The dashboard's languages. */
export const LANGS = ["en", "vi", "id"] as const;
export type Lang = (typeof LANGS)[number];

/** BCP 47 locale for Intl formatting. */
export const LOCALES: Record<Lang, string> = { en: "en-GB", vi: "vi-VN", id: "id-ID" };

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
export function fill(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
