// Time arithmetic for the engine: durations, clock times in the runbook's time zone, due times.
// Pure: `now` is always passed in; time zones come from Intl (no tz database of our own).
const DAY_MS = 86_400_000;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS };
/** Milliseconds in a duration text such as `30s`, `1h30m`, `7d`; undefined when it is not one. */
export function parseDuration(text) {
    const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;
    let total = 0;
    let matched = 0;
    let m;
    while ((m = re.exec(text)) !== null) {
        total += Number(m[1]) * (UNIT_MS[m[2] ?? ""] ?? 0);
        matched = re.lastIndex;
    }
    return matched === text.length && text.length > 0 ? total : undefined;
}
/** A short human form of a duration: `45m`, `2h 5m`, `3d 4h`. */
export function formatDuration(ms) {
    const sign = ms < 0 ? "-" : "";
    let rest = Math.round(Math.abs(ms) / 60_000);
    if (rest === 0)
        return `${sign}${Math.round(Math.abs(ms) / 1000)}s`;
    const d = Math.floor(rest / 1440);
    rest -= d * 1440;
    const h = Math.floor(rest / 60);
    const m = rest - h * 60;
    const parts = [d ? `${d}d` : "", h ? `${h}h` : "", m ? `${m}m` : ""].filter(Boolean);
    return sign + parts.join(" ");
}
const formatters = new Map();
/** The zone if Intl knows it, else UTC (a runbook with a misspelt zone still shows status). */
export function safeZone(zone) {
    if (formatters.has(zone))
        return zone;
    try {
        formatters.set(zone, new Intl.DateTimeFormat("en-US", {
            timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
        }));
        return zone;
    }
    catch {
        return "UTC";
    }
}
function wallClock(instant, zone) {
    const f = formatters.get(safeZone(zone)) ?? formatters.get("UTC");
    const parts = {};
    for (const p of f?.formatToParts(instant) ?? [])
        if (p.type !== "literal")
            parts[p.type] = Number(p.value);
    return { year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1, hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0 };
}
/** Offset of the zone from UTC at an instant, in milliseconds (Asia/Ho_Chi_Minh: +7 h). */
function zoneOffset(instant, zone) {
    const w = wallClock(instant, zone);
    const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}
/** The instant a wall-clock time on a date happens in a zone (`2026-05-30`, `11:00`, `Asia/Jakarta`). */
export function zonedInstant(date, clock, zone) {
    const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    const c = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(clock);
    if (!d || !c)
        return undefined;
    const guess = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(c[1]), Number(c[2]), Number(c[3] ?? 0));
    // Two passes settle the offset across a daylight-saving change.
    let t = guess - zoneOffset(new Date(guess), zone);
    t = guess - zoneOffset(new Date(t), zone);
    return new Date(t);
}
/** `HH:MM` of an instant in a zone. */
export function clockOf(instant, zone) {
    const w = wallClock(instant, zone);
    return `${String(w.hour).padStart(2, "0")}:${String(w.minute).padStart(2, "0")}`;
}
/** `YYYY-MM-DD` of an instant in a zone. */
export function dateOf(instant, zone) {
    const w = wallClock(instant, zone);
    return `${w.year}-${String(w.month).padStart(2, "0")}-${String(w.day).padStart(2, "0")}`;
}
/** `09:12` on the run date, `2026-05-29 09:12` on another day: short enough for a reason text. */
export function when(instant, zone, runDate) {
    const day = dateOf(instant, zone);
    return day === runDate ? clockOf(instant, zone) : `${day} ${clockOf(instant, zone)}`;
}
/**
 * The instant something is due: `HH:MM` on the run date in the runbook's zone, `+DURATION` after
 * go-live, an ISO date (the end of that day) or date-time. Undefined when it cannot be placed yet
 * (no run date, go-live not happened).
 */
export function resolveDue(text, ctx) {
    if (/^\d{1,2}:\d{2}$/.test(text))
        return ctx.date ? zonedInstant(ctx.date, text, ctx.zone) : undefined;
    if (text.startsWith("+")) {
        const ms = parseDuration(text.slice(1));
        return ctx.goliveAt && ms !== undefined ? new Date(ctx.goliveAt.getTime() + ms) : undefined;
    }
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
        const start = zonedInstant(text, "00:00", ctx.zone);
        return start ? new Date(start.getTime() + DAY_MS) : undefined;
    }
    const iso = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(Z|[+-]\d{2}:\d{2})?$/.exec(text);
    if (!iso)
        return undefined;
    if (iso[3]) {
        const t = Date.parse(text);
        return Number.isNaN(t) ? undefined : new Date(t);
    }
    return zonedInstant(iso[1] ?? "", iso[2] ?? "", ctx.zone);
}
/** Milliseconds since the epoch of an ISO fact time. */
export function ms(iso) {
    return Date.parse(iso);
}
