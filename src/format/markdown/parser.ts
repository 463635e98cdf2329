import type { Root } from "mdast";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import remarkParse from "remark-parse";
import { unified, type Processor } from "unified";

// remark-parse with the GFM syntax (tables, task lists, strikethrough, footnotes, literal
// autolinks): what remark-gfm adds for parsing, less the tree transforms that wrap bare URLs and
// e-mail addresses found in text in link nodes. The importer reads links as their text, and
// those links' text is exactly the text they wrap, so the blocks come out the same; the
// transforms walk every text node of the tree and cost a tenth of the parse.

/** Adds the GFM syntax to remark-parse (a unified plugin). */
function gfmSyntax(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfm());
  (data.fromMarkdownExtensions ??= []).push(gfmFromMarkdown().map(({ transforms: _transforms, ...rest }) => rest));
}

const processor = unified().use(remarkParse).use(gfmSyntax);

/** The mdast tree of `markdown`. */
export function parseMarkdown(markdown: string): Root {
  return processor.parse(markdown);
}
