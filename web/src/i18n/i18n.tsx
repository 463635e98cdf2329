import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { en, type Dictionary, type MessageKey } from "./en.ts";
import { id } from "./id.ts";
import { detectLang, fill, LOCALES, type Lang } from "./lang.ts";
import { vi } from "./vi.ts";

const DICTS: Record<Lang, Dictionary> = { en, vi, id };
const STORAGE_KEY = "golive.lang";

/** Translates a key, filling `{name}` placeholders. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

interface I18n {
  lang: Lang;
  locale: string;
  setLang: (lang: Lang) => void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === "en" || saved === "vi" || saved === "id") return saved;
  return detectLang(navigator.languages.length ? navigator.languages : [navigator.language]);
}

/** Holds the language: the saved choice, else the browser's, else English. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORAGE_KEY, l);
    setLangState(l);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(() => {
    const dict = DICTS[lang];
    // A key built from data (a state the engine added later) falls back to English, then to itself.
    const mine: Partial<Dictionary> = dict;
    const english: Partial<Dictionary> = en;
    const lookup = (key: MessageKey): string => mine[key] ?? english[key] ?? key.slice(key.indexOf(".") + 1);
    return { lang, locale: LOCALES[lang], setLang, t: (key, params) => fill(lookup(key), params) };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language, its Intl locale and the translate function. */
export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (!v) throw new Error("useI18n outside I18nProvider");
  return v;
}
