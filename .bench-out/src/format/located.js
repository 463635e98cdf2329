import { readFile } from "node:fs/promises";
import { isMap, isPair, isScalar, isSeq, LineCounter, visit } from "yaml";
import { pathText } from "../core/model/expand.js";
import { closest } from "../core/text/closest.js";
import { keysAt } from "./schema-walk.js";
import { errorOrigin, unclosedOpeners } from "./unclosed.js";
import { MAX_ALIAS_COUNT, parseBoundedDocument } from "./yaml-bounded.js";
/** `FILE:LINE:COL message`, the form editors and CI logs link to. */
export function formatDiagnostic(d) {
    return `${d.file}:${d.line}:${d.col} ${d.path ? `${d.path}: ` : ""}${d.message}`;
}
/** A file's text, or a diagnostic saying why it cannot be read. */
export async function readSource(file) {
    try {
        return { ok: true, text: await readFile(file, "utf8") };
    }
    catch (e) {
        const code = e.code;
        return { ok: false, diagnostics: [{ file, line: 1, col: 1, path: "", message: code === "ENOENT" ? "file not found" : `cannot read: ${code ?? String(e)}` }] };
    }
}
/**
 * Parses YAML text and validates it with `schema`; every syntax and schema problem is located.
 * On success, `at` locates further (semantic) problems and `done()` returns them in file order.
 */
export function parseLocated(text, file, schema, docsHint) {
    const lines = new LineCounter();
    const bounded = parseBoundedDocument(text, { lineCounter: lines, uniqueKeys: true });
    const locate = (offset) => {
        const p = lines.linePos(offset);
        return { line: p.line, col: p.col };
    };
    // Nesting past any runbook's needs: refused where the level too many opens, before the document is built.
    if (!bounded.ok)
        return { ok: false, diagnostics: [{ file, ...locate(bounded.tooDeep.offset), path: "", message: `YAML: ${bounded.tooDeep.message}` }] };
    const doc = bounded.doc;
    const diagnostics = [];
    // An unclosed bracket or quote is reported where it was opened, not where the parser gave up.
    const openers = doc.errors.length ? unclosedOpeners(text) : [];
    for (const err of doc.errors) {
        const message = err.message.split("\n")[0] ?? err.message;
        const { line, col } = locate(errorOrigin(message, err.pos[0], openers));
        diagnostics.push({ file, line, col, path: "", message: `YAML: ${message}` });
    }
    if (diagnostics.length)
        return { ok: false, diagnostics: sortDiagnostics(diagnostics) };
    const at = (path, message, opts = {}) => {
        diagnostics.push({ file, ...locate(offsetOf(doc, text, path, opts)), path: pathText(path), message });
    };
    let data;
    try {
        data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    }
    catch (e) {
        // An alias bomb (aliases expanding to millions of nodes): refused where the first alias is.
        let offset = 0;
        visit(doc, { Alias: (_k, node) => { offset = node.range?.[0] ?? 0; return visit.BREAK; } });
        diagnostics.push({ file, ...locate(offset), path: "", message: `YAML: ${e instanceof Error ? e.message : String(e)} (aliases may expand to at most ${MAX_ALIAS_COUNT} nodes)` });
        return { ok: false, diagnostics };
    }
    const parsed = schema.safeParse(data ?? {});
    if (!parsed.success) {
        for (const issue of parsed.error.issues)
            reportIssue(issue, at, doc, schema, docsHint);
        return { ok: false, diagnostics: sortDiagnostics(diagnostics) };
    }
    return { ok: true, data: parsed.data, diagnostics, at, done: () => sortDiagnostics(diagnostics) };
}
/** In file order, each distinct problem once (a for_each template fails once per expansion). */
function sortDiagnostics(list) {
    const seen = new Set();
    return list
        .filter((d) => {
        const key = `${d.line}:${d.col}:${d.path}:${d.message}`;
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    })
        .sort((a, b) => a.line - b.line || a.col - b.col);
}
function reportIssue(issue, at, doc, schema, docsHint) {
    const path = issue.path.map((k) => (typeof k === "symbol" ? String(k) : k));
    if (issue.code === "unrecognized_keys") {
        const known = keysAt(schema, path);
        for (const key of issue.keys) {
            const hint = closest(key, known);
            at([...path, key], `unknown key '${key}'${hint ? `; did you mean '${hint}'?` : known.length ? ` (expected one of: ${known.join(", ")})` : ""}`, { key });
        }
        return;
    }
    if (issue.code === "invalid_union") {
        at(path, `does not match any allowed form (see ${docsHint})`);
        return;
    }
    if (issue.code === "invalid_type" && !doc.hasIn(path)) {
        at(path.slice(0, -1), `missing required field '${String(path[path.length - 1])}' (expected ${issue.expected})`);
        return;
    }
    at(path, issue.message.replace(/^Invalid (input|option): /, ""));
}
/** The source offset of the node at `path` (its key for unknown keys), or of its nearest ancestor. */
function offsetOf(doc, source, path, opts) {
    let node = doc.contents;
    let best = doc.contents?.range?.[0] ?? 0;
    for (let i = 0; i < path.length; i++) {
        const k = path[i];
        const last = i === path.length - 1;
        if (isMap(node)) {
            const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === k);
            if (!pair)
                break;
            const keyNode = pair.key;
            if (last && opts.key !== undefined)
                return keyNode.range?.[0] ?? best;
            best = keyNode.range?.[0] ?? best;
            node = pair.value;
            if (node && node.range && !last)
                best = node.range?.[0] ?? best;
            if (last && node && node.range)
                best = node.range?.[0] ?? best;
        }
        else if (isSeq(node) && typeof k === "number") {
            const item = node.items[k];
            if (!item)
                break;
            node = item;
            best = item.range?.[0] ?? best;
        }
        else
            break;
    }
    if (opts.offset !== undefined && isScalar(node) && node.range && typeof node.value === "string") {
        return sourceOffset(source, node.range[0], node.range[1], node.value, opts.offset);
    }
    return best;
}
/**
 * Maps an offset in a scalar's value to the source, through quotes, escapes (`\"`, `''`), block
 * indicators and line folding: each value character is matched to the next source character equal
 * to it, skipping what the YAML syntax added.
 */
export function sourceOffset(source, start, end, value, offset) {
    let i = start;
    for (let j = 0; j < offset && j < value.length; j++) {
        const ch = value[j];
        const found = source.indexOf(ch ?? "", i);
        // A character the syntax made (an escape such as \n or \t) has no twin nearby: step over one.
        i = found >= 0 && found < end && found - i <= 64 ? found + 1 : i + 1;
    }
    if (offset < value.length) {
        const target = value[offset] ?? "";
        const found = source.indexOf(target, i);
        if (found >= 0 && found < end && found - i <= 64)
            return found;
    }
    return Math.min(i, end);
}
