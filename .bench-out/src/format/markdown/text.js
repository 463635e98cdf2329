// Small readers for one cell's or one heading's text: ids, clock times, durations, and criteria
// that are unambiguous conditions ("p95 < 1s", "≥ 99.5%", "< 256 MB per pod").
const ID = /^[\p{L}\p{N}][\p{L}\p{N}_.\-[\]]*$/u;
/** Whether `s` is a valid runbook id. */
export function isId(s) {
    return ID.test(s) && s.length <= 64;
}
/** ASCII slug of a title for ids: "Chuẩn bị" -> "chuan-bi". */
export function slug(text, max = 40) {
    const s = text
        .normalize("NFD")
        .replace(/\p{M}/gu, "")
        .replace(/[đĐ]/g, "d")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "");
    return cutAtWord(s, max);
}
/** Cut to `max` characters at a word boundary ("-") when there is one in the second half. */
function cutAtWord(s, max) {
    if (s.length <= max)
        return s;
    const cut = s.slice(0, max + 1);
    const at = cut.lastIndexOf("-");
    return (at > max / 2 ? cut.slice(0, at) : s.slice(0, max)).replace(/-+$/, "");
}
/** A runbook id for a title: its ASCII slug, else (a title in another script) its own letters. */
export function titleId(text, max = 40) {
    const ascii = slug(text, max);
    if (ascii)
        return ascii;
    return cutAtWord(text.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, ""), max);
}
/** "6:00", "06:30", "11:00 AM", "1:30 PM" -> "HH:MM"; undefined when it is not a clock time. */
export function clockTime(text) {
    const m = /^\s*(\d{1,2})[:h.](\d{2})\s*(am|pm|sa|ch)?\s*$/i.exec(text);
    if (!m)
        return undefined;
    let h = Number(m[1]);
    const min = Number(m[2]);
    const ampm = (m[3] ?? "").toLowerCase();
    if ((ampm === "pm" || ampm === "ch") && h < 12)
        h += 12;
    if ((ampm === "am" || ampm === "sa") && h === 12)
        h = 0;
    if (h > 23 || min > 59)
        return undefined;
    return `${String(h).padStart(2, "0")}:${String(min).padStart(2, "0")}`;
}
/** A due text: a clock time, or "+24h" after go-live. */
export function dueText(text) {
    const t = text.trim();
    const plus = /^\+\s*(\d+)\s*(m|h|d|w|min|phút|giờ|hours?|days?|ngày)$/i.exec(t);
    if (plus)
        return `+${plus[1]}${unitLetter(plus[2] ?? "")}`;
    return clockTime(t);
}
/** "Phase 1: Chuẩn bị (6:00 - 6:30)" -> the text without the range, and start/end. */
export function timeRange(text) {
    const m = /^(.*?)\s*\(\s*(\d{1,2}[:h.]\d{2}(?:\s*[ap]m)?)\s*(?:[-–—]\s*(\d{1,2}[:h.]\d{2}(?:\s*[ap]m)?)?\+?)?\s*\)\s*(.*)$/i.exec(text);
    if (!m)
        return { text };
    const start = clockTime(m[2] ?? "");
    if (!start)
        return { text };
    const end = m[3] ? clockTime(m[3]) : undefined;
    const rest = `${m[1] ?? ""}${m[4] ? ` ${m[4]}` : ""}`.trim();
    return end ? { text: rest, start, end } : { text: rest, start };
}
function unitLetter(word) {
    const w = word.toLowerCase();
    if (/^(ms)$/.test(w))
        return "ms";
    if (/^(s|sec|secs|seconds?|giây|detik|sekunden?)$/.test(w))
        return "s";
    if (/^(m|min|mins|minutes?|phút|menit|minuten?)$/.test(w))
        return "m";
    if (/^(h|hr|hrs|hours?|giờ|jam|stunden?|tiếng)$/.test(w))
        return "h";
    if (/^(d|days?|ngày|hari|tage?)$/.test(w))
        return "d";
    if (/^(w|weeks?|tuần|minggu)$/.test(w))
        return "w";
    return "";
}
/** A duration in a cell: "< 5 phút" -> "5m", "5-15 phút" -> "15m", "within 2 hours" -> "2h". */
export function durationIn(text) {
    const m = /(\d+)(?:\s*[-–]\s*(\d+))?\s*(ms|s|sec|secs|seconds?|giây|detik|m|min|mins|minutes?|phút|menit|h|hr|hrs|hours?|giờ|jam|tiếng|d|days?|ngày|hari|w|weeks?|tuần|minggu)(?![\p{L}])/iu.exec(text);
    if (!m)
        return undefined;
    const unit = unitLetter(m[3] ?? "");
    return unit ? `${m[2] ?? m[1]}${unit}` : undefined;
}
const OPS = { "≥": ">=", "≤": "<=", ">=": ">=", "<=": "<=", "<": "<", ">": ">", "=": "==", "==": "==", "≠": "!=", "!=": "!=" };
/**
 * A target that is an unambiguous comparison becomes a condition on the attested `value`:
 * "≥ 99.5%" -> "value >= 99.5%", "< 256 MB per pod" -> "value < 256MB". Anything with a second
 * number, a fraction or an unknown unit stays text.
 */
export function targetCondition(text) {
    const m = /^\s*(≥|≤|>=|<=|==|!=|≠|<|>|=)\s*(\d+(?:[.,]\d+)?)\s*(%|ms|s|sec|seconds?|giây|m|min|minutes?|phút|h|hours?|giờ|[kKMGT]i?B|B)?(?![\p{L}\p{N}/.,])(.*)$/u.exec(text);
    if (!m)
        return undefined;
    const rest = (m[4] ?? "").trim();
    if (/[\d<>=≥≤/]/.test(rest))
        return undefined;
    const op = OPS[m[1] ?? ""];
    const num = (m[2] ?? "").replace(",", ".");
    let unit = m[3] ?? "";
    if (unit && unit !== "%" && !/B$/.test(unit))
        unit = unitLetter(unit);
    if (unit === "kB")
        unit = "KB";
    return op ? `value ${op} ${num}${unit}` : undefined;
}
/** Ids written as a list: "a, b", "`a` `b`". */
export function idList(text) {
    return text.split(/[\s,;]+/).map((s) => s.replace(/[`*]/g, "")).filter(Boolean);
}
/** A duration written as the format writes it (`1h30m`, also inside text: "within 1h30m"), else in words ("30 phút"). */
export function durationOf(text) {
    return /(?<![\p{L}\d])((?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+)(?![\p{L}\d])/u.exec(text)?.[1] ?? durationIn(text);
}
