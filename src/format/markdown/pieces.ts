// Where a Markdown document can be cut into pieces that parse exactly as they do inside the whole.
//
// micromark's cost per byte grows with the document: one parse of 5 MB holds every token and
// node of the whole text at once and spends its time in the garbage collector. Parsing
// independent pieces of ~64 KB one by one keeps the working set small and gives the same tree.
// A cut is made only before a line that starts a new top-level block whatever came before it,
// and only in documents without link or footnote definitions (which reach across the document)
// or HTML blocks other than comments, <pre>, <script>, <style> and <textarea>.

/** Line indexes (0-based) where a piece starts; the first is always 0. */
export function pieceStarts(lines: readonly string[], size = 64_000): number[] {
  const starts = [0];
  if (lines.some((l) => DEFINITION.test(l) || RAW_HTML.test(l))) return starts;
  let fence: { char: string; length: number } | undefined;
  let html: RegExp | undefined;
  let bytes = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? "";
    if (i > 0 && bytes >= size && !fence && !html && cutBefore(l, lines[i - 1])) {
      starts.push(i);
      bytes = 0;
    }
    bytes += l.length + 1;
    if (fence) {
      const close = CLOSING_FENCE.exec(l);
      if (close?.[1]?.startsWith(fence.char) && close[1].length >= fence.length) fence = undefined;
      continue;
    }
    if (html) {
      if (html.test(l)) html = undefined;
      continue;
    }
    const open = OPENING_FENCE.exec(l);
    if (open?.[1] && !(open[1].startsWith("`") && open[2]?.includes("`"))) {
      fence = { char: open[1].charAt(0), length: open[1].length };
      continue;
    }
    const block = HTML_BLOCKS.find(([start]) => start.test(l));
    if (block && !block[1].test(l.replace(block[0], ""))) html = block[1];
  }
  return starts;
}

// Only top-level code and HTML matter: inside a list item or a quote, a line at the left margin
// ends the container (and the code in it), so a cut there is right whatever the container held.
const OPENING_FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const CLOSING_FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
/** Link, image and footnote definitions are used across the document. */
const DEFINITION = /^[ \t]*(?:>[ \t]*)*\[[^\]]+\]:/;
/**
 * HTML blocks of kinds 6 and 7 (`<div>`, any tag on a line of its own) hide fence lines until the
 * next blank line, but whether a line starts one depends on the line above: a document with any
 * is parsed whole.
 */
const RAW_HTML = /^ {0,3}<\/?(?!(?:script|pre|style|textarea)(?:[\s>]|$))[A-Za-z]/i;
/** HTML blocks of kinds 1-5 run over blank lines until their end marker. */
const HTML_BLOCKS: readonly (readonly [RegExp, RegExp])[] = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];
const ATX = /^#{1,6}(?:[ \t]|$)/;
/** First characters that cannot continue a list, quote, table, code or heading above a blank line. */
const STANDALONE = /^[^\s>*+\-\d|:=~`<[_]/;

/**
 * Before an ATX heading at the left margin (it ends any paragraph, list or quote above it), or
 * before an unindented line, after a blank one, that can only start a paragraph or heading.
 */
function cutBefore(line: string, prev: string | undefined): boolean {
  return ATX.test(line) || (prev !== undefined && !prev.trim() && STANDALONE.test(line));
}
