import { quoteString } from "./format.js";
/** One path segment as written: `.status`, `["x-frame-options"]`, `[0]`. */
export function segmentText(segment) {
    switch (segment.kind) {
        case "field":
            return `.${segment.name}`;
        case "key":
            return `[${quoteString(segment.key)}]`;
        case "index":
            return `[${segment.index}]`;
    }
}
/** A value path in canonical form; `upTo` stops after that many segments. */
export function pathText(path, upTo = path.segments.length) {
    // Most paths are a bare name (`status`): judged at every sample, so no arrays for them.
    if (upTo === 0 || path.segments.length === 0)
        return path.root;
    return path.root + path.segments.slice(0, upTo).map(segmentText).join("");
}
/** An operand in canonical form. */
export function operandText(operand) {
    switch (operand.kind) {
        case "path":
            return pathText(operand);
        case "number":
            return operand.raw;
        case "string":
            return quoteString(operand.value);
        case "boolean":
            return String(operand.value);
        case "null":
            return "null";
    }
}
/** The keyword(s) of a test: `contains`, `not matches`, `exists`. */
export function wordOp(word, negated) {
    return negated ? `not ${word}` : word;
}
/** Whether `child` needs parentheses in `context` so that parsing the text again gives the same tree. */
export function needsParens(context, child) {
    switch (context) {
        case "root":
            return false;
        case "or":
            return child.kind === "or";
        case "and":
            return child.kind === "or" || child.kind === "and";
        case "not":
            return child.kind !== "not";
    }
}
/** Prints an expression in canonical form, in parentheses where `context` needs them. */
export function printExpr(expr, context = "root") {
    const text = printBare(expr);
    return needsParens(context, expr) ? `(${text})` : text;
}
function printBare(expr) {
    switch (expr.kind) {
        case "compare":
            return `${operandText(expr.left)} ${expr.op} ${operandText(expr.right)}`;
        case "contains":
            return `${operandText(expr.left)} ${wordOp("contains", expr.negated)} ${operandText(expr.right)}`;
        case "matches":
            return `${operandText(expr.left)} ${wordOp("matches", expr.negated)} ${quoteString(expr.pattern.value)}`;
        case "exists":
            return `${operandText(expr.operand)} ${wordOp("exists", expr.negated)}`;
        case "and":
        case "or":
            return expr.parts.map((p) => printExpr(p, expr.kind)).join(` ${expr.kind} `);
        case "not":
            return `not ${printExpr(expr.operand, "not")}`;
    }
}
/**
 * The condition in canonical form: ASCII operators (`>=` for `≥`), double-quoted strings, single
 * spaces, parentheses only where needed. Parsing it again gives the same condition.
 */
export function conditionSource(condition) {
    return printExpr(condition.expr);
}
