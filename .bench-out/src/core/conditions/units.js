const MS = { s: 1000n, m: 60000n, h: 3600000n, d: 86400000n, w: 604800000n };
/** Duration units, in milliseconds. `m` and `min` are minutes. */
export const DURATION_UNITS = {
    ms: 1n,
    s: MS.s,
    m: MS.m,
    min: MS.m,
    h: MS.h,
    d: MS.d,
    w: MS.w,
};
/** Byte units: decimal (KB = 1000 B) and binary (KiB = 1024 B). */
export const BYTE_UNITS = {
    B: 1n,
    kB: 1000n,
    KB: 1000n,
    MB: 1000n ** 2n,
    GB: 1000n ** 3n,
    TB: 1000n ** 4n,
    KiB: 1024n,
    MiB: 1024n ** 2n,
    GiB: 1024n ** 3n,
    TiB: 1024n ** 4n,
};
function unitInfo(unit) {
    if (unit === "%")
        return { type: "percent", factor: 1n, exp10: -2 };
    if (Object.hasOwn(DURATION_UNITS, unit))
        return { type: "duration", factor: DURATION_UNITS[unit] ?? 1n, exp10: 0 };
    if (Object.hasOwn(BYTE_UNITS, unit))
        return { type: "bytes", factor: BYTE_UNITS[unit] ?? 1n, exp10: 0 };
    return undefined;
}
/** How many run-time units (ms, bytes, ratio) one `unit` is; undefined for an unknown unit. */
export function unitSize(unit) {
    const info = unitInfo(unit);
    return info && { type: info.type, size: Number(`${info.factor}e${info.exp10}`) };
}
const UNIT_HELP = "durations: ms, s, m (or min), h, d, w; sizes: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB; percent: %";
// `digits × factor × 10^exp10` computed exactly, then rounded once, so `1.1s` is 1100 ms and
// `99.5%` is the same double as 0.995 (multiplying floats would give 1100.0000000000002).
function scale(digits, factor, exp10) {
    const [whole = "0", frac = ""] = digits.split(".");
    const mantissa = BigInt(whole + frac) * factor;
    return Number(`${mantissa}e${exp10 - frac.length}`);
}
/** Builds a number literal from its parts: `200`, `1.5s`, `1h30m`, `256MB`, `99.5%`. */
export function buildQuantity(negative, parts) {
    const sign = negative ? -1 : 1;
    const raw = (negative ? "-" : "") + parts.map((p) => p.digits + (p.unit ?? "")).join("");
    const first = parts[0];
    if (!first)
        return { ok: false, message: "a number is missing", offset: 0, length: 0 };
    for (const p of parts) {
        if (p.unit !== null && !unitInfo(p.unit)) {
            return { ok: false, message: `unknown unit '${p.unit}' in ${raw}; ${UNIT_HELP}`, offset: p.offset, length: p.length };
        }
    }
    if (parts.length === 1) {
        if (first.unit === null)
            return { ok: true, type: "number", value: sign * Number(first.digits), raw, unit: undefined };
        const info = unitInfo(first.unit);
        if (info)
            return { ok: true, type: info.type, value: sign * scale(first.digits, info.factor, info.exp10), raw, unit: first.unit };
    }
    // Several parts: only a compound duration such as 1h30m.
    let total = 0;
    for (const p of parts) {
        const info = p.unit === null ? undefined : unitInfo(p.unit);
        if (!info || info.type !== "duration") {
            const span = parts[parts.length - 1] ?? first;
            return {
                ok: false,
                message: `${raw}: only durations can be combined, each part with a unit (e.g. 1h30m)`,
                offset: first.offset,
                length: span.offset + span.length - first.offset,
            };
        }
        total += scale(p.digits, info.factor, info.exp10);
    }
    return { ok: true, type: "duration", value: sign * total, raw, unit: undefined };
}
