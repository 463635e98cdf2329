import { describeValueType, formatNumber } from "./format.js";
import { operandText, pathText, segmentText } from "./print.js";
import { closest } from "../text/closest.js";
const NUMERIC = new Set(["number", "duration", "bytes", "percent"]);
function report(ctx, message, at) {
    ctx.errors.push({ message, offset: at.offset, length: at.length });
}
function isContainer(type) {
    return typeof type === "object";
}
// The static type of a path, or undefined after reporting why it has none.
function resolvePath(ctx, path) {
    const { signature } = ctx;
    if (!signature)
        return "any";
    const known = Object.keys(signature);
    if (!Object.hasOwn(signature, path.root)) {
        const guess = closest(path.root, known, 1);
        const hint = guess ? `did you mean '${guess}'?` : `known names: ${known.length > 0 ? known.join(", ") : "(none)"}`;
        report(ctx, `unknown name '${path.root}'; ${hint}`, { offset: path.offset, length: path.rootLength });
        return undefined;
    }
    let type = signature[path.root] ?? "any";
    for (const [i, segment] of path.segments.entries()) {
        if (type === "any")
            return "any";
        const prefix = pathText(path, i);
        const where = `${prefix} is ${describeValueType(type)}`;
        if (typeof type !== "object") {
            const what = segment.kind === "index" ? `item ${segmentText(segment)}` : `field ${segmentText(segment)}`;
            report(ctx, `${where}; it has no ${what}`, segment);
            return undefined;
        }
        if ("map" in type) {
            if (segment.kind === "index") {
                report(ctx, `${where}; pick an entry by name, e.g. ${prefix}["name"]`, segment);
                return undefined;
            }
            type = type.map;
        }
        else {
            if (segment.kind !== "index") {
                report(ctx, `${where}; pick an item by position, e.g. ${prefix}[0]`, segment);
                return undefined;
            }
            type = type.list;
        }
    }
    return type;
}
function literalType(node) {
    switch (node.kind) {
        case "number":
            return node.type;
        case "string":
            return "string";
        case "boolean":
            return "boolean";
        case "null":
            return "null";
    }
}
function checkOperand(ctx, operand) {
    if (operand.kind !== "path")
        return { node: operand, side: { kind: "literal", node: operand, type: literalType(operand) } };
    const type = resolvePath(ctx, operand);
    if (type === undefined)
        return { node: operand, side: undefined };
    const node = { ...operand, valueType: type };
    return { node, side: { kind: "value", node, type, name: pathText(node) } };
}
function sideName(side) {
    return side.kind === "value" ? side.name : operandText(side.node);
}
function sideType(side) {
    return side.type === "null" ? "null" : describeValueType(side.type);
}
// What to write instead of a plain number compared with a `type` value, e.g. `5s` for a duration.
function unitExample(type, literal) {
    const raw = literal.kind === "number" ? literal.raw : "1";
    if (type === "duration")
        return `${raw}s`;
    if (type === "bytes")
        return `${raw}MB`;
    const v = literal.kind === "number" ? literal.value : 1;
    return raw.includes(".") && Math.abs(v) < 1 ? `${formatNumber(v * 100)}%` : `${raw}%`;
}
function containerHint(side, type) {
    return "map" in type
        ? `${side.name} is ${describeValueType(type)}; compare one entry, e.g. ${side.name}["name"], or use contains`
        : `${side.name} is ${describeValueType(type)}; compare one item, e.g. ${side.name}[0], or use contains`;
}
// Why a value and a literal of these types cannot be compared, or undefined when they can.
function valueLiteralMismatch(value, literal) {
    const v = value.type;
    const l = literal.type;
    if (v === "any" || v === l || l === "null")
        return undefined;
    const name = value.name;
    const lit = operandText(literal.node);
    if (NUMERIC.has(l) && NUMERIC.has(v)) {
        if (v === "number" && l === "percent")
            return undefined; // a ratio: 0.997 is 99.7%
        if (l === "number")
            return `${name} is ${describeValueType(v)}; write a unit, e.g. ${unitExample(v, literal.node)}`;
        if (v === "number")
            return `${name} is a plain number, not ${describeValueType(l)}; write ${lit} without a unit`;
        return `cannot compare ${name} (${describeValueType(v)}) with ${lit} (${describeValueType(l)})`;
    }
    if (v === "string")
        return `${name} is a string; compare it with a string, e.g. "${literal.node.kind === "number" ? literal.node.raw : lit}"`;
    if (v === "boolean")
        return `${name} is a boolean; compare it with true or false`;
    if (NUMERIC.has(v) && literal.node.kind === "string" && literal.node.value.trim() !== "" && !Number.isNaN(Number(literal.node.value))) {
        return `${name} is ${describeValueType(v)}; compare it with a number without quotes, e.g. ${literal.node.value.trim()}`;
    }
    return `${name} is ${describeValueType(v)}, not ${sideType(literal)}; cannot compare it with ${lit}`;
}
function valuesMismatch(a, b) {
    if (a.type === "any" || b.type === "any" || a.type === b.type)
        return undefined;
    const pair = new Set([a.type, b.type]);
    if (pair.has("number") && pair.has("percent"))
        return undefined;
    return `cannot compare ${a.name} (${describeValueType(a.type)}) with ${b.name} (${describeValueType(b.type)})`;
}
// Type-checks `left op right` (also one item of a list against `contains`).
function checkComparable(ctx, node, opSpan, op, left, right) {
    if (left.kind === "literal" && right.kind === "literal") {
        report(ctx, `${operandText(left.node)} ${op} ${operandText(right.node)} compares two fixed values; one side should name a value, e.g. status == 200`, node);
        return;
    }
    for (const side of [left, right]) {
        if (side.kind === "value" && isContainer(side.type)) {
            report(ctx, containerHint(side, side.type), side.node);
            return;
        }
    }
    const ordering = op === "<" || op === "<=" || op === ">" || op === ">=";
    if (ordering) {
        for (const side of [left, right]) {
            if (side.type === "null") {
                report(ctx, `${op} cannot compare with null; use == null or != null`, opSpan);
                return;
            }
            if (side.type === "string" || side.type === "boolean") {
                const what = side.type === "string" ? "a string" : "a boolean";
                const alternatives = side.type === "string" ? "; use ==, !=, contains or matches for text" : "";
                report(ctx, `${sideName(side)} is ${what}: ${op} needs numbers, durations, sizes or percents${alternatives}`, opSpan);
                return;
            }
        }
    }
    const message = left.kind === "value" && right.kind === "value"
        ? valuesMismatch(left, right)
        : left.kind === "value" && right.kind === "literal"
            ? valueLiteralMismatch(left, right)
            : right.kind === "value" && left.kind === "literal"
                ? valueLiteralMismatch(right, left)
                : undefined;
    if (message !== undefined)
        report(ctx, message, left.kind === "literal" ? left.node : right.kind === "literal" ? right.node : node);
}
function checkCompare(ctx, node) {
    const left = checkOperand(ctx, node.left);
    const right = checkOperand(ctx, node.right);
    if (left.side && right.side)
        checkComparable(ctx, node, node.opSpan, node.op, left.side, right.side);
    return { ...node, left: left.node, right: right.node };
}
function needsValueOnLeft(ctx, operand, op, example) {
    if (operand.kind === "path")
        return true;
    report(ctx, `${op} needs a value name on its left, e.g. ${example}`, operand);
    return false;
}
function checkContains(ctx, node) {
    const left = checkOperand(ctx, node.left);
    const right = checkOperand(ctx, node.right);
    const out = { ...node, left: left.node, right: right.node };
    if (!needsValueOnLeft(ctx, node.left, "contains", 'stdout contains "ok"'))
        return out;
    if (left.side?.kind !== "value" || !right.side)
        return out;
    const { type, name } = left.side;
    const r = right.side;
    const rightIsText = r.type === "string" || r.type === "any";
    if (type === "any")
        return out;
    if (typeof type === "object" && "list" in type) {
        const item = { kind: "value", node: left.side.node, type: type.list, name: `an item of ${name}` };
        checkComparable(ctx, node, node.opSpan, "==", item, r);
    }
    else if (typeof type === "object" && "map" in type) {
        if (!rightIsText)
            report(ctx, `${name} is ${describeValueType(type)}; contains looks for a key: write a string, e.g. "x-frame-options"`, node.right);
    }
    else if (type === "string") {
        if (!rightIsText)
            report(ctx, `${name} is a string; contains looks for text: write a string, e.g. "ok"`, node.right);
    }
    else {
        report(ctx, `${name} is ${describeValueType(type)}; contains needs a string, a list or a map`, node.opSpan);
    }
    return out;
}
function checkMatches(ctx, node) {
    const left = checkOperand(ctx, node.left);
    const out = { ...node, left: left.node };
    if (needsValueOnLeft(ctx, node.left, "matches", 'version matches "^1\\\\."') && left.side?.kind === "value") {
        const { type, name } = left.side;
        if (type !== "string" && type !== "any")
            report(ctx, `${name} is ${describeValueType(type)}; matches needs a string`, node.opSpan);
    }
    try {
        new RegExp(node.pattern.value);
    }
    catch (e) {
        const reason = (e instanceof Error ? e.message : String(e)).replace(/^Invalid regular expression: /, "");
        report(ctx, `not a valid regular expression: ${reason}`, node.pattern);
    }
    return out;
}
function checkExists(ctx, node) {
    const operand = checkOperand(ctx, node.operand);
    needsValueOnLeft(ctx, node.operand, "exists", 'headers["strict-transport-security"] exists');
    return { ...node, operand: operand.node };
}
function checkExpr(ctx, expr) {
    switch (expr.kind) {
        case "compare":
            return checkCompare(ctx, expr);
        case "contains":
            return checkContains(ctx, expr);
        case "matches":
            return checkMatches(ctx, expr);
        case "exists":
            return checkExists(ctx, expr);
        case "and":
        case "or":
            return { ...expr, parts: expr.parts.map((p) => checkExpr(ctx, p)) };
        case "not":
            return { ...expr, operand: checkExpr(ctx, expr.operand) };
    }
}
/**
 * Type-checks a parsed expression against the values a check reports. Returns the expression with
 * each path's static type filled in, and every problem found (located in the source).
 * Without a signature every name is `any` and only the literals' own consistency is checked.
 */
export function checkTypes(expr, signature) {
    const ctx = { signature, errors: [] };
    const checked = checkExpr(ctx, expr);
    return { expr: checked, errors: ctx.errors };
}
