import type { List, ListItem, Nodes, PhrasingContent, RootContent, Table } from "mdast";
import { parseMarkdown } from "./parser.ts";
import { pieceStarts } from "./pieces.ts";
import { FIELD_WORDS, STATUS_WORDS, normalizeWord } from "./vocabulary.ts";

// The Markdown tree (mdast, from remark + remark-gfm) reduced to the blocks the importer places:
// headings (real, or lines that were headings before the page was copied), tables, lists with
// their task state and nesting, paragraphs and code. Lines are those of the source document.

export interface HeadingBlock {
  type: "heading";
  level: number;
  text: string;
  line: number;
}
export interface TableRow {
  cells: string[];
  line: number;
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
 * Parses repaired Markdown; `lines` maps its lines to the source document's. Large documents are
 * parsed in independent pieces of about `pieceSize` characters (see pieces.ts).
 */
export function toBlocks(markdown: string, lines: number[], pieceSize?: number): Block[] {
  const text = markdown.split("\n");
  const starts = pieceStarts(text, pieceSize);
  const out: Block[] = [];
  starts.forEach((start, k) => {
    const piece = text.slice(start, starts[k + 1] ?? text.length).join("\n");
    const tree = parseMarkdown(piece);
    const src = (n: { position?: { start: { line: number } } | undefined }) => {
      const l = start + (n.position?.start.line ?? 1);
      return lines[l - 1] ?? l;
    };
    visitTree(tree.children, src, out);
  });
  return mergeLists(out);
}

function visitTree(top: RootContent[], src: (n: Nodes) => number, out: Block[]): void {
  const visit = (nodes: RootContent[]) => {
    for (const n of nodes) {
      switch (n.type) {
        case "heading":
          out.push({ type: "heading", level: n.depth, text: inlineText(n.children).trim(), line: src(n) });
          break;
        case "table":
          out.push(tableBlock(n, src));
          break;
        case "list":
          out.push({ type: "list", ordered: n.ordered ?? false, items: entries(n, src), line: src(n) });
          break;
        case "paragraph": {
          const text = inlineText(n.children).trim();
          if (text) out.push({ type: "paragraph", text, line: src(n) });
          break;
        }
        case "code":
          out.push({ type: "code", lang: n.lang ?? "", value: n.value, line: src(n) });
          break;
        case "blockquote":
          visit(n.children);
          break;
        case "html":
          if (n.value.trim()) out.push({ type: "paragraph", text: n.value.trim(), line: src(n) });
          break;
        default:
          break;
      }
    }
  };
  visit(top);
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

function tableBlock(n: Table, src: (n: Nodes) => number): TableBlock {
  const [head, ...body] = n.children;
  const cells = (r: Table["children"][number]) => r.children.map((c) => inlineText(c.children).trim());
  return {
    type: "table",
    header: head ? cells(head) : [],
    rows: body.map((r) => ({ cells: cells(r), line: src(r) })),
    line: src(n),
    flattened: false,
  };
}

function entries(list: List, src: (n: Nodes) => number): Entry[] {
  return list.children.map((li: ListItem) => {
    const texts: string[] = [];
    const code: string[] = [];
    const children: Entry[] = [];
    let fenced: string | undefined;
    for (const c of li.children) {
      if (c.type === "paragraph") {
        texts.push(inlineText(c.children).trim());
        collectCode(c.children, code);
      } else if (c.type === "list") children.push(...entries(c, src));
      else if (c.type === "code") fenced = fenced === undefined ? c.value : `${fenced}\n${c.value}`;
    }
    const e: Entry = { text: texts.filter(Boolean).join(" "), checked: li.checked ?? null, code, children, line: src(li) };
    if (fenced !== undefined) e.fenced = fenced;
    return e;
  });
}

function collectCode(nodes: PhrasingContent[], into: string[]): void {
  for (const n of nodes) {
    if (n.type === "inlineCode") into.push(n.value);
    else if ("children" in n) collectCode(n.children, into);
  }
}

/** Plain text of inline content; code keeps its backticks so that commands stay recognisable. */
export function inlineText(nodes: readonly PhrasingContent[]): string {
  let out = "";
  for (const n of nodes) {
    switch (n.type) {
      case "text":
        out += n.value;
        break;
      case "inlineCode":
        out += `\`${n.value}\``;
        break;
      case "break":
        out += "\n";
        break;
      case "html":
        out += n.value;
        break;
      case "image":
        out += n.alt ?? "";
        break;
      case "footnoteReference":
        break;
      default:
        if ("children" in n) out += inlineText(n.children);
        break;
    }
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
