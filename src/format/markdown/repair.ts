import { CHROME_LINES, CODE_TAGS } from "./vocabulary.ts";

// Line-level repairs before parsing, for documents copied out of a rendered web page: page chrome
// at the top, "•" bullets, task items whose text went to the next line or ran into the previous
// item, and (in documents that lost every blank line) headings glued to the end of the previous
// line and code blocks that lost their fences. Only shapes that cannot mean anything else are
// touched; every output line remembers the source line it came from, for the report.

export interface Repaired {
  text: string;
  /** Source line (1-based) of each output line. */
  lines: number[];
  /** Source lines dropped as page chrome. */
  chrome: number[];
  /** Number of repairs made (lines split, joined, fenced, separated). */
  repairs: number;
}

interface Line {
  text: string;
  line: number;
}

const DELIMITER_ROW = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const TASK_IN_LINE = /(?<=\S)\s+(?=[-*] \[[ xX]\](?: |$))/;
const GLUED_HEADING = /(?<=[\p{L}\p{N}"'.)`])(?=(?:[A-Z]\d+(?:\.\d+)*\) \S|(?:Tier|Wave|Phase) \d+ [—–-] ))/u;
const HEADING_MARKER = /^(?:[A-Z]\d+(?:\.\d+)*\) |(?:Tier|Wave|Phase) \d+ [—–-] )/;
const LIST_LINE = /^\s*(?:[-*+] |\d+[.)] )/;
const BULLET = /^(\s*)[•▪◦●○■∙]\s+/;
// "☐ Backup tested", "- ☐ Backup tested": a checkbox drawn as a character is a task item; "☑"/"☒" one that is done.
const BOX_BULLET = /^(\s*)(?:[-*+]\s+)?[□☐⬜]\s+(?=\S)/u;
const TICKED_BULLET = /^(\s*)(?:[-*+]\s+)?[☑☒]\uFE0F?\s+(?=\S)/u;

/** Repairs `text` (already free of mojibake) line by line. */
export function repairMarkdown(text: string): Repaired {
  const src = text.replace(/\r\n?/g, "\n").split("\n");
  let repairs = 0;
  const chrome = chromeLines(src);
  let lines: Line[] = [];
  src.forEach((t, i) => {
    if (chrome.has(i)) return;
    let s = t.replace(BOX_BULLET, "$1- [ ] ").replace(TICKED_BULLET, "$1- [x] ");
    s = s.replace(BULLET, "$1- ");
    if (s !== t) repairs++;
    lines.push({ text: s, line: i + 1 });
  });

  const flattened = isFlattened(lines);
  if (flattened) {
    lines = lines.flatMap((l) => {
      const parts = l.text.split(GLUED_HEADING).flatMap((p) => p.split(TASK_IN_LINE));
      if (parts.length > 1) repairs += parts.length - 1;
      return parts.map((p) => ({ text: p, line: l.line }));
    });
  } else {
    lines = lines.flatMap((l) => {
      if (!/^\s*[-*] \[[ xX]\] /.test(l.text)) return [l];
      const parts = l.text.split(TASK_IN_LINE);
      if (parts.length > 1) repairs += parts.length - 1;
      return parts.map((p) => ({ text: p, line: l.line }));
    });
  }

  // A task item whose text went to the next line: "- [ ]" then "go test ./... pass".
  const joined: Line[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as Line;
    const next = lines[i + 1];
    if (/^\s*[-*] \[[ xX]\]\s*$/.test(l.text) && next && next.text.trim() && !LIST_LINE.test(next.text)) {
      joined.push({ text: `${l.text.trimEnd()} ${next.text.trim()}`, line: l.line });
      repairs++;
      i++;
    } else joined.push(l);
  }

  const out = flattened ? separateBlocks(joined) : separateTables(joined);
  repairs += out.length - joined.length;
  return { text: out.map((l) => l.text).join("\n"), lines: out.map((l) => l.line), chrome: [...chrome].map((i) => i + 1), repairs };
}

/** Page chrome in the lines before the first heading: known chrome lines, and what lies between them. */
function chromeLines(src: string[]): Set<number> {
  const out = new Set<number>();
  const limit = Math.min(src.length, 30);
  const hits: number[] = [];
  for (let i = 0; i < limit; i++) {
    const t = (src[i] ?? "").trim();
    if (/^#{1,6} /.test(t)) break;
    if (CHROME_LINES.some((re) => re.test(t))) hits.push(i);
  }
  if (hits.length >= 3) {
    const last = hits[hits.length - 1] ?? 0;
    for (let i = 0; i <= last; i++) if ((src[i] ?? "").trim()) out.add(i);
  } else for (const i of hits) out.add(i);
  return out;
}

/** A document with (almost) no blank lines lost its block structure when it was copied. */
function isFlattened(lines: Line[]): boolean {
  if (lines.length < 20) return false;
  const blank = lines.filter((l) => !l.text.trim()).length;
  return blank / lines.length < 0.03;
}

const isTableStart = (lines: Line[], i: number) => (lines[i]?.text.includes("|") ?? false) && DELIMITER_ROW.test(lines[i + 1]?.text ?? "");

/** Blank lines around tables so that a table neither swallows the next paragraph nor is swallowed. */
function separateTables(lines: Line[]): Line[] {
  const out: Line[] = [];
  let inTable = false;
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as Line;
    if (/^\s*(```|~~~)/.test(l.text)) inFence = !inFence;
    else if (!inFence && !inTable && CODE_TAGS.has(l.text.trim().toLowerCase()) && !out[out.length - 1]?.text.trim() && lines[i + 1]?.text.trim()) {
      // "yaml" alone on a line above code: the fence was lost in copying; the code ends at a blank line.
      out.push({ text: `\`\`\`${l.text.trim().toLowerCase()}`, line: l.line });
      let j = i + 1;
      for (; j < lines.length && lines[j]?.text.trim(); j++) out.push(lines[j] as Line);
      out.push({ text: "```", line: lines[j - 1]?.line ?? l.line });
      i = j - 1;
      continue;
    }
    if (inFence) {
      out.push(l);
      continue;
    }
    if (!inTable && isTableStart(lines, i)) {
      if (out.length && out[out.length - 1]?.text.trim()) out.push({ text: "", line: l.line });
      inTable = true;
    } else if (inTable && !l.text.includes("|")) {
      if (l.text.trim()) out.push({ text: "", line: l.line });
      inTable = false;
    }
    out.push(l);
  }
  return out;
}

/** A lead-in ("Pre-check verify:") glued to the end of a line: a lower-case letter, then a capital and text ending in a colon. */
const GLUED_LEAD = /(\p{Ll})(\p{Lu}[^#`:]{0,40}:)$/u;

/** For a flattened document: every line its own block, except rows of one table, items of one list and code. */
function separateBlocks(lines: Line[]): Line[] {
  const out: Line[] = [];
  let inTable = false;
  let fence: string | undefined;
  const push = (l: Line, blankBefore: boolean) => {
    if (blankBefore && out.length && out[out.length - 1]?.text.trim()) out.push({ text: "", line: l.line });
    out.push(l);
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as Line;
    const t = l.text.trim();
    if (fence !== undefined) {
      // A bullet ends code other than YAML (where `- ` is a list item of the code itself).
      const bullet = !/^ya?ml$/i.test(fence) && /^[-*•] \S/.test(t);
      const ends = !t || HEADING_MARKER.test(t) || isTableStart(lines, i) || /^[-*] \[[ xX]\]/.test(t) || bullet;
      if (!ends) {
        out.push(l);
        continue;
      }
      // "…bị block lâuPre-check verify:": the list's lead-in went onto the last line of code.
      const last = out[out.length - 1];
      const glued = bullet && last ? GLUED_LEAD.exec(last.text) : null;
      if (last && glued) last.text = last.text.slice(0, glued.index + 1);
      out.push({ text: "```", line: l.line });
      if (last && glued) push({ text: glued[2] ?? "", line: last.line }, true);
      fence = undefined;
    }
    if (CODE_TAGS.has(t.toLowerCase())) {
      fence = t;
      push({ text: `\`\`\`${t.toLowerCase()}`, line: l.line }, true);
      inTable = false;
      continue;
    }
    if (inTable && l.text.includes("|")) {
      out.push(l);
      continue;
    }
    inTable = false;
    if (isTableStart(lines, i)) {
      inTable = true;
      push(l, true);
      continue;
    }
    const prev = out[out.length - 1]?.text ?? "";
    if (LIST_LINE.test(prev) && continuesItem(prev, t)) {
      (out[out.length - 1] as Line).text = `${prev.trimEnd()} ${t}`;
      continue;
    }
    const sameList = LIST_LINE.test(l.text) && LIST_LINE.test(prev);
    push(l, !sameList);
  }
  if (fence !== undefined) out.push({ text: "```", line: out[out.length - 1]?.line ?? 1 });
  return out;
}

/** A line that is the rest of the list item before it (text after inline code went to a new line). */
function continuesItem(item: string, next: string): boolean {
  if (!next || LIST_LINE.test(next) || HEADING_MARKER.test(next) || next.includes("|")) return false;
  const open = (item.match(/\(/g) ?? []).length > (item.match(/\)/g) ?? []).length;
  return open || /:\s*$/.test(item) || /^[\p{Ll}/\\.~$`]/u.test(next);
}
