import { asList, verifyParts } from "../../core/model/access.ts";
import { flattenSteps } from "../../core/model/access.ts";
import type { Runbook } from "../../core/model/runbook.ts";
import type { RunStatus } from "../../core/engine/index.ts";

// A printable, self-contained HTML report: inline CSS with print styles, no scripts, no external
// resources; every text from the runbook or the run is HTML-escaped.

/** Escapes text for HTML element content and attribute values. */
export function html(text: string | number | undefined): string {
  return String(text ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

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

const GOOD = new Set(["done", "passing", "passed", "met", "given", "verified", "go", "pass", "waived"]);
const BAD = new Set(["failed", "fail", "no_go", "not_met", "blocked", "error", "rolled_back", "rolling_back"]);

function state(s: string | undefined): string {
  if (!s) return "";
  const cls = GOOD.has(s) ? "ok" : BAD.has(s) ? "bad" : "wait";
  return `<span class="state ${cls}">${html(s.replace(/_/g, " "))}</span>`;
}

function table(header: string[], rows: string[][]): string {
  if (!rows.length) return "";
  return `<table><thead><tr>${header.map((h) => `<th>${html(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
}

/** The report of `runbook`, with the run's status when given (`factCount`: facts recorded, for the audit summary). */
export function exportHtml(runbook: Runbook, opts: { status?: RunStatus; factCount?: Record<string, number> } = {}): string {
  const st = opts.status;
  const m = runbook.meta;
  const parts: string[] = [];
  parts.push(`<h1>${html(m.title)}</h1>`);
  const metaBits = [m.system, m.version === undefined ? undefined : `v${m.version}`, m.date, m.timezone].filter(Boolean).map((x) => html(x));
  parts.push(`<p class="meta">${metaBits.join(" · ")}</p>`);
  if (st) {
    parts.push(`<p><span class="verdict ${st.go ? "go" : "no-go"}">${st.go ? "GO" : "NO-GO"}</span> <span class="meta">as of ${html(st.now)}${st.run.name ? ` · run ${html(st.run.name)}` : ""}</span></p>`);
    if (st.reasons.length) parts.push(`<ul class="reasons">${st.reasons.map((r) => `<li>${html(r.text)}</li>`).join("")}</ul>`);
  } else parts.push(`<p><span class="verdict plan">Plan (no run given)</span></p>`);

  if (runbook.gates.length) {
    parts.push("<h2>Gates</h2>");
    parts.push(table(["#", "Gate", "Owner", "Status", "Why"], runbook.gates.map((g) => {
      const gs = st?.gates.find((x) => x.id === g.id);
      return [html(g.id), html(g.title), html(asList(g.owner).join(", ")), state(gs?.state ?? "pending"), html(gs?.reasons.map((r) => r.text).join("; "))];
    })));
  }
  if (runbook.waves.length) {
    parts.push("<h2>Waves</h2>");
    for (const w of runbook.waves) {
      const ws = st?.waves.find((x) => x.id === w.id);
      parts.push(`<h3>${html(w.id)} · ${html(w.title)} ${state(ws?.state)}</h3>`);
      parts.push(table(["Criterion", "Target", "How measured", "Status", "Observed"], w.exit.map((c) => {
        const cs = ws?.criteria.find((x) => x.id === c.id);
        return [html(c.title), html(c.target), html(c.measure), state(cs?.state ?? "pending"), html([cs?.text, cs?.by, cs?.at].filter(Boolean).join(" · "))];
      })));
    }
  }
  if (runbook.steps.length) {
    parts.push("<h2>Deploy steps</h2>");
    parts.push(table(["#", "Step", "Owner", "Planned", "Started", "Ended", "Status", "Verify", "Rollback"], flattenSteps(runbook.steps).map(({ step: s }) => {
      const ss = st?.steps.find((x) => x.id === s.id);
      const planned = s.window ? `${s.window.start}${s.window.end ? ` – ${s.window.end}` : ""}` : "";
      return [html(s.id), html(s.title), html(asList(s.owner).join(", ")), html(planned), html(ss?.startedAt), html(ss?.endedAt), state(ss?.state ?? "pending"), html(verifyParts(s.verify).text), html(verifyParts(s.rollback).text)];
    })));
  }
  const tl = runbook.timeline;
  if (tl?.phases.length) {
    parts.push(`<h2>Timeline${tl.rollback_deadline ? ` <span class="meta">(rollback deadline ${html(tl.rollback_deadline)})</span>` : ""}</h2>`);
    parts.push(table(["Phase", "Planned", "Actual start", "Slippage", "Status", "Checkpoint"], tl.phases.map((p) => {
      const ps = st?.timeline?.phases.find((x) => x.id === p.id);
      const cp = p.checkpoint ? `${html(p.checkpoint.title)} (${html(p.checkpoint.at)}) ${state(ps?.checkpoint?.decision)}` : "";
      return [html(p.title), html(`${p.start}${p.end ? ` – ${p.end}` : ""}`), html(ps?.actualStart), ps?.slippageMinutes === undefined ? "" : html(`${ps.slippageMinutes} min`), state(ps?.state ?? "pending"), cp];
    })));
  }
  if (runbook.signoffs.length) {
    parts.push("<h2>Sign-offs</h2>");
    parts.push(table(["Sign-off", "Role", "Status", "Signed by", "When"], runbook.signoffs.map((s) => {
      const ss = st?.signoffs.find((x) => x.id === s.id);
      return [html(s.title), html(s.role), state(ss?.state ?? "pending"), html(ss?.signers.map((x) => x.by).join(", ")), html(ss?.signers.map((x) => x.at).join(", "))];
    })));
  }
  if (opts.factCount) {
    const rows = Object.entries(opts.factCount).filter(([, n]) => n > 0).map(([k, n]) => [html(k), html(n)]);
    parts.push("<h2>Audit summary</h2>");
    parts.push(rows.length ? table(["Recorded", "Count"], rows) : `<p class="meta">Nothing recorded yet.</p>`);
    if (st?.refused.length) parts.push(`<p class="meta">${html(st.refused.length)} recorded fact(s) were refused by the rules.</p>`);
  }
  return `<!doctype html>
<html lang="${html(m.language ?? "en")}">
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
