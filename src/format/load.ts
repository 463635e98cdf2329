import { readFile } from "node:fs/promises";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { z } from "zod";
import type { CheckKinds } from "../core/model/check-kind.ts";
import { expandRunbook, pathText, type Path } from "../core/model/expand.ts";
import { Runbook } from "../core/model/runbook.ts";
import { validateRunbook, type LoadedRunbook } from "../core/model/validate.ts";
import { closest } from "../core/text/closest.ts";
import { keysAt } from "./schema-walk.ts";

/** One located problem in a runbook file. */
export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  message: string;
  path: string;
}

export type LoadResult = { ok: true; loaded: LoadedRunbook } | { ok: false; diagnostics: Diagnostic[] };

/** `FILE:LINE:COL message`, the form editors and CI logs link to. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col} ${d.path ? `${d.path}: ` : ""}${d.message}`;
}

export { pathText };

/** Reads, parses and validates a runbook file; every problem is reported at once. */
export async function loadRunbookFile(file: string, kinds: CheckKinds): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, diagnostics: [{ file, line: 1, col: 1, path: "", message: code === "ENOENT" ? "file not found" : `cannot read: ${code ?? String(e)}` }] };
  }
  return loadRunbookText(text, file, kinds);
}

/** Parses and validates runbook YAML text; `file` names it in diagnostics. */
export function loadRunbookText(text: string, file: string, kinds: CheckKinds): LoadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const locate = (offset: number) => {
    const p = lines.linePos(offset);
    return { line: p.line, col: p.col };
  };
  const diagnostics: Diagnostic[] = [];
  for (const err of doc.errors) {
    const { line, col } = locate(err.pos[0]);
    diagnostics.push({ file, line, col, path: "", message: `YAML: ${err.message.split("\n")[0] ?? err.message}` });
  }
  if (diagnostics.length) return { ok: false, diagnostics };

  const at = (path: Path, message: string, opts: { key?: string; offset?: number } = {}) => {
    const offset = offsetOf(doc, text, path, opts);
    diagnostics.push({ file, ...locate(offset), path: pathText(path), message });
  };

  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  const parsed = Runbook.safeParse(data ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) reportIssue(issue, at, doc);
    return { ok: false, diagnostics: sortDiagnostics(diagnostics) };
  }
  const expanded = expandRunbook(parsed.data);
  const { problems, loaded } = validateRunbook(expanded, kinds);
  for (const p of problems) at(p.path, p.message, p.offset === undefined ? {} : { offset: p.offset });
  if (diagnostics.length) return { ok: false, diagnostics: sortDiagnostics(diagnostics) };
  return { ok: true, loaded };
}

/** In file order, each distinct problem once (a for_each template fails once per expansion). */
function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list
    .filter((d) => {
      const key = `${d.line}:${d.col}:${d.path}:${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.col - b.col);
}

function reportIssue(issue: z.core.$ZodIssue, at: (path: Path, message: string, opts?: { key?: string }) => void, doc: Document): void {
  const path = issue.path.map((k) => (typeof k === "symbol" ? String(k) : k));
  if (issue.code === "unrecognized_keys") {
    const known = keysAt(Runbook, path);
    for (const key of issue.keys) {
      const hint = closest(key, known);
      at([...path, key], `unknown key '${key}'${hint ? `; did you mean '${hint}'?` : known.length ? ` (expected one of: ${known.join(", ")})` : ""}`, { key });
    }
    return;
  }
  if (issue.code === "invalid_union") {
    at(path, "does not match any allowed form (see docs/runbook-format.md)");
    return;
  }
  if (issue.code === "invalid_type" && !doc.hasIn(path)) {
    at(path.slice(0, -1), `missing required field '${String(path[path.length - 1])}' (expected ${issue.expected})`);
    return;
  }
  at(path, issue.message.replace(/^Invalid (input|option): /, ""));
}

/** The source offset of the node at `path` (its key for unknown keys), or of its nearest ancestor. */
function offsetOf(doc: Document, source: string, path: Path, opts: { key?: string; offset?: number }): number {
  let node: unknown = doc.contents;
  let best = doc.contents?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const k = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === k);
      if (!pair) break;
      const keyNode = pair.key as Node;
      if (last && opts.key !== undefined) return keyNode.range?.[0] ?? best;
      best = keyNode.range?.[0] ?? best;
      node = pair.value;
      if (node && (node as Node).range && !last) best = (node as Node).range?.[0] ?? best;
      if (last && node && (node as Node).range) best = (node as Node).range?.[0] ?? best;
    } else if (isSeq(node) && typeof k === "number") {
      const item = node.items[k] as Node | undefined;
      if (!item) break;
      node = item;
      best = item.range?.[0] ?? best;
    } else break;
  }
  if (opts.offset !== undefined && isScalar(node) && node.range && typeof node.value === "string") {
    return sourceOffset(source, node.range[0], node.range[1], node.value, opts.offset);
  }
  return best;
}

/**
 * Maps an offset in a scalar's value to the source, through quotes, escapes (`\"`, `''`), block
 * indicators and line folding: each value character is matched to the next source character equal
 * to it, skipping what the YAML syntax added.
 */
export function sourceOffset(source: string, start: number, end: number, value: string, offset: number): number {
  let i = start;
  for (let j = 0; j < offset && j < value.length; j++) {
    const ch = value[j];
    const found = source.indexOf(ch ?? "", i);
    // A character the syntax made (an escape such as \n or \t) has no twin nearby: step over one.
    i = found >= 0 && found < end && found - i <= 64 ? found + 1 : i + 1;
  }
  if (offset < value.length) {
    const target = value[offset] ?? "";
    const found = source.indexOf(target, i);
    if (found >= 0 && found < end && found - i <= 64) return found;
  }
  return Math.min(i, end);
}
