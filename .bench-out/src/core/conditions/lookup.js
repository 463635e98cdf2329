import { formatValue } from "./format.js";
import { pathText } from "./print.js";
function isRecord(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Map);
}
function step(current, segment) {
    if (segment.kind === "index")
        return Array.isArray(current) ? current[segment.index] : undefined;
    const key = segment.kind === "field" ? segment.name : segment.key;
    if (current instanceof Map)
        return current.get(key);
    if (isRecord(current))
        return Object.hasOwn(current, key) ? current[key] : undefined;
    return undefined;
}
/**
 * The value at `path` in the values a check reported. `undefined` anywhere on the way means the
 * value is missing (a JSON `null` is a value).
 */
export function lookup(values, path) {
    let current = Object.hasOwn(values, path.root) ? values[path.root] : undefined;
    if (current === undefined)
        return { found: false, reason: `no value for ${path.root}` };
    const segments = path.segments;
    for (let i = 0; i < segments.length; i++) {
        const next = step(current, segments[i]);
        if (next === undefined) {
            const parent = pathText(path, i);
            const container = Array.isArray(current) || isRecord(current) || current instanceof Map;
            const why = container ? "" : ` (${parent} is ${formatValue(current, "any")})`;
            return { found: false, reason: `no value for ${pathText(path, i + 1)}${why}` };
        }
        current = next;
    }
    return { found: true, value: current };
}
/**
 * A number from a reported value. Numeric strings (`"12.5"`, `"1e3"`, as SQL drivers and
 * Prometheus return them) are read as numbers, and so are Prometheus' `"+Inf"` and `"-Inf"`;
 * anything else (booleans, `null`, `NaN`, other text) is not a number.
 */
export function toNumber(value) {
    if (typeof value === "number")
        return Number.isNaN(value) ? undefined : value;
    if (typeof value === "bigint")
        return Number(value);
    if (typeof value !== "string")
        return undefined;
    const text = value.trim();
    if (text === "+Inf" || text === "Inf")
        return Infinity;
    if (text === "-Inf")
        return -Infinity;
    return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : undefined;
}
