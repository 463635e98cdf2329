import { MAX_NESTING, parseMarkdown, unescapeAll, type Token } from "./parser.ts";
import { FIELD_WORDS, STATUS_WORDS, normalizeWord } from "./vocabulary.ts";

// markdown-it's token stream (CommonMark + GFM tables, strikethrough, task list items) reduced to
// the blocks the importer places:
// headings (real, or lines that were headings before the page was copied), tables, lists with
// their task state and nesting, paragraphs and code. Lines are those of the source document.

export interface HeadingBlock {
  type: "heading";
  level: number;
  text: string;
  line: number;
}
/** A link written in the document: its text, its address and where the address stands. */
export interface LinkRef {
  title: string;
  url: string;
  line: number;
  col: number;
  /** What it was kept on ("item backup", "step S2"), once the importer keeps it. */
  kept?: string;
}
export interface TableRow {
  cells: string[];
  line: number;
  /** The links in the row's cells, in order. */
  links?: LinkRef[];
}
export interface TableBlock {
  type: "table";
  header: string[];
  rows: TableRow[];
  line: number;
  /** Rebuilt from a paragraph whose cells lost their separators. */
  flattened: boolean;
}
export interface Entry {
  text: string;
  checked: boolean | null;
  /** Inline code spans, in order. */
  code: string[];
  children: Entry[];
  line: number;
  /** A fenced code block inside the item: its command. */
  fenced?: string;
  /** The item's text is one link to a heading of the same document (`[Rollback](#7-rollback)`). */
  anchor?: true;
  /** The links in the item's own text (not its children's), in order. */
  links?: LinkRef[];
}
export interface ListBlock {
  type: "list";
  ordered: boolean;
  items: Entry[];
  line: number;
}
export interface ParagraphBlock {
  type: "paragraph";
  text: string;
  line: number;
}
export interface CodeBlock {
  type: "code";
  lang: string;
  value: string;
  line: number;
}
export type Block = HeadingBlock | TableBlock | ListBlock | ParagraphBlock | CodeBlock;

/**
 * Parses repaired Markdown; `lines` maps its lines to the source document's. A quote or list
 * item nested past MAX_NESTING is not read, nor is what follows it in its container (for a list
 * item, that is the rest of the document): `unread` is told the source line where that starts
 * and its text. Every link of the document, wherever it stands, is added to `links`.
 */
export function toBlocks(markdown: string, lines: number[], unread?: (line: number, text: string) => void, links: LinkRef[] = []): Block[] {
  const tokens = parseMarkdown(markdown);
  const src = (t: Token) => {
    const l = (t.map?.[0] ?? 0) + 1;
    return lines[l - 1] ?? l;
  };
  const find = linkFinder(markdown, lines, links);
  // A container opened at the last level: the parser read nothing inside it.
  let text: string[] | undefined;
  for (const t of tokens) {
    if (t.level >= MAX_NESTING - 1 && (t.type === "blockquote_open" || t.type === "list_item_open")) unread?.(src(t), (text ??= markdown.split("\n"))[t.map?.[0] ?? 0] ?? "");
  }
  const out: Block[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    // (A quote is read through: no need to find where it ends.)
    const end = t.type === "blockquote_open" ? i : closing(tokens, i);
    switch (t.type) {
      case "heading_open":
        find(tokens[i + 1]);
        out.push({ type: "heading", level: Number(t.tag.slice(1)), text: inlineText(tokens[i + 1]?.children).trim(), line: src(t) });
        break;
      case "table_open":
        out.push(tableBlock(tokens, i, end, src, find));
        break;
      case "bullet_list_open":
      case "ordered_list_open":
        out.push({ type: "list", ordered: t.type === "ordered_list_open", items: entries(tokens, i, end, src, find), line: src(t) });
        break;
      case "paragraph_open": {
        find(tokens[i + 1]);
        const text = inlineText(tokens[i + 1]?.children).trim();
        if (text) out.push({ type: "paragraph", text, line: src(t) });
        break;
      }
      case "fence":
      case "code_block":
        out.push({ type: "code", lang: fenceLang(t), value: codeValue(t), line: src(t) });
        break;
      case "html_block":
        if (t.content.trim()) out.push({ type: "paragraph", text: t.content.trim(), line: src(t) });
        break;
      default:
        // Quotes are read through (their blocks come next in the stream); rules are skipped.
        continue;
    }
    i = end;
  }
  return mergeLists(out);
}

/** Index of the token that closes the one at `i` (itself for a token that opens nothing). */
function closing(tokens: readonly Token[], i: number): number {
  const t = tokens[i] as Token;
  if (t.nesting !== 1) return i;
  let j = i + 1;
  while (j < tokens.length && !((tokens[j] as Token).nesting === -1 && (tokens[j] as Token).level === t.level)) j++;
  return j;
}

/** The children of the container from `open` to `close`: the index of each direct child's first token. */
function childStarts(tokens: readonly Token[], open: number, close: number): number[] {
  const out: number[] = [];
  for (let j = open + 1; j < close; j = closing(tokens, j) + 1) out.push(j);
  return out;
}

/** A fence's language is the first word of its info string. */
function fenceLang(t: Token): string {
  return t.type === "fence" ? (unescapeAll(t.info).trim().split(/\s/)[0] ?? "") : "";
}

/** Code without the line ending of its last line. */
function codeValue(t: Token): string {
  return t.content.endsWith("\n") ? t.content.slice(0, -1) : t.content;
}

/** Reads the links of an inline token (a paragraph, a heading, a cell), adds them to `links` and gives them. */
type LinkFind = (inline: Token | undefined, lines?: [number, number] | null) => LinkRef[];

/**
 * The links of inline tokens, each located in the source: markdown-it gives a block's lines, not
 * columns, so the address is looked up in those lines (after the previous link's, for an address
 * written twice); a reference-style link (`[plan][1]`) is located by its text.
 */
function linkFinder(markdown: string, lines: number[], links: LinkRef[]): LinkFind {
  let raw: string[] | undefined;
  return (inline, where) => {
    const kids = inline?.children ?? [];
    if (!kids.some((k) => k.type === "link_open")) return [];
    raw ??= markdown.split("\n");
    // A table cell has no lines of its own: its row's are given.
    const [from, to] = inline?.map ?? where ?? [0, 1];
    const out: LinkRef[] = [];
    let at = { line: from, col: 0 };
    for (let i = 0; i < kids.length; i++) {
      const open = kids[i] as Token;
      if (open.type !== "link_open") continue;
      let j = i + 1;
      while (j < kids.length && (kids[j] as Token).type !== "link_close") j++;
      const url = open.attrGet("href") ?? "";
      const title = inlineText(kids.slice(i + 1, j)).replace(/\s+/g, " ").trim() || url;
      i = j;
      // A bare address (`https://…`, `<https://…>`) is its own text: already in the title, not a reference of its own.
      if (!url || open.info === "auto") continue;
      // The address after its text (`](url`, `](<url>`), else the text of a reference-style link.
      const spot = locate(raw, from, Math.max(to, from + 1), at, [[`](${url}`, 2], [`](<${url}`, 3], [`[${title}]`, 0], [url, 0]]);
      if (spot) at = spot;
      const l = spot?.line ?? from;
      const ref: LinkRef = { title, url, line: lines[l] ?? l + 1, col: (spot?.col ?? 0) + 1 };
      out.push(ref);
      links.push(ref);
    }
    return out;
  };
}

/**
 * The first place at or after `at`, in lines `from` to `to`, where one of `needles` stands (tried
 * in order), moved on by the needle's offset (to the address in `](url`).
 */
function locate(raw: string[], from: number, to: number, at: { line: number; col: number }, needles: [string, number][]): { line: number; col: number } | undefined {
  for (const [needle, offset] of needles) {
    for (let l = Math.max(from, at.line); l < to && l < raw.length; l++) {
      const col = (raw[l] ?? "").indexOf(needle, l === at.line ? at.col : 0);
      if (col >= 0) return { line: l, col: col + offset };
    }
  }
  return undefined;
}

function tableBlock(tokens: readonly Token[], open: number, close: number, src: (t: Token) => number, find: LinkFind): TableBlock {
  let header: string[] = [];
  const rows: TableRow[] = [];
  for (let j = open + 1; j < close; j++) {
    const t = tokens[j] as Token;
    if (t.type !== "tr_open") continue;
    const end = closing(tokens, j);
    const starts = childStarts(tokens, j, end);
    const cells = starts.map((c) => inlineText(tokens[c + 1]?.children).trim());
    const links = starts.flatMap((c) => find(tokens[c + 1], t.map));
    if (j === open + 2) header = cells;
    else rows.push({ cells, line: src(t), ...(links.length ? { links } : {}) });
    j = end;
  }
  return { type: "table", header, rows, line: src(tokens[open] as Token), flattened: false };
}

/**
 * A GFM task list item: `[ ]`, `[x]` or `[X]` opening the item's first paragraph, then white
 * space and more of the paragraph, or the end of its first line.
 */
const TASK = /^\[([ \txX])\]/;

/** The task state read from a list item's first paragraph, null if it is no task. */
function taskOf(inline: readonly Token[]): boolean | null {
  const [head, next] = inline;
  const m = head?.type === "text" ? TASK.exec(head.content) : null;
  if (!head || !m) return null;
  const after = head.content.slice(m[0].length);
  // The paragraph is trimmed, so white space after the checkbox is always followed by more.
  const task = after ? /^[ \t]/.test(after) : next?.type === "softbreak" || next?.type === "hardbreak";
  return task ? m[1] === "x" || m[1] === "X" : null;
}

function entries(tokens: readonly Token[], open: number, close: number, src: (t: Token) => number, find: LinkFind): Entry[] {
  return childStarts(tokens, open, close).map((item) => {
    const texts: string[] = [];
    const code: string[] = [];
    const children: Entry[] = [];
    let fenced: string | undefined;
    let checked: boolean | null = null;
    let anchor = false;
    const links: LinkRef[] = [];
    childStarts(tokens, item, closing(tokens, item)).forEach((c, k) => {
      const t = tokens[c] as Token;
      if (t.type === "paragraph_open") {
        const inline = tokens[c + 1]?.children ?? [];
        if (k === 0) {
          checked = taskOf(inline);
          anchor = anchorOnly(inline);
        }
        // The checkbox opens the paragraph's first text token, so it opens its text.
        texts.push(inlineText(inline).slice(k === 0 && checked !== null ? 3 : 0).trim());
        for (const x of inline) if (x.type === "code_inline") code.push(x.content);
        links.push(...find(tokens[c + 1]));
      } else if (t.type === "bullet_list_open" || t.type === "ordered_list_open") children.push(...entries(tokens, c, closing(tokens, c), src, find));
      else if (t.type === "fence" || t.type === "code_block") fenced = fenced === undefined ? codeValue(t) : `${fenced}\n${codeValue(t)}`;
    });
    const e: Entry = { text: texts.filter(Boolean).join(" "), checked, code, children, line: src(tokens[item] as Token) };
    if (fenced !== undefined) e.fenced = fenced;
    if (anchor) e.anchor = true;
    if (links.length) e.links = links;
    return e;
  });
}

/** Whether a paragraph is one link to a heading of the same document and nothing else. */
function anchorOnly(inline: readonly Token[]): boolean {
  const kids = inline.filter((x) => !(x.type === "text" && !x.content.trim()));
  const first = kids[0];
  return kids.length >= 3 && first?.type === "link_open" && (first.attrGet("href") ?? "").startsWith("#") &&
    kids[kids.length - 1]?.type === "link_close" && kids.filter((x) => x.type === "link_open").length === 1;
}

/**
 * Nesting lost in copying: "1. Run:" then a bullet list of commands then "2. ..." are one ordered
 * list whose first item has the bullets as children; "- Run migration:" then "- `npm run x`"
 * are an item and its command.
 */
function mergeLists(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    const prev = out[out.length - 1];
    if (b.type === "list" && prev?.type === "list") {
      const last = prev.items[prev.items.length - 1];
      if (prev.ordered && !b.ordered && last && /:$/.test(last.text) && !last.children.length) {
        last.children.push(...b.items);
        continue;
      }
      if (prev.ordered && b.ordered) {
        prev.items.push(...b.items);
        continue;
      }
    }
    if (b.type === "list" && !b.ordered) b.items = nestAfterColon(b.items);
    out.push(b);
  }
  return out;
}

function nestAfterColon(items: Entry[]): Entry[] {
  const out: Entry[] = [];
  for (let i = 0; i < items.length; i++) {
    const e = items[i] as Entry;
    out.push(e);
    if (!/:$/.test(e.text) || e.children.length || e.checked !== null) continue;
    const rest = items.slice(i + 1);
    const tail = rest.length <= 3 && !rest.some((x) => /:$/.test(x.text));
    let j = i + 1;
    while (j < items.length && (tail || (items[j] as Entry).text.startsWith("`")) && (items[j] as Entry).checked === null) {
      e.children.push(items[j] as Entry);
      j++;
    }
    i = j - 1;
  }
  return out;
}

/** Plain text of inline tokens; code keeps its backticks so that commands stay recognisable. */
export function inlineText(tokens: readonly Token[] | null | undefined): string {
  let out = "";
  const all = tokens ?? [];
  for (let i = 0; i < all.length; i++) {
    const t = all[i] as Token;
    switch (t.type) {
      case "text":
        // White space ending a line is not text (the parser drops spaces there, not tabs).
        out += all[i + 1]?.type === "softbreak" ? t.content.replace(/[ \t]+$/, "") : t.content;
        break;
      case "html_inline":
        out += t.content;
        break;
      case "code_inline":
        out += `\`${t.content}\``;
        break;
      case "softbreak":
      case "hardbreak":
        out += "\n";
        break;
      case "image":
        out += altText(t.children);
        break;
      default:
        // Markers of links, emphasis and strikethrough: their text is in the tokens between.
        break;
    }
  }
  return out;
}

/** An image's alt text: the plain text of its description, code without backticks. */
function altText(tokens: readonly Token[] | null): string {
  let out = "";
  for (const t of tokens ?? []) {
    if (t.type === "text" || t.type === "html_inline" || t.type === "code_inline") out += t.content;
    else if (t.type === "softbreak") out += "\n";
    else if (t.type === "image") out += altText(t.children);
  }
  return out;
}

// ---- paragraphs that were tables -------------------------------------------------------------

const HEADER_PHRASES: ReadonlySet<string> = new Set(Object.values(FIELD_WORDS).flat().map((w) => w.replace(/\s+/g, "")));
const STATUS_TOKENS: ReadonlySet<string> = new Set(Object.values(STATUS_WORDS).flat());

/** Splits a header line whose cells lost their separators ("AlertTriggerCheckFixEscalate") into header words. */
export function splitHeaderLine(line: string): string[] | undefined {
  const s = normalizeWord(line).replace(/\s+/g, "");
  if (s.length < 4 || s.length > 120) return undefined;
  // Fewest words that cover the line exactly, by dynamic programming over end positions.
  const best: (string[] | undefined)[] = new Array<string[] | undefined>(s.length + 1).fill(undefined);
  best[0] = [];
  for (let i = 0; i < s.length; i++) {
    const prev = best[i];
    if (!prev) continue;
    for (let j = i + 1; j <= Math.min(s.length, i + 24); j++) {
      const w = s.slice(i, j);
      if (!HEADER_PHRASES.has(w)) continue;
      const cand = [...prev, w];
      const cur = best[j];
      if (!cur || cand.length < cur.length) best[j] = cand;
    }
  }
  const words = best[s.length];
  return words && words.length >= 2 ? words : undefined;
}

/** A paragraph "Header words\nrow\nrow" copied out of a rendered table; rows keep whole lines as cells. */
export function paragraphTable(p: ParagraphBlock): TableBlock | undefined {
  const lines = p.text.split("\n").map((l) => l.trim()).filter(Boolean);
  if (lines.length < 2) return undefined;
  const header = splitHeaderLine(lines[0] ?? "");
  if (!header) return undefined;
  const rows = lines.slice(1).map((l, i): TableRow => {
    const byTab = l.split(/\t|\s{2,}/);
    if (byTab.length === header.length) return { cells: byTab, line: p.line + 1 + i };
    const m = /^(.*?)\s+(\S+(?: \S)?)$/.exec(l);
    const last = m?.[2] ?? "";
    if (m && STATUS_TOKENS.has(normalizeWord(last) || last)) return { cells: [m[1] ?? "", last], line: p.line + 1 + i };
    return { cells: [l], line: p.line + 1 + i };
  });
  return { type: "table", header, rows, line: p.line, flattened: true };
}
