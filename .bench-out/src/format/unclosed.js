import { Parser } from "yaml";
/** Every `[`, `{`, `"` or `'` that opens something the text does not close, in file order. */
export function unclosedOpeners(text) {
    const out = [];
    const walk = (token) => {
        if (!token)
            return;
        switch (token.type) {
            case "document":
                walk(token.value);
                return;
            case "block-map":
            case "block-seq":
                for (const item of token.items) {
                    if ("key" in item)
                        walk(item.key ?? undefined);
                    walk(item.value);
                }
                return;
            case "flow-collection": {
                const open = token.start.source;
                const close = open === "[" ? "]" : "}";
                if ((open === "[" || open === "{") && !token.end.some((t) => t.source === close))
                    out.push({ offset: token.start.offset, char: open });
                for (const item of token.items) {
                    walk(item.key ?? undefined);
                    walk(item.value);
                }
                return;
            }
            case "double-quoted-scalar":
            case "single-quoted-scalar": {
                const q = token.type === "double-quoted-scalar" ? '"' : "'";
                if (token.source.length < 2 || !token.source.endsWith(q))
                    out.push({ offset: token.offset, char: q });
                return;
            }
            default:
                return;
        }
    };
    for (const token of new Parser().parse(text))
        walk(token);
    return out.sort((a, b) => a.offset - b.offset);
}
/**
 * The offset to report a parser error at: for an unclosed collection or quote, where it was
 * opened (the last such opener before the error); otherwise where the parser stopped.
 */
export function errorOrigin(message, errOffset, openers) {
    const wants = /end with a \]/.test(message)
        ? ["["]
        : /end with a \}/.test(message)
            ? ["{"]
            : /Missing closing "?quote|Missing closing ['"]/.test(message)
                ? ['"', "'"]
                : [];
    if (!wants.length)
        return errOffset;
    let found;
    for (const o of openers)
        if (o.offset <= errOffset && wants.includes(o.char))
            found = o.offset;
    return found ?? errOffset;
}
