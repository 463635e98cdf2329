import type { RunReview } from "../../core/engine/index.ts";
import { LOCALES } from "../../core/text/reasons/say.ts";
import { formatDateTime, formatSpan } from "../../core/text/time.ts";
import type { WordsLang } from "../../core/text/words.ts";
import { html, state, table } from "./export-html-parts.ts";
import { word, type ReportWord } from "./report-words.ts";

// The review section of the HTML report: a run's planned against actual times.

/** The review as HTML in the report's language, times in the runbook's zone. */
export function reviewHtml(r: RunReview, lang: WordsLang, tz: string): string {
  const w = (key: ReportWord, params?: Record<string, string | number>) => html(word(lang, key, params));
  const when = (iso: string | undefined) => (iso ? html(formatDateTime(iso, tz, LOCALES[lang])) : "");
  const signed = (ms: number) => `${ms > 0 ? "+" : ms < 0 ? "−" : ""}${formatSpan(ms, LOCALES[lang])}`;
  const span = (ms: number | undefined) => (ms === undefined ? "" : html(signed(ms)));
  const length = (ms: number | undefined) => (ms === undefined ? "" : html(formatSpan(ms, LOCALES[lang])));
  const parts = [`<h2>${w("review")} <span class="meta">(${w(r.run.kind)})</span></h2>`];
  if (r.finish) {
    parts.push(`<p>${w("reviewFinish", { planned: formatDateTime(r.plannedFinish, tz, LOCALES[lang]), actual: formatDateTime(r.finish, tz, LOCALES[lang]), state: word(lang, r.finished ? "finished" : "forecast"), variance: r.finishVarianceMs === undefined ? "–" : signed(r.finishVarianceMs) })}</p>`);
  }
  if (r.recovery) {
    const rec = r.recovery;
    parts.push(`<p>${w("recovery", { from: rec.from, to: rec.to, target: formatSpan(rec.targetMs, LOCALES[lang]), actual: rec.actualMs === undefined ? "–" : formatSpan(rec.actualMs, LOCALES[lang]) })} ${rec.met === undefined ? "" : state(rec.met ? "met" : "not_met", lang)}</p>`);
  }
  parts.push(`<p>${w("criticalPlanned")}: ${html(r.criticalPath.planned.join(" → "))}<br>${w("criticalAsRun")}: ${html(r.criticalPath.asRun.join(" → "))}</p>`);
  parts.push(table([w("task"), w("planned"), w("actualStart"), w("ended"), w("plannedDuration"), w("actualDuration"), w("variance")], r.tasks.map((t) => [
    `${html(t.id)} · ${html(t.title)}`, when(t.plannedStart), when(t.actualStart), when(t.actualFinish),
    length(t.plannedDurationMs), length(t.actualDurationMs), span(t.finishVarianceMs ?? t.startVarianceMs),
  ])));
  parts.push(table([w("checkpoint"), w("planned"), w("decided"), w("status"), w("variance")], r.checkpoints.map((c) => [
    html(c.title), when(c.plannedAt), when(c.decidedAt), state(c.decision, lang), span(c.varianceMs),
  ])));
  return parts.join("\n");
}
