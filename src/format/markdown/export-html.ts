import { asList, verifyParts } from "../../core/model/access.ts";
import { flattenSteps } from "../../core/model/access.ts";
import type { Runbook } from "../../core/model/runbook.ts";
import type { RunReview, RunStatus } from "../../core/engine/index.ts";
import { hypercareHtml } from "./export-html-hypercare.ts";
import { reviewHtml } from "./export-html-review.ts";
import { LOCALES, reasonSayer } from "../../core/text/reasons/say.ts";
import { formatDateTime, formatMinutes } from "../../core/text/time.ts";
import type { WordsLang } from "../../core/text/words.ts";
import { html, state, table } from "./export-html-parts.ts";
import { word, type ReportWord } from "./report-words.ts";

export { html } from "./export-html-parts.ts";

// A printable, self-contained HTML report: inline CSS with print styles, no scripts, no external
// resources; every text from the runbook or the run is HTML-escaped. Written in English,
// Vietnamese or Indonesian: labels, states, the engine's reasons, and times in the runbook's zone.


const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1a1a1a;margin:2rem auto;max-width:70rem;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:1.6rem 0 .5rem;border-bottom:1px solid #ccc;padding-bottom:.2rem}
h3{font-size:1rem;margin:1rem 0 .4rem}.meta{color:#555;margin:0 0 1rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}th,td{border:1px solid #ccc;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.verdict{font-size:1.4rem;font-weight:700;padding:.6rem 1rem;border-radius:.3rem;display:inline-block}
.go{background:#d8f5d8;color:#0a5a0a}.no-go{background:#fbdada;color:#8a0c0c}.plan{background:#eee;color:#333}
.state{font-weight:600}.ok{color:#0a6a0a}.bad{color:#a01010}.wait{color:#8a6d00}ul.reasons{margin:.3rem 0 1rem}
@media print{body{margin:0;max-width:none;font-size:11px}h2{break-after:avoid}table,tr{break-inside:avoid}a{color:inherit}}
`;

/** The kinds of recorded facts the audit summary counts. */
export const FACT_KINDS = ["items", "checks", "signoffs", "waivers", "steps", "checkpoints", "attestations", "waves", "incidents", "hypercare"] as const;
export type FactKind = (typeof FACT_KINDS)[number];




/** The report of `runbook`, with the run's status when given (`factCount`: facts recorded, for the audit summary). */
export function exportHtml(runbook: Runbook, opts: { status?: RunStatus; review?: RunReview; factCount?: Partial<Record<FactKind, number>>; lang?: WordsLang } = {}): string {
  const st = opts.status;
  const m = runbook.meta;
  const lang = opts.lang ?? "en";
  const tz = st?.runbook.timezone ?? m.timezone ?? "UTC";
  const w = (key: ReportWord, params?: Record<string, string | number>) => html(word(lang, key, params));
  const say = reasonSayer(lang, tz, st?.run.date ?? st?.timeline?.date);
  const when = (iso: string | undefined) => (iso ? html(formatDateTime(iso, tz, LOCALES[lang])) : "");
  const stateOf = (s: string | undefined) => state(s, lang);
  const parts: string[] = [];
  parts.push(`<h1>${html(m.title)}</h1>`);
  const metaBits = [m.system, m.version === undefined ? undefined : `v${m.version}`, m.date, m.timezone].filter(Boolean).map((x) => html(x));
  parts.push(`<p class="meta">${metaBits.join(" · ")}</p>`);
  if (st) {
    parts.push(`<p><span class="verdict ${st.go ? "go" : "no-go"}">${st.go ? w("go") : w("noGo")}</span> <span class="meta">${w("asOf", { now: formatDateTime(st.now, tz, LOCALES[lang]) })}${st.run.name ? ` · ${w("run", { name: st.run.name })}` : ""}</span></p>`);
    if (st.reasons.length) parts.push(`<ul class="reasons">${st.reasons.map((r) => `<li>${html(say(r))}</li>`).join("")}</ul>`);
  } else parts.push(`<p><span class="verdict plan">${w("plan")}</span></p>`);

  if (runbook.gates.length) {
    parts.push(`<h2>${w("gates")}</h2>`);
    parts.push(table([w("id"), w("gate"), w("owner"), w("status"), w("why")], runbook.gates.map((g) => {
      const gs = st?.gates.find((x) => x.id === g.id);
      return [html(g.id), html(g.title), html(asList(g.owner).join(", ")), stateOf(gs?.state ?? "pending"), html(gs?.reasons.map(say).join("; "))];
    })));
  }
  if (runbook.waves.length) {
    parts.push(`<h2>${w("waves")}</h2>`);
    for (const wave of runbook.waves) {
      const ws = st?.waves.find((x) => x.id === wave.id);
      parts.push(`<h3>${html(wave.id)} · ${html(wave.title)} ${stateOf(ws?.state)}</h3>`);
      parts.push(table([w("criterion"), w("target"), w("measure"), w("status"), w("observed")], wave.exit.map((c) => {
        const cs = ws?.criteria.find((x) => x.id === c.id);
        return [html(c.title), html(c.target), html(c.measure), stateOf(cs?.state ?? "pending"), [html(cs?.text), html(cs?.by), when(cs?.at)].filter(Boolean).join(" · ")];
      })));
    }
  }
  if (runbook.steps.length) {
    parts.push(`<h2>${w("steps")}</h2>`);
    parts.push(table([w("id"), w("step"), w("owner"), w("planned"), w("started"), w("ended"), w("status"), w("verify"), w("rollback")], flattenSteps(runbook.steps).map(({ step: s }) => {
      const ss = st?.steps.find((x) => x.id === s.id);
      const planned = s.window ? `${s.window.start}${s.window.end ? ` – ${s.window.end}` : ""}` : "";
      return [html(s.id), html(s.title), html(asList(s.owner).join(", ")), html(planned), when(ss?.startedAt), when(ss?.endedAt), stateOf(ss?.state ?? "pending"), html(verifyParts(s.verify).text), html(verifyParts(s.rollback).text)];
    })));
  }
  const tl = runbook.timeline;
  if (tl?.phases.length) {
    parts.push(`<h2>${w("timeline")}${tl.rollback_deadline ? ` <span class="meta">(${w("rollbackDeadline", { at: tl.rollback_deadline })})</span>` : ""}</h2>`);
    parts.push(table([w("phase"), w("planned"), w("actualStart"), w("slippage"), w("status"), w("checkpoint")], tl.phases.map((p) => {
      const ps = st?.timeline?.phases.find((x) => x.id === p.id);
      const cp = p.checkpoint ? `${html(p.checkpoint.title)} (${html(p.checkpoint.at)}) ${stateOf(ps?.checkpoint?.decision)}` : "";
      return [html(p.title), html(`${p.start}${p.end ? ` – ${p.end}` : ""}`), when(ps?.actualStart), ps?.slippageMinutes === undefined ? "" : html(formatMinutes(ps.slippageMinutes, LOCALES[lang])), stateOf(ps?.state ?? "pending"), cp];
    })));
  }
  if (runbook.signoffs.length) {
    parts.push(`<h2>${w("signoffs")}</h2>`);
    parts.push(table([w("signoff"), w("role"), w("status"), w("signedBy"), w("when")], runbook.signoffs.map((s) => {
      const ss = st?.signoffs.find((x) => x.id === s.id);
      return [html(s.title), html(s.role), stateOf(ss?.state ?? "pending"), html(ss?.signers.map((x) => x.by).join(", ")), (ss?.signers ?? []).map((x) => when(x.at)).join(", ")];
    })));
  }
  if (runbook.hypercare) parts.push(hypercareHtml(runbook.hypercare, st, lang, tz, say));
  if (opts.review) parts.push(reviewHtml(opts.review, lang, tz));
  if (opts.factCount) {
    const counts = opts.factCount;
    const rows = FACT_KINDS.filter((k) => (counts[k] ?? 0) > 0).map((k) => [w(`facts.${k}`), html(counts[k])]);
    parts.push(`<h2>${w("audit")}</h2>`);
    parts.push(rows.length ? table([w("recorded"), w("count")], rows) : `<p class="meta">${w("nothingRecorded")}</p>`);
    if (st?.refused.length) parts.push(`<p class="meta">${w("refused", { n: st.refused.length })}</p>`);
  }
  return `<!doctype html>
<html lang="${html(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(m.title)}</title>
<style>${CSS}</style>
</head>
<body>
${parts.join("\n")}
</body>
</html>
`;
}
