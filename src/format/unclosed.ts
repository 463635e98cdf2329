import { Parser, type CST } from "yaml";

// Where a YAML syntax error begins. The parser notices an unclosed `[`, `{` or quote only where it
// gives up, often lines later; a person needs the line where the bracket or quote was opened.

/** An opener the text never closes: a flow collection's bracket or a quoted scalar's quote. */
export interface Unclosed {
  offset: number;
  char: "[" | "{" | '"' | "'";
}

/** Every `[`, `{`, `"` or `'` that opens something the text does not close, in file order. */
export function unclosedOpeners(text: string): Unclosed[] {
  const out: Unclosed[] = [];
  const walk = (token: CST.Token | undefined): void => {
    if (!token) return;
    switch (token.type) {
      case "document":
        walk(token.value);
        return;
      case "block-map":
      case "block-seq":
        for (const item of token.items) {
          if ("key" in item) walk(item.key ?? undefined);
          walk(item.value);
        }
        return;
      case "flow-collection": {
        const open = token.start.source;
        const close = open === "[" ? "]" : "}";
        if ((open === "[" || open === "{") && !token.end.some((t) => t.source === close)) out.push({ offset: token.start.offset, char: open });
        for (const item of token.items) {
          walk(item.key ?? undefined);
          walk(item.value);
        }
        return;
      }
      case "double-quoted-scalar":
      case "single-quoted-scalar": {
        const q = token.type === "double-quoted-scalar" ? '"' : "'";
        if (token.source.length < 2 || !token.source.endsWith(q)) out.push({ offset: token.offset, char: q });
        return;
      }
      default:
        return;
    }
  };
  for (const token of new Parser().parse(text)) walk(token);
  return out.sort((a, b) => a.offset - b.offset);
}

/**
 * The offset to report a parser error at: for an unclosed collection or quote, where it was
 * opened (the last such opener before the error); otherwise where the parser stopped.
 */
export function errorOrigin(message: string, errOffset: number, openers: readonly Unclosed[]): number {
  const wants: readonly Unclosed["char"][] = /end with a \]/.test(message)
    ? ["["]
    : /end with a \}/.test(message)
      ? ["{"]
      : /Missing closing "?quote|Missing closing ['"]/.test(message)
        ? ['"', "'"]
        : [];
  if (!wants.length) return errOffset;
  let found: number | undefined;
  for (const o of openers) if (o.offset <= errOffset && wants.includes(o.char)) found = o.offset;
  return found ?? errOffset;
}
