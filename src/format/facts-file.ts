import { readFile } from "node:fs/promises";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { Facts } from "../core/model/facts.ts";
import { pathText, type Diagnostic } from "./load.ts";

// A run's facts as a JSON file (YAML is accepted too: JSON is YAML), validated by the Facts schema,
// each problem located as FILE:LINE:COL like the runbook's.

export type FactsLoadResult = { ok: true; facts: Facts } | { ok: false; diagnostics: Diagnostic[] };

/** Reads and validates a facts file. */
export async function loadFactsFile(file: string): Promise<FactsLoadResult> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, diagnostics: [{ file, line: 1, col: 1, path: "", message: code === "ENOENT" ? "file not found" : `cannot read: ${code ?? String(e)}` }] };
  }
  return loadFactsText(text, file);
}

/** Parses and validates facts text; `file` names it in diagnostics. */
export function loadFactsText(text: string, file: string): FactsLoadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const p = lines.linePos(offset);
    return { line: p.line, col: p.col };
  };
  if (doc.errors.length) {
    return { ok: false, diagnostics: doc.errors.map((e) => ({ file, ...at(e.pos[0]), path: "", message: `syntax: ${e.message.split("\n")[0] ?? e.message}` })) };
  }
  const parsed = Facts.safeParse(doc.toJS() ?? {});
  if (parsed.success) return { ok: true, facts: parsed.data };
  const diagnostics = parsed.error.issues.map((issue): Diagnostic => {
    const path = issue.path.map((k) => (typeof k === "symbol" ? String(k) : k));
    const key = issue.code === "unrecognized_keys" ? issue.keys[0] : undefined;
    const message = issue.code === "unrecognized_keys" ? `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}` : issue.message.replace(/^Invalid input: /, "");
    return { file, ...at(offsetOf(doc, key === undefined ? path : [...path, key], key !== undefined)), path: pathText(path), message };
  });
  return { ok: false, diagnostics: diagnostics.sort((a, b) => a.line - b.line || a.col - b.col) };
}

/** Offset of the node at `path` (of its key when `atKey`), or of the nearest ancestor found. */
function offsetOf(doc: Document, path: (string | number)[], atKey: boolean): number {
  let node: unknown = doc.contents;
  let best = doc.contents?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const k = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === k);
      if (!pair) break;
      const keyStart = (pair.key as Node).range?.[0] ?? best;
      if (i === path.length - 1 && atKey) return keyStart;
      node = pair.value;
      best = (node as Node | null)?.range?.[0] ?? keyStart;
    } else if (isSeq(node) && typeof k === "number") {
      const item = node.items[k] as Node | undefined;
      if (!item) break;
      node = item;
      best = item.range?.[0] ?? best;
    } else break;
  }
  return best;
}
