import { Composer, Lexer, Parser, YAMLParseError } from "yaml";
// YAML from people who may be hostile: collections nested deeper than any runbook needs are
// refused while the text is lexed, before the document is built. 800 KB of `[` otherwise keeps
// the parser busy for seconds and adds hundreds of megabytes; here it stops at the 65th `[`.
/** How deep collections may nest (a runbook needs about ten levels). */
export const MAX_YAML_DEPTH = 64;
/** How many nodes aliases may expand to (an alias bomb is 500 bytes for 10^9 nodes). */
export const MAX_ALIAS_COUNT = 100;
const COLLECTIONS = new Set(["block-map", "block-seq", "flow-collection"]);
/**
 * Parses the first YAML document of `text` as the library's `parseDocument` does (more documents
 * are an error), driving its lexer and parser token by token so that the nesting is checked as it
 * grows: the parser's stack holds every collection still open.
 */
export function parseBoundedDocument(text, opts = {}) {
    const maxDepth = opts.maxDepth ?? MAX_YAML_DEPTH;
    const parser = new Parser(opts.lineCounter?.addNewLine);
    opts.lineCounter?.addNewLine(0);
    const tokens = [];
    for (const lexeme of new Lexer().lex(text)) {
        const at = parser.offset;
        for (const t of parser.next(lexeme))
            tokens.push(t);
        // Cheap test first: the stack also holds scalars and the document.
        if (parser.stack.length > maxDepth && parser.stack.filter((t) => COLLECTIONS.has(t.type)).length > maxDepth) {
            return { ok: false, tooDeep: { offset: at, message: `collections nest deeper than ${maxDepth} levels here (a runbook needs far fewer)` } };
        }
    }
    for (const t of parser.end())
        tokens.push(t);
    const composer = new Composer({ prettyErrors: false, uniqueKeys: opts.uniqueKeys ?? true });
    let doc;
    for (const d of composer.compose(tokens, true, text.length)) {
        if (!doc)
            doc = d;
        else {
            doc.errors.push(new YAMLParseError([d.range[0], d.range[1]], "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"));
            break;
        }
    }
    if (!doc)
        throw new Error("the YAML composer made no document");
    return { ok: true, doc };
}
/**
 * The data of a YAML text, or undefined when it is not YAML, nests too deep or its aliases
 * expand too far: for readers that only want the data (a preview, a front matter).
 */
export function readYamlData(text) {
    const r = parseBoundedDocument(text);
    if (!r.ok || r.doc.errors.length > 0)
        return undefined;
    try {
        return r.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    }
    catch {
        return undefined;
    }
}
/**
 * Whether data (a runbook sent as JSON) nests arrays and objects deeper than `maxDepth`: walked
 * with a stack of its own, so that hostile depth is found without the recursion it would break.
 */
export function nestsDeeper(value, maxDepth = MAX_YAML_DEPTH) {
    const stack = [{ v: value, depth: 0 }];
    for (let top = stack.pop(); top; top = stack.pop()) {
        const { v, depth } = top;
        if (v === null || typeof v !== "object")
            continue;
        if (depth + 1 > maxDepth)
            return true;
        for (const child of Array.isArray(v) ? v : Object.values(v))
            if (child !== null && typeof child === "object")
                stack.push({ v: child, depth: depth + 1 });
    }
    return false;
}
