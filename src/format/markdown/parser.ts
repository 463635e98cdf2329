import MarkdownIt from "markdown-it";

// markdown-it with the CommonMark rules plus the GFM tables and strikethrough: a token stream
// whose block tokens carry their source lines (`map`). It parses a megabyte in about a tenth of a
// second where remark + remark-gfm (micromark, the mdast tree) took seconds (docs/decisions.md).
// GFM task list items are read from the tokens in blocks.ts, as the GFM spec defines them.

/** One token of markdown-it's stream (block tokens, with inline tokens as `children`). */
export type Token = ReturnType<MarkdownIt["parse"]>[number];

/**
 * How deep containers nest before the parser stops reading (a list level is two: the list and
 * its item). The commonmark preset's 20 is about nine levels of list; 200 keeps the parser's
 * recursion (one call per level) far below the stack's limit, which ~3000 levels would reach.
 */
export const MAX_NESTING = 200;

const md = new MarkdownIt("commonmark", { linkify: true }).enable(["table", "strikethrough"]);
// GFM reads `http://host/_a_` as a link before emphasis can take the underscores; the inline
// linkify rule (at `scheme://`) does the same. The core rule, which would only wrap links found
// in text already parsed, stays off: links are read as their text either way.
md.inline.ruler.enable("linkify");
// (An option the parser reads that @types/markdown-it does not declare.)
Object.assign(md.options, { maxNesting: MAX_NESTING });
// Nothing is rendered: links are read as their text, so no scheme is refused (a refused link
// would be read as its raw source), and autolinks keep the text written in the document.
md.validateLink = () => true;
md.normalizeLinkText = (url) => url;
// A link's address as written (not percent-encoded), so that it is kept as the document says it
// and found again in its line for the report's column.
md.normalizeLink = (url) => url;

/** The token stream of `markdown`. */
export function parseMarkdown(markdown: string): Token[] {
  return md.parse(markdown, {});
}

/** Decodes backslash escapes and entities (a fence's info string is left raw by the parser). */
export const unescapeAll: (s: string) => string = md.utils.unescapeAll;
