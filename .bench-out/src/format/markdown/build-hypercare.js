import { durationIn } from "./text.js";
// A document that names a hypercare period (seed 003: "Hypercare: 24h đầu tiên") usually says
// elsewhere what must hold during it: the metrics to watch over the first 24 h, an end-of-day
// checklist ("No P1/P2 incidents", "Metrics within targets"), a timeline task that watches it. When
// the hypercare section gave no exit of its own, these become its exit rule; nothing is invented:
// each part comes from a heading or a line of the document.
/** Checklist headings whose items are the exit of hypercare (end of day 1, after go-live). */
const EXIT_SECTIONS = /end of day|hypercare|after go-live|post[- ]go-live|cuối ngày|sau go-live|sau triển khai|akhir hari|pasca[- ]go-live|setelah go-live/i;
/** "No P1/P2 incidents", "Không có sự cố P1/P2", "Tidak ada insiden P1/P2". */
const NO_INCIDENTS = /(?:\bno\b|không có|tidak ada)\s+(?:sự cố|insiden|incidents?)?\s*((?:P|SEV)\d(?:\s*[/,]\s*(?:P|SEV)?\d)*)\s*(?:incidents?|sự cố|insiden)?/i;
function sections(list) {
    return list.flatMap((s) => [s, ...sections(s.sections)]);
}
/** Hours a text names ("First 24h", "24 giờ đầu", "24 jam pertama"), for matching a window to the period. */
function hoursIn(text) {
    const m = /(\d+)\s*(h|giờ|jam|hours?)\b/i.exec(text) ?? /(\d+)\s*(d|ngày|hari|days?)\b/i.exec(text);
    if (!m?.[1])
        return undefined;
    return /^(d|ngày|hari|day)/i.test(m[2] ?? "") ? Number(m[1]) * 24 : Number(m[1]);
}
/** Fills hypercare's exit (windows, green_for, items, incident rule) and owners from the rest of the document. */
export function linkHypercare(rb) {
    const h = rb.hypercare;
    if (!h || h.exit)
        return;
    const period = h.duration ?? (h.description ? durationIn(h.description) : undefined);
    const periodHours = period ? hoursIn(period) : undefined;
    const windows = (rb.monitoring?.windows ?? []).filter((w) => periodHours === undefined || hoursIn(`${w.title} ${w.to ?? ""}`) === periodHours).map((w) => w.id);
    const exitSections = sections(rb.sections).filter((s) => EXIT_SECTIONS.test(s.title));
    const items = exitSections.flatMap((s) => s.items.map((i) => i.id));
    const severities = exitSections.flatMap((s) => s.items).flatMap((i) => {
        const m = NO_INCIDENTS.exec(i.title);
        return m?.[1] ? m[1].split(/\s*[/,]\s*/).map((x) => (/^\d$/.test(x) ? `P${x}` : x.toUpperCase())) : [];
    });
    if (!windows.length && !items.length && !severities.length)
        return;
    h.exit = {
        ...(windows.length && period ? { green_for: period } : {}),
        ...(windows.length ? { windows } : {}),
        ...(items.length ? { items } : {}),
        ...(severities.length ? { incidents: { none_opened: [...new Set(severities)] } } : {}),
    };
    const watcher = (rb.timeline?.phases ?? []).flatMap((p) => p.tasks).find((t) => t !== undefined && /hypercare/i.test(t.title) && t.owner !== undefined);
    if (watcher?.owner && h.owners === undefined)
        h.owners = watcher.owner;
}
