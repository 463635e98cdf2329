import { stateWord } from "../../core/text/reasons/say.ts";
import type { WordsLang } from "../../core/text/words.ts";

// The pieces every part of the HTML report is written with (the report, its review and hypercare
// sections): escaping, a coloured state word, a table.

/** Escapes text for HTML element content and attribute values. */
export function html(text: string | number | undefined): string {
  return String(text ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const GOOD = new Set(["done", "passing", "passed", "met", "given", "verified", "go", "pass", "waived"]);
const BAD = new Set(["failed", "fail", "no_go", "not_met", "blocked", "error", "rolled_back", "rolling_back"]);

/** A state word, coloured by whether it is good, bad or waiting. */
export function state(s: string | undefined, lang: WordsLang): string {
  if (!s) return "";
  const cls = GOOD.has(s) ? "ok" : BAD.has(s) ? "bad" : "wait";
  return `<span class="state ${cls}">${html(stateWord(lang, s))}</span>`;
}

/** A table; the cells are HTML already. */
export function table(header: string[], rows: string[][]): string {
  if (!rows.length) return "";
  return `<table><thead><tr>${header.map((h) => `<th>${html(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
}
