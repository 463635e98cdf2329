import { checkTypes } from "./check-types.js";
import { parse as parseGenerated } from "./parser.generated.js";
import { buildQuantity } from "./units.js";
// Longer conditions are almost surely a mistake (a pasted document); it also bounds parser recursion.
const MAX_LENGTH = 4000;
function isPeggySyntaxError(e) {
    return e instanceof Error && e.name === "SyntaxError" && "location" in e && "expected" in e;
}
const OPERATOR_WORDS = new Set(['"contains"', '"matches"', '"exists"', '"not"', '"."', '"["']);
// Peggy's expectation list, in plainer words: `expected an operator (==, …), found "foo"`.
function describeExpected(expected) {
    const names = new Set();
    for (const e of expected) {
        if (e.type === "end")
            names.add("the end of the condition");
        else if (e.type === "literal" && e.text !== undefined)
            names.add(`"${e.text}"`);
        else if (e.type === "other" && e.description !== undefined && e.description !== "whitespace")
            names.add(e.description);
    }
    if (names.has("operator")) {
        for (const w of OPERATOR_WORDS)
            names.delete(w);
        names.delete("operator");
        names.add("an operator (==, !=, <, <=, >, >=, contains, matches, exists)");
    }
    // `&&` and `||` are aliases; `(` and `not` may start any test, so "a value" says enough.
    names.delete('"&&"');
    names.delete('"||"');
    if (names.has("value")) {
        names.delete('"("');
        names.delete('"not"');
        names.delete("value");
        names.add("a value (a name such as status, a number such as 200 or 1s, or a quoted string)");
    }
    if (names.has("string")) {
        names.delete("string");
        names.add("a quoted string");
    }
    const list = [...names].sort((a, b) => a.localeCompare(b));
    if (list.length <= 1)
        return list[0] ?? "something else";
    return `${list.slice(0, -1).join(", ")} or ${list[list.length - 1] ?? ""}`;
}
// The word at `offset`, for "found …" (up to the next space, at most 20 characters).
function wordAt(source, offset) {
    let end = offset;
    while (end < source.length && end - offset < 20 && !" \t\r\n".includes(source.charAt(end)))
        end++;
    return source.slice(offset, Math.max(end, offset + 1));
}
function syntaxError(source, e) {
    const offset = e.location.start.offset;
    const length = e.location.end.offset - offset;
    if (source.trim() === "")
        return { message: "the condition is empty; write e.g. status == 200", offset: 0, length: 0 };
    const found = e.found === null ? "but the condition ends there" : `found '${wordAt(source, offset)}'`;
    // A string that starts here and still failed to parse as a value can only be unclosed.
    const quote = source.charAt(offset);
    const wantsValue = e.expected?.some((x) => x.description === "value" || x.description === "string") ?? false;
    const message = wantsValue && (quote === '"' || quote === "'")
        ? `this string is not closed: add the closing ${quote}`
        : `expected ${describeExpected(e.expected ?? [])}, ${found}`;
    return length > 0 ? { message, offset, length } : { message, offset };
}
function parseExpr(source) {
    const errors = [];
    const report = (message, offset, length) => {
        errors.push({ message, offset, length });
    };
    try {
        const expr = parseGenerated(source, { report, quantity: buildQuantity });
        return { expr, errors };
    }
    catch (e) {
        if (isPeggySyntaxError(e))
            return { errors: [...errors, syntaxError(source, e)] };
        throw e;
    }
}
/**
 * Parses and type-checks a condition such as `p95 < 1s and error_rate < 1%`.
 *
 * `signature` lists the values the check reports and their types; without it every name is `any`
 * and is checked when evaluated. Never throws for bad input: every problem is returned, located by
 * its offset (and length) in `source`.
 */
export function parseCondition(source, signature) {
    if (typeof source !== "string")
        return { ok: false, errors: [{ message: "a condition must be text, e.g. status == 200", offset: 0 }] };
    if (source.length > MAX_LENGTH) {
        return { ok: false, errors: [{ message: `the condition is longer than ${MAX_LENGTH} characters; split it`, offset: MAX_LENGTH }] };
    }
    try {
        const parsed = parseExpr(source);
        if (!("expr" in parsed))
            return { ok: false, errors: sortErrors(parsed.errors) };
        const checked = checkTypes(parsed.expr, signature);
        // A literal already reported (an unknown unit) would only repeat the problem as a type error.
        const overlaps = (e) => parsed.errors.some((p) => e.offset < p.offset + (p.length ?? 0) && p.offset < e.offset + (e.length ?? 0));
        const errors = [...parsed.errors, ...checked.errors.filter((e) => !overlaps(e))];
        if (errors.length > 0)
            return { ok: false, errors: sortErrors(errors) };
        return { ok: true, condition: { source, expr: checked.expr } };
    }
    catch (e) {
        // Thousands of nested parentheses exhaust the stack of a recursive-descent parser.
        if (e instanceof RangeError)
            return { ok: false, errors: [{ message: "the condition is nested too deeply", offset: 0 }] };
        throw e;
    }
}
// By position; the same problem reported twice (the parser may revisit text) appears once.
function sortErrors(errors) {
    const seen = new Set();
    const unique = errors.filter((e) => {
        const key = `${e.offset}:${e.message}`;
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
    return unique.sort((a, b) => a.offset - b.offset);
}
