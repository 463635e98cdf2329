import pg from "pg";
const INT8 = 20;
const NUMERIC = 1700;
/**
 * Numbers come back as numbers: PostgreSQL sends bigint (every count(*)) and numeric as text, and a
 * condition such as `value == 8` must not compare against "8". Unsafe bigints stay strings.
 */
export const typeParsers = {
    getTypeParser(oid, format) {
        if (oid === INT8) {
            return (text) => {
                const n = Number(text);
                return Number.isSafeInteger(n) ? n : text;
            };
        }
        if (oid === NUMERIC) {
            return (text) => {
                const n = Number(text);
                return Number.isFinite(n) ? n : text;
            };
        }
        return pg.types.getTypeParser(oid, format ?? "text");
    },
};
/** A row as plain JSON: dates as ISO strings, binary as hex. */
export function plainRow(row) {
    const out = {};
    for (const [k, v] of Object.entries(row))
        out[k] = plain(v);
    return out;
}
function plain(v) {
    if (v instanceof Date)
        return Number.isNaN(v.getTime()) ? String(v) : v.toISOString();
    if (Buffer.isBuffer(v))
        return `\\x${v.toString("hex")}`;
    if (Array.isArray(v))
        return v.map(plain);
    return v;
}
