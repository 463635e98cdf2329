import type { Page } from "playwright-core";
import type { Reason, RunStatus } from "../../src/core/engine/index.ts";
import { en } from "../../web/src/i18n/en.ts";
import { reasonIn } from "../../web/src/i18n/reasons/say.ts";
import { SAME_IN_EVERY_LANGUAGE } from "../../web/src/i18n/same.ts";

// Finding English on a page that should speak another language: dashboard strings and the
// engine's reasons.

/** Every text node and accessible label on the page (evaluated in the page; this file is typed for Node). */
export function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    // Names of people and other data are marked data-user-text: they are not ours to translate.
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent.trim() && !n.parentElement.closest("[data-user-text]")) out.push(n.textContent.trim());
    for (const el of document.querySelectorAll("[aria-label],[title],[placeholder]"))
      for (const a of ["aria-label", "title", "placeholder"]) if (el.getAttribute(a)) out.push(el.getAttribute(a));
    return out;
  })()`);
}

/** The English dictionary strings (translated differently in `dict`) that appear among `texts`. */
export function untranslatedOn(texts: string[], dict: Record<keyof typeof en, string>, runbookText: string): string[] {
  const hits: string[] = [];
  const translations = new Set(Object.values(dict));
  for (const [key, english] of Object.entries(en)) {
    // Skipped: proper names, and words the language writes the same way (Indonesian "Status").
    if (SAME_IN_EVERY_LANGUAGE.has(key) || translations.has(english)) continue;
    // A message with {placeholders} matches whatever was filled in.
    const pattern = new RegExp(`^${english.split(/\{\w+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".+?")}$`, "s");
    // Text quoted from the runbook (titles, targets) is the team's own, in their language; so are
    // the titles a reason quotes (‘…’): only the words around them are ours.
    const hit = texts.find((t) => pattern.test(t.replace(/‘[^’]*’/g, "‘’")) && !runbookText.includes(t));
    if (hit) hits.push(`${key}: ${hit}`);
  }
  return hits;
}

function withCauses(r: Reason): Reason[] {
  return [r, ...(r.causes ?? []).flatMap(withCauses)];
}

/**
 * The status's reasons (verdict, gates, sign-offs, waves, steps, checkpoints; causes too) as
 * English says them, the engine's sentence and the dashboard's, that appear within `texts`.
 */
export function englishReasonsOn(texts: string[], status: RunStatus): string[] {
  const sayEnglish = reasonIn("en", { tz: status.runbook.timezone, locale: "en-GB", day: status.run.date ?? status.timeline?.date });
  const all = [
    ...status.reasons, ...status.gates.flatMap((g) => g.reasons), ...status.signoffs.flatMap((s) => s.reasons),
    ...status.waves.flatMap((w) => [...w.reasons, ...w.openBlockers]), ...status.steps.flatMap((s) => s.reasons),
  ].flatMap(withCauses);
  // A bare id or state ("G-1", "pending") is not a sentence to look for.
  const sentences = new Set(all.flatMap((r) => [r.text, sayEnglish(r)]).filter((s) => s.includes(" ")));
  return [...sentences].filter((s) => texts.some((t) => t.includes(s)));
}
