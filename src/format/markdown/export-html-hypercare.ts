import type { HypercareCriterionStatus, HypercareStatus, Reason, RunStatus } from "../../core/engine/index.ts";
import type { Hypercare } from "../../core/model/hypercare.ts";
import { kindWord, LOCALES } from "../../core/text/reasons/say.ts";
import { formatDateTime, formatSpan } from "../../core/text/time.ts";
import { fill, WORDS, type WordsLang } from "../../core/text/words.ts";
import { html, state, table } from "./export-html-parts.ts";
import { word } from "./report-words.ts";

// The hypercare section of the HTML report: the period (start, end, extensions), each exit
// criterion's outcome (as it stood at the close once closed), the incidents opened during it and
// who closed it, in the report's language.

type HypercareWord = Extract<keyof (typeof WORDS)["en"], `hypercare.${string}`>;

function criterionText(c: HypercareCriterionStatus, lang: WordsLang, needMs: number | undefined): string {
  const w = (key: HypercareWord, p?: Record<string, string | number>) => fill(WORDS[lang][key], p);
  const severities = c.id.split(",").join(", ");
  if (c.kind === "no_open_incidents") return w("hypercare.noOpen", { severities });
  if (c.kind === "no_incidents") return w("hypercare.noneOpened", { severities });
  const green = c.greenMs !== undefined && needMs ? ` · ${w("hypercare.greenFor", { time: formatSpan(c.greenMs, LOCALES[lang]), need: formatSpan(needMs, LOCALES[lang]) })}` : "";
  return `${kindWord(lang, c.kind)} ${c.title ?? c.id}${c.window ? ` (${c.window})` : ""}${green}`;
}

/** The hypercare section (the runbook's rule, and with a status its clock, outcome and close). */
export function hypercareHtml(hc: Hypercare, st: RunStatus | undefined, lang: WordsLang, tz: string, say: (r: Reason) => string): string {
  const w = (key: HypercareWord, p?: Record<string, string | number>) => html(fill(WORDS[lang][key], p));
  const when = (iso: string) => formatDateTime(iso, tz, LOCALES[lang]);
  const h: HypercareStatus | undefined = st?.hypercare;
  const parts = [`<h2>${w("hypercare.title")}${h ? ` ${state(h.state, lang)}` : ""}</h2>`];
  const period = [hc.duration ?? "", h?.startedAt ? w("hypercare.started", { at: when(h.startedAt) }) : "", h?.endsAt ? w("hypercare.ends", { at: when(h.endsAt) }) : ""].filter(Boolean);
  parts.push(`<p><strong>${w("hypercare.period")}</strong>: ${period.map((x, i) => (i === 0 ? html(x) : x)).join(" · ")}</p>`);
  for (const e of h?.extensions ?? []) parts.push(`<p>${w("hypercare.extended", { by: e.by, at: when(e.at), time: formatSpan(e.extendMs, LOCALES[lang]) })}${e.comment ? ` — ${html(e.comment)}` : ""}</p>`);
  if (h?.criteria.length) {
    parts.push(`<h3>${w("hypercare.criteria")}</h3>`);
    parts.push(table([html(word(lang, "criterion")), html(word(lang, "status")), html(word(lang, "why"))], h.criteria.map((c) => [html(criterionText(c, lang, h.greenForMs)), state(c.met ? "met" : "not_met", lang), html(c.reasons.map(say).join("; "))])));
  }
  if (h?.startedAt) {
    const incidents = h.incidents.map((id) => st?.incidents.find((i) => i.id === id)).filter((i) => i !== undefined);
    parts.push(incidents.length
      ? `<h3>${w("hypercare.incidents")}</h3>${table([html(word(lang, "id")), html(word(lang, "criterion")), html(word(lang, "status")), html(word(lang, "when"))], incidents.map((i) => [html(i.id), html(`${i.severity} ${i.title}`), state(i.state, lang), html(when(i.openedAt))]))}`
      : `<p>${w("hypercare.noIncidents")}</p>`);
  }
  if (h) {
    const outcome = h.closedAt && h.closedBy
      ? `${w("hypercare.closedBy", { by: h.closedBy, at: when(h.closedAt) })}${h.comment ? ` — ${html(h.comment)}` : ""}`
      : `${w("hypercare.open")}${h.reasons[0] ? `: ${html(say(h.reasons[0]))}` : ""}`;
    parts.push(`<p><strong>${w("hypercare.outcome")}</strong>: ${outcome}</p>`);
  }
  return parts.join("\n");
}
