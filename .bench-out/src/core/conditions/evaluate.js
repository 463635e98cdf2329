import { formatInUnit, formatNumber, formatValue, shortString } from "./format.js";
import { lookup, toNumber } from "./lookup.js";
import { needsParens, operandText, pathText, wordOp } from "./print.js";
// Most parts have no errors: they share one empty list (never mutated).
const NO_ERRORS = [];
function resolve(operand, values) {
    if (operand.kind !== "path")
        return { kind: "literal", node: operand };
    const found = lookup(values, operand);
    return found.found ? { kind: "value", node: operand, value: found.value } : { kind: "missing", node: operand, reason: found.reason };
}
// `name (shown)` for a value, the literal itself for a literal.
function sideText(side, shown) {
    if (side.kind === "literal")
        return operandText(side.node);
    return `${pathText(side.node)} (${side.kind === "missing" ? "missing" : (shown ?? formatValue(side.value, side.node.valueType))})`;
}
function part(outcome, text, errors = NO_ERRORS) {
    return { outcome, text, errors };
}
function flip(outcome, negated) {
    if (!negated || outcome === "inconclusive")
        return outcome;
    return outcome === "pass" ? "fail" : "pass";
}
function verdict(ok) {
    return ok ? "pass" : "fail";
}
function compareNumbers(a, op, b) {
    switch (op) {
        case "==":
            return a === b;
        case "!=":
            return a !== b;
        case "<":
            return a < b;
        case "<=":
            return a <= b;
        case ">":
            return a > b;
        case ">=":
            return a >= b;
    }
}
function scalarOf(type) {
    return typeof type === "object" ? "container" : type;
}
// The static kind of an operand: a value's declared type or a literal's type.
function staticKind(operand) {
    switch (operand.kind) {
        case "path":
            return scalarOf(operand.valueType);
        case "number":
            return "numeric";
        default:
            return operand.kind;
    }
}
const NUMERIC_KINDS = new Set(["numeric", "number", "duration", "bytes", "percent"]);
// How `left op right` is judged, from the static types; `dynamic` when both sides are `any`.
// Worked out at each judgement: two lookups cost less than a cache keyed by node would.
function compareMode(node) {
    const a = staticKind(node.left);
    const b = staticKind(node.right);
    if (a === "null" || b === "null")
        return "null";
    if (NUMERIC_KINDS.has(a) || NUMERIC_KINDS.has(b))
        return "numeric";
    if (a === "string" || b === "string")
        return "string";
    if (a === "boolean" || b === "boolean")
        return "boolean";
    return "dynamic";
}
// An observed number in the unit of the literal it is compared with (`1.3s` against `1s`), with
// enough decimals that it never reads the same as the threshold when it differs from it.
function showNumber(n, side, other) {
    const literal = other.kind === "number" ? other : undefined;
    const own = scalarOf(side.valueType);
    const type = own === "any" || own === "container" ? (literal?.type ?? "number") : side.valueType;
    const text = formatValue(n, type, literal?.unit);
    // Compound durations (1h30m) have no single unit to compare digits in.
    if (!literal || n === literal.value || (literal.unit === undefined && literal.type !== "number"))
        return text;
    const unit = literal.unit;
    const show = (x, decimals) => (unit !== undefined ? formatInUnit(x, unit, decimals) : formatNumber(x, decimals));
    for (let decimals = 0; decimals <= 15; decimals++) {
        const shown = show(n, decimals);
        if (shown !== show(literal.value, decimals))
            return shown;
    }
    return text;
}
function numberOf(side) {
    if (side.kind === "literal")
        return side.node.kind === "number" ? side.node.value : undefined;
    return side.kind === "value" ? toNumber(side.value) : undefined;
}
function typeName(value) {
    if (value === null)
        return "null";
    if (Array.isArray(value))
        return "a list";
    return typeof value === "object" ? "an object" : typeof value === "string" ? "text" : `a ${typeof value}`;
}
function notA(side, wanted) {
    return side.kind === "value" ? `${pathText(side.node)} is ${formatValue(side.value, "any")}, not ${wanted}` : "";
}
// How an observed side of a numeric comparison is shown; undefined for a literal.
function shownSide(side, n, other) {
    return side.kind === "value" ? (n === undefined ? formatValue(side.value, "any") : showNumber(n, side.node, other)) : undefined;
}
function evalNumeric(node, left, right) {
    const a = numberOf(left);
    const b = numberOf(right);
    const text = `${sideText(left, shownSide(left, a, node.right))} ${node.op} ${sideText(right, shownSide(right, b, node.left))}`;
    if (a === undefined || b === undefined) {
        const errors = [a === undefined ? notA(left, "a number") : "", b === undefined ? notA(right, "a number") : ""].filter(Boolean);
        return part("fail", text, errors);
    }
    return part(verdict(compareNumbers(a, node.op, b)), text);
}
function literalValue(side) {
    if (side.kind === "value")
        return side.value;
    if (side.kind === "literal")
        return side.node.kind === "null" ? null : side.node.value;
    return undefined;
}
// `==` / `!=` on values that must both be `wanted` (`typeof`), or both of one JSON kind when `dynamic`.
function evalEquality(node, left, right, wanted) {
    const a = literalValue(left);
    const b = literalValue(right);
    const text = `${sideText(left, undefined)} ${node.op} ${sideText(right, undefined)}`;
    const ordering = node.op !== "==" && node.op !== "!=";
    if (wanted === "dynamic") {
        const na = toNumber(a);
        const nb = toNumber(b);
        const numeric = na !== undefined && nb !== undefined && (ordering || typeof a === "number" || typeof b === "number");
        if (numeric)
            return part(verdict(compareNumbers(na, node.op, nb)), text);
        if (ordering)
            return part("fail", text, [`${node.op} needs two numbers; got ${typeName(a)} and ${typeName(b)}`]);
        if (typeName(a) !== typeName(b))
            return part("fail", text, [`cannot compare ${typeName(a)} with ${typeName(b)}`]);
        const equal = sameJson(a, b);
        return part(verdict(node.op === "==" ? equal : !equal), text);
    }
    const errors = [left, right].filter((s) => typeof literalValue(s) !== wanted).map((s) => notA(s, wanted === "string" ? "text" : "true or false"));
    if (errors.length > 0)
        return part("fail", text, errors);
    return part(verdict(node.op === "==" ? a === b : a !== b), text);
}
function evalCompare(node, values) {
    const left = resolve(node.left, values);
    const right = resolve(node.right, values);
    if (left.kind === "missing" || right.kind === "missing")
        return part("inconclusive", `${sideText(left, undefined)} ${node.op} ${sideText(right, undefined)}`, missingReasons(left, right));
    const mode = compareMode(node);
    switch (mode) {
        case "numeric":
            return evalNumeric(node, left, right);
        case "null": {
            const isNull = [left, right].every((s) => literalValue(s) === null);
            return part(verdict(node.op === "==" ? isNull : !isNull), `${sideText(left, undefined)} ${node.op} ${sideText(right, undefined)}`);
        }
        default:
            return evalEquality(node, left, right, mode);
    }
}
function missingReasons(left, right) {
    const reasons = [];
    if (left.kind === "missing")
        reasons.push(left.reason);
    if (right.kind === "missing")
        reasons.push(right.reason);
    return reasons;
}
// Whether a list item equals the value looked for, numbers compared as numbers.
function itemEquals(item, wanted) {
    if (typeof wanted === "number")
        return toNumber(item) === wanted;
    return item === wanted || (typeof item === "object" && item !== null && sameJson(item, wanted));
}
// Structural equality of JSON values; values that cannot be serialised are compared by identity.
function sameJson(a, b) {
    if (a === b)
        return true;
    try {
        return JSON.stringify(a) === JSON.stringify(b);
    }
    catch {
        return false;
    }
}
function evalContains(node, values) {
    const left = resolve(node.left, values);
    const right = resolve(node.right, values);
    const op = wordOp("contains", node.negated);
    const plain = () => `${sideText(left, undefined)} ${op} ${sideText(right, undefined)}`;
    if (left.kind === "missing" || right.kind === "missing")
        return part("inconclusive", plain(), missingReasons(left, right));
    const haystack = literalValue(left);
    const needle = literalValue(right);
    if (typeof haystack === "string") {
        if (typeof needle !== "string")
            return part("fail", plain(), [notA(right, "text")]);
        const index = haystack.indexOf(needle);
        const shown = shortString(haystack, index >= 0 ? { index, length: needle.length } : undefined);
        return part(flip(verdict(index >= 0), node.negated), `${sideText(left, shown)} ${op} ${sideText(right, undefined)}`);
    }
    if (Array.isArray(haystack))
        return part(flip(verdict(haystack.some((item) => itemEquals(item, needle))), node.negated), plain());
    if (haystack instanceof Map || (typeof haystack === "object" && haystack !== null)) {
        if (typeof needle !== "string")
            return part("fail", plain(), [notA(right, "text")]);
        const has = haystack instanceof Map ? haystack.has(needle) : Object.hasOwn(haystack, needle);
        return part(flip(verdict(has), node.negated), plain());
    }
    return part("fail", plain(), [notA(left, "text, a list or a map")]);
}
function evalMatches(node, values) {
    const left = resolve(node.left, values);
    const op = `${wordOp("matches", node.negated)} ${operandText(node.pattern)}`;
    if (left.kind === "missing")
        return part("inconclusive", `${sideText(left, undefined)} ${op}`, [left.reason]);
    const subject = literalValue(left);
    if (typeof subject !== "string")
        return part("fail", `${sideText(left, undefined)} ${op}`, [notA(left, "text")]);
    const match = new RegExp(node.pattern.value).exec(subject);
    const shown = shortString(subject, match ? { index: match.index, length: match[0].length } : undefined);
    return part(flip(verdict(match !== null), node.negated), `${sideText(left, shown)} ${op}`);
}
function evalExists(node, values) {
    const side = resolve(node.operand, values);
    const exists = side.kind !== "missing";
    return part(flip(verdict(exists), node.negated), `${sideText(side, undefined)} ${wordOp("exists", node.negated)}`);
}
function combine(kind, parts) {
    const decisive = kind === "and" ? "fail" : "pass";
    if (parts.some((p) => p.outcome === decisive))
        return decisive;
    if (parts.some((p) => p.outcome === "inconclusive"))
        return "inconclusive";
    return kind === "and" ? "pass" : "fail";
}
function wrap(expr, context, text) {
    return needsParens(context, expr) ? `(${text})` : text;
}
function evalExpr(expr, values) {
    switch (expr.kind) {
        case "compare":
            return evalCompare(expr, values);
        case "contains":
            return evalContains(expr, values);
        case "matches":
            return evalMatches(expr, values);
        case "exists":
            return evalExists(expr, values);
        case "and":
        case "or": {
            // Every part is evaluated (no short-circuit) so that the text shows each observed value.
            const parts = expr.parts.map((p) => evalExpr(p, values));
            const text = parts.map((p, i) => wrap(expr.parts[i] ?? expr, expr.kind, p.text)).join(` ${expr.kind} `);
            return part(combine(expr.kind, parts), text, parts.flatMap((p) => p.errors));
        }
        case "not": {
            const inner = evalExpr(expr.operand, values);
            return part(flip(inner.outcome, true), `not ${wrap(expr.operand, "not", inner.text)}`, inner.errors);
        }
    }
}
/**
 * Judges a condition against the values a check reported (durations in milliseconds, sizes in
 * bytes, percents as ratios). A missing value makes its test inconclusive; a value of the wrong
 * kind (text where a number is needed) fails it, with the reason in `error`. Never throws.
 */
export function evaluateCondition(condition, values) {
    const result = evalExpr(condition.expr, values);
    if (result.errors.length === 0)
        return { outcome: result.outcome, text: result.text };
    const errors = result.errors.filter((e) => e !== "");
    return errors.length > 0 ? { outcome: result.outcome, text: result.text, error: errors.join("; ") } : { outcome: result.outcome, text: result.text };
}
