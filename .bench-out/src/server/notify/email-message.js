import { NOTIFY_WORDS, notifyLang } from "../../core/text/notify-words.js";
const escHtml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
/** Header values are one line: a title with line breaks cannot add headers. */
const oneLine = (s) => s.replace(/[\r\n\t]+/g, " ").trim();
const cut = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
/** What the event is about, in a few words: its data's title or its subject id. */
function about(e) {
    const title = e.data.title;
    return typeof title === "string" && title ? title : e.subject;
}
/**
 * The e-mail for an event, in `lang` (a route's language, else the runbook's; English when golive
 * does not speak it): a localized label, the event's own line, the run and runbook, and the link.
 */
export function emailMessage(e, lang) {
    const w = NOTIFY_WORDS[notifyLang(lang ?? e.runbook.language)];
    const label = w[e.type];
    const runName = `${e.run.name}${e.run.kind === "rehearsal" ? ` (${w.rehearsal})` : ""}`;
    const subject = cut(oneLine(`[golive] ${runName}: ${label}${e.severity ? ` (${e.severity})` : ""} · ${about(e)}`), 250);
    const rows = [[w.run, runName], [w.runbook, e.runbook.title]];
    if (e.severity)
        rows.push([w.severity, e.severity]);
    if (e.to?.length)
        rows.push([w.for, e.to.join(", ")]);
    const text = [
        label,
        e.title,
        "",
        ...rows.map(([k, v]) => `${k}: ${v}`),
        ...(e.run.url ? ["", `${w.open}: ${e.run.url}`] : []),
        "",
        `-- ${w.footer} ${e.id}`,
        "",
    ].join("\n");
    const html = [
        `<!doctype html><html><body style="font-family:sans-serif">`,
        `<h2>${escHtml(label)}</h2>`,
        `<p>${escHtml(e.title)}</p>`,
        `<table>${rows.map(([k, v]) => `<tr><th align="left">${escHtml(k)}</th><td>${escHtml(v)}</td></tr>`).join("")}</table>`,
        e.run.url ? `<p><a href="${escHtml(e.run.url)}">${escHtml(w.open)}</a></p>` : "",
        `<p style="color:#666;font-size:small">${escHtml(w.footer)} ${escHtml(e.id)}</p>`,
        `</body></html>`,
    ].join("\n");
    return { subject, text, html };
}
