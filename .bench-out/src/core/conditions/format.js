import { unitSize } from "./units.js";
const MAX_TEXT = 80;
/** A number for people: integers as is, fractions rounded to about four significant digits. */
export function formatNumber(n, minDecimals = 0) {
    if (!Number.isFinite(n))
        return Number.isNaN(n) ? "NaN" : n > 0 ? "Inf" : "-Inf";
    if (Number.isInteger(n) && minDecimals === 0)
        return String(n);
    const magnitude = Math.abs(n);
    const needed = magnitude > 0 && magnitude < 1 ? Math.ceil(-Math.log10(magnitude)) + 3 : 3;
    const decimals = Math.min(15, Math.max(minDecimals, needed));
    return String(Number(n.toFixed(decimals)));
}
// After a backslash, these would read as an escape (see the grammar's Escape rule), or print as one.
const ESCAPED = "nrt\\\"'\n\r\t";
/**
 * A string literal in condition syntax: double quotes; `"`, newlines, tabs and backslashes that
 * would read as an escape are escaped. Other backslashes stay as written, so `"^v\d+"` reads as typed.
 */
export function quoteString(s) {
    let out = '"';
    for (let i = 0; i < s.length; i++) {
        const ch = s.charAt(i);
        if (ch === "\\")
            out += i + 1 < s.length && !ESCAPED.includes(s.charAt(i + 1)) ? "\\" : "\\\\";
        else if (ch === '"')
            out += '\\"';
        else if (ch === "\n")
            out += "\\n";
        else if (ch === "\r")
            out += "\\r";
        else if (ch === "\t")
            out += "\\t";
        else
            out += ch;
    }
    return out + '"';
}
/** A quoted string, shortened for a result line; `around` keeps that index (a match) in view. */
export function shortString(s, around) {
    if (s.length <= MAX_TEXT)
        return quoteString(s);
    const from = around ? Math.max(0, around.index - 20) : 0;
    const to = Math.min(s.length, around ? Math.max(around.index + around.length + 20, from + 40) : MAX_TEXT - 10);
    return `${from > 0 ? "…" : ""}${quoteString(s.slice(from, to))}${to < s.length ? "…" : ""} (${s.length} chars)`;
}
function formatJson(value) {
    let text;
    try {
        text = JSON.stringify(value) ?? String(value);
    }
    catch {
        text = String(value);
    }
    return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}
const DURATION_STEPS = [
    ["d", 86_400_000],
    ["h", 3_600_000],
    ["m", 60_000],
    ["s", 1000],
];
const BYTE_STEPS = [
    ["TB", 1e12],
    ["GB", 1e9],
    ["MB", 1e6],
    ["KB", 1e3],
];
function autoUnit(n, steps, base) {
    const magnitude = Math.abs(n);
    // Durations up to two days read better in hours (36h) than in days (1.5d).
    for (const [unit, size] of steps)
        if (magnitude >= (unit === "d" ? 2 * size : size))
            return `${formatNumber(n / size)}${unit}`;
    return `${formatNumber(n)}${base}`;
}
/**
 * A quantity in a given unit (`1.3s`, `301MB`, `99.62%`); `minDecimals` forces more precision,
 * e.g. so that 99.4999% is not shown as 99.5% next to a 99.5% threshold.
 */
export function formatInUnit(n, unit, minDecimals = 0) {
    const info = unitSize(unit);
    return info ? `${formatNumber(n / info.size, minDecimals)}${unit}` : formatNumber(n, minDecimals);
}
/**
 * A value for a result line, shown as its type reads: a duration in ms is `1.3s`, bytes are
 * `301MB`, a percent ratio is `99.62%`, strings are quoted; `unit` picks the unit to show a
 * duration, size or percent in (the unit of the literal it is compared with). `undefined` is `missing`.
 */
export function formatValue(value, type, unit) {
    if (value === undefined)
        return "missing";
    if (typeof value === "number") {
        if (unit !== undefined && unitSize(unit))
            return formatInUnit(value, unit);
        if (type === "duration")
            return autoUnit(value, DURATION_STEPS, "ms");
        if (type === "bytes")
            return autoUnit(value, BYTE_STEPS, "B");
        if (type === "percent")
            return `${formatNumber(value * 100)}%`;
        return formatNumber(value);
    }
    if (typeof value === "string")
        return shortString(value);
    if (typeof value === "boolean" || value === null)
        return String(value);
    return formatJson(value);
}
/** A value type in words: `a duration`, `a size in bytes`, `a map of strings`. */
export function describeValueType(type) {
    if (typeof type === "object") {
        return "map" in type ? `a map of ${plural(type.map)}` : `a list of ${plural(type.list)}`;
    }
    switch (type) {
        case "bytes":
            return "a size in bytes";
        case "any":
            return "any value";
        case "boolean":
            return "a boolean (true or false)";
        default:
            return `a ${type}`;
    }
}
function plural(type) {
    if (typeof type === "object")
        return `${"map" in type ? "maps" : "lists"} of ${plural("map" in type ? type.map : type.list)}`;
    return type === "bytes" ? "sizes" : type === "any" ? "values" : `${type}s`;
}
