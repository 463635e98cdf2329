import { stringify } from "yaml";
import { readYamlData } from "../yaml-bounded.ts";
import { toBlocks, type Block, type LinkRef } from "./blocks.ts";
import { build } from "./build.ts";
import { MAX_NESTING } from "./parser.ts";
import { Draft, linkKind, type Located, type RunbookDraft, type SectionIn, type Unplaced } from "./draft.ts";
import { repairMojibake } from "./mojibake.ts";
import { repairMarkdown } from "./repair.ts";
import { settle } from "./settle.ts";
import { linkHypercare } from "./build-hypercare.ts";
import { titleId } from "./text.ts";
import type { CheckKinds } from "../../core/model/check-kind.ts";

/** What the import recognised, and every block it could not place. */
export interface ImportReport {
  /** How many of each kind were recognised (gates, waves, criteria, steps, items, ...). */
  counts: Record<string, number>;
  /** Blocks not placed, in document order, with their source line. */
  unplaced: Unplaced[];
  /** Rows of risk, question and inventory tables, with their source line and the item each became. */
  located: Located[];
  /** Source lines dropped as page chrome. */
  chrome: number[];
  /** Line repairs of flattened Markdown. */
  repairs: number;
  /** The single-byte encoding whose mis-decoding was undone, and in how many lines. */
  mojibake?: { encoding: string; lines: number };
  /** References that named nothing in the document and were left out. */
  dropped: string[];
  /** Links the import could not follow, each located in the document. */
  links: LinkNote[];
}

/**
 * A link the import could not follow: `relative` (a path beside the document: the import reads
 * one document and fetches nothing), `anchor` (a `#heading` this document does not have) or
 * `scheme` (an address neither web, mail nor relative: not kept). `kept` says what it was kept on.
 */
export interface LinkNote {
  line: number;
  col: number;
  url: string;
  title: string;
  reason: "relative" | "anchor" | "scheme";
  kept?: string;
}

export interface ImportResult {
  /** The runbook as plain data, ready for YAML or JSON. */
  runbook: Record<string, unknown>;
  report: ImportReport;
  /** Whether anything at all was recognised. */
  recognised: boolean;
  /** Why no runbook could be made, when none could. */
  error?: string;
}

/**
 * Turns a Markdown go-live document into a runbook that validates against `kinds` (the check
 * kinds the loader will use). Never throws on any input text.
 */
export function importMarkdown(source: string, kinds: CheckKinds): ImportResult {
  const moji = repairMojibake(source.replace(/^\uFEFF/, ""));
  const front = frontMatter(moji.text);
  const repaired = repairMarkdown(front.text);
  const d = new Draft();
  const tooDeep = (line: number, text: string) => d.skip(line, "text", `nested deeper than ${MAX_NESTING / 2} list levels or ${MAX_NESTING} quotes: not read from here to the end of its container`, text.trim());
  const refs: LinkRef[] = [];
  const blocks = toBlocks(repaired.text, repaired.lines, tooDeep, refs);
  build(d, blocks);
  // The front matter names the document when no top heading did.
  if (front.title && !d.titled) {
    d.rb.meta.title = front.title;
    d.rb.meta.id = titleId(front.title) || "imported";
    d.count("meta");
  }
  linkHypercare(d.rb);
  const dropped = resolveRefs(d.rb);
  const runbook = finish(d.rb);
  let error: string | undefined;
  try {
    dropped.push(...settle(runbook, kinds));
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const counts: Record<string, number> = {};
  for (const [k, v] of [...d.counts.entries()].sort(([a], [b]) => a.localeCompare(b))) counts[k] = v;
  counts.roles = d.rb.roles.length;
  const links = linkNotes(refs, blocks, source);
  const report: ImportReport = { counts, unplaced: d.unplaced.sort((a, b) => a.line - b.line), located: d.located, chrome: repaired.chrome, repairs: repaired.repairs, dropped, links };
  if (moji.encoding) report.mojibake = { encoding: moji.encoding, lines: moji.lines };
  const recognised = Object.entries(counts).some(([k, v]) => k !== "roles" && k !== "meta" && !k.startsWith("status:") && v > 0);
  return error ? { runbook, report, recognised: false, error } : { runbook, report, recognised };
}

/**
 * A leading YAML front matter block (`---` … `---`): its title (or name), and the text with the
 * block's lines left blank so that every later line keeps its number.
 */
function frontMatter(text: string): { text: string; title?: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return { text };
  let title: string | undefined;
  const data: unknown = readYamlData(m[1] ?? "");
  // Not YAML after all (or hostile YAML): the lines are read as Markdown.
  if (data === undefined) return { text };
  if (data && typeof data === "object") {
    const { title: t, name } = data as Record<string, unknown>;
    const pick = [t, name].find((v): v is string => typeof v === "string" && v.trim() !== "");
    if (pick) title = pick.trim();
  }
  const blank = "\n".repeat(m[0].split("\n").length - 1);
  const out: { text: string; title?: string } = { text: blank + text.slice(m[0].length) };
  if (title) out.title = title;
  return out;
}

/** The runbook as YAML or JSON text. */
export function runbookText(runbook: Record<string, unknown>, format: "yaml" | "json"): string {
  return format === "json" ? `${JSON.stringify(runbook, null, 2)}\n` : stringify(runbook, { lineWidth: 0, aliasDuplicateObjects: false });
}

/**
 * The links the import could not follow, located in the source as written (a repaired line may
 * have moved the address: it is looked up again there).
 */
function linkNotes(refs: LinkRef[], blocks: Block[], source: string): LinkNote[] {
  const lines = source.split(/\r?\n/);
  const anchors = headingAnchors(blocks, source);
  const out: LinkNote[] = [];
  for (const ref of refs) {
    const kind = linkKind(ref.url);
    const reason = kind === "relative" ? "relative" : kind === "other" ? "scheme" : kind === "anchor" && !anchors.has(anchorOf(ref.url.slice(1))) ? "anchor" : undefined;
    if (!reason) continue;
    const text = lines[ref.line - 1] ?? "";
    const col = text.startsWith(ref.url, ref.col - 1) || !text.includes(ref.url) ? ref.col : text.indexOf(ref.url) + 1;
    out.push({ line: ref.line, col, url: ref.url, title: ref.title, reason, ...(ref.kept ? { kept: ref.kept } : {}) });
  }
  return out.sort((a, b) => a.line - b.line || a.col - b.col);
}

/** A heading's anchor as GitHub and most renderers make it: lower case, punctuation dropped, spaces to `-`. */
function anchorOf(text: string): string {
  let t = text;
  try {
    t = decodeURIComponent(text);
  } catch {
    // A `%` that encodes nothing stays as written.
  }
  return t.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
}

/** Every anchor a link in the document may name: its headings, `{#id}` ids and HTML `id`/`name` attributes. */
function headingAnchors(blocks: Block[], source: string): Set<string> {
  const out = new Set<string>();
  for (const b of blocks) {
    if (b.type !== "heading") continue;
    const id = /\{#([^\s}]+)[^}]*\}\s*$/.exec(b.text);
    if (id?.[1]) out.add(anchorOf(id[1]));
    out.add(anchorOf(b.text.replace(/\{#[^}]*\}\s*$/, "")));
  }
  for (const m of source.matchAll(/<[a-z][^>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']/gi)) out.add(anchorOf(m[1] ?? ""));
  return out;
}

/** One link note as a reader wants it: where, which link, and what became of it. */
function linkNoteText(file: string, n: LinkNote): string {
  const what = `link ${n.url}${n.title !== n.url ? ` (${n.title})` : ""}`;
  const why = n.reason === "relative" ? "relative to the document: not followed (import reads this document only and fetches nothing)"
    : n.reason === "anchor" ? "names no heading of this document" : "not a web, mail or relative address: not kept";
  const kept = n.reason === "relative" ? (n.kept ? `; kept as a reference on ${n.kept}` : "; kept only as text") : "";
  return `${file}:${n.line}:${n.col}: ${what}: ${why}${kept}`;
}

/** The report as lines people read; `file` names the document in located notes. */
export function reportText(r: ImportReport, file = "document"): string {
  const out = ["recognised:"];
  for (const [k, v] of Object.entries(r.counts)) out.push(`  ${k}: ${v}`);
  if (r.mojibake) out.push(`repaired mis-decoded text (${r.mojibake.encoding}) in ${r.mojibake.lines} line(s)`);
  if (r.chrome.length) out.push(`dropped page chrome: line(s) ${r.chrome.join(", ")}`);
  if (r.repairs) out.push(`repaired flattened Markdown: ${r.repairs} change(s)`);
  for (const x of r.dropped) out.push(`left out reference: ${x}`);
  for (const x of r.located) out.push(`line ${x.line}: ${x.what} -> item ${x.id}`);
  if (r.links.length) out.push(`links not followed: ${r.links.length}`);
  for (const n of r.links) out.push(`  ${linkNoteText(file, n)}`);
  out.push(`not placed: ${r.unplaced.length} block(s)`);
  for (const u of r.unplaced) out.push(`  line ${u.line}: ${u.block}: ${u.reason}: ${u.text.replace(/\s+/g, " ")}`);
  return `${out.join("\n")}\n`;
}

type Requires = { items?: string[]; checks?: string[]; gates?: string[]; waves?: string[]; criteria?: string[]; signoffs?: string[] };
type Pending = Requires & { any?: string[] };

/** Every id a requires list may name, then each written reference sorted into its kind or dropped. */
function resolveRefs(rb: RunbookDraft): string[] {
  const dropped: string[] = [];
  const kinds: [keyof Requires, Set<string>][] = [
    ["gates", new Set(rb.gates.map((g) => g.id))],
    ["waves", new Set(rb.waves.map((w) => w.id))],
    ["criteria", new Set(rb.waves.flatMap((w) => w.exit.map((c) => c.id)))],
    ["checks", new Set(rb.checks.map((c) => c.id))],
    ["items", new Set(allSections(rb.sections).flatMap((s) => s.items.map((i) => i.id)))],
    ["signoffs", new Set(rb.signoffs.map((s) => s.id))],
  ];
  const resolve = (req: Pending | undefined, self: string, selfKind: keyof Requires | undefined, where: string): Requires | undefined => {
    if (!req) return undefined;
    const out: Requires = {};
    const add = (kind: keyof Requires, t: string) => {
      const list = (out[kind] ??= []);
      if (!list.includes(t)) list.push(t);
    };
    for (const [kind, ids] of kinds) {
      for (const t of req[kind] ?? []) {
        if (ids.has(t) && !(kind === selfKind && t === self)) add(kind, t);
        else dropped.push(`${where} -> ${kind} ${t}`);
      }
    }
    for (const t of req.any ?? []) {
      const hit = kinds.find(([kind, ids]) => ids.has(t) && !(kind === selfKind && t === self));
      if (hit) add(hit[0], t);
      else if (/^[A-Z]+-?\d+[a-z]?$/.test(t)) dropped.push(`${where} -> ${t}`);
    }
    return Object.keys(out).length ? out : undefined;
  };
  for (const g of rb.gates) {
    const r = resolve(g.requires, g.id, "gates", `gate ${g.id}`);
    if (r) g.requires = r;
    else delete g.requires;
  }
  for (const s of rb.signoffs) {
    const r = resolve(s.requires, s.id, "signoffs", `sign-off ${s.id}`);
    if (r) s.requires = r;
    else delete s.requires;
  }
  for (const w of rb.waves) {
    const r = resolve(w.requires, w.id, "waves", `wave ${w.id}`);
    if (r) w.requires = r;
    else delete w.requires;
  }
  for (const p of rb.timeline?.phases ?? []) {
    const cp = p.checkpoint;
    if (!cp) continue;
    const r = resolve(cp.requires, cp.id, undefined, `checkpoint ${cp.id}`);
    if (r) cp.requires = r;
    else delete cp.requires;
  }
  const checks = new Set(rb.checks.map((c) => c.id));
  for (const w of rb.waves) {
    for (const c of w.exit) {
      if (c.check && !checks.has(c.check)) {
        dropped.push(`criterion ${c.id} -> check ${c.check}`);
        delete c.check;
      }
    }
  }
  for (const s of allSections(rb.sections)) for (const i of s.items) if (i.check && !checks.has(i.check)) delete i.check;
  return dropped;
}

function allSections(list: SectionIn[]): SectionIn[] {
  return list.flatMap((s) => [s, ...allSections(s.sections)]);
}

/** Drops empty lists and parts, so that the YAML holds only what the document said. */
function finish(rb: RunbookDraft): Record<string, unknown> {
  const clean = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(clean);
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x === undefined) continue;
        // A step's `after: []` says it waits for nothing (not even the step before): kept.
        if (Array.isArray(x) && x.length === 0 && k !== "after") continue;
        const c = clean(x);
        if (c && typeof c === "object" && !Array.isArray(c) && Object.keys(c).length === 0) continue;
        out[k] = c;
      }
      return out;
    }
    return v;
  };
  const out = clean(rb) as Record<string, unknown>;
  const order = ["golive", "meta", "vars", "roles", "contacts", "communication", "sections", "checks", "gates", "waves", "steps", "timeline", "rollback", "signoffs", "monitoring", "incidents", "hypercare", "notify", "procedures"];
  const sorted: Record<string, unknown> = {};
  for (const k of order) if (k in out) sorted[k] = out[k];
  for (const k of Object.keys(out)) if (!(k in sorted)) sorted[k] = out[k];
  return sorted;
}
