import { asList, verifyParts } from "../../core/model/access.ts";
import type { Runbook } from "../../core/model/runbook.ts";

// The whole runbook as plain data, normalised only where Markdown genuinely cannot tell two
// spellings apart, so that `import(export(runbook))` can be compared with deep equality. Every
// normalisation is listed here with the reason; anything else a round trip changes is a bug.
//
//  1. for_each is exported expanded (a document a team writes has no templates): `vars` goes,
//     and a reference to a template id stands for the ids it expanded to. An item's `check` that
//     names a check template names no single check once expanded, so it goes too.
//  2. One id or a list of one id (`owner`, `approvers`, attest `by`, `grantors`), one condition
//     or a list of one (`conditions`), a verify as text or as `{ text }`: the model's two
//     spellings of one value (see core/model/access.ts), which Markdown text cannot tell apart.
//  3. A checkbox is `[ ]` or `[x]`: an item whose `done` was never written reads back not done.
//  4. Markdown text has no types: a numeric `meta.version` reads back as the same text.
//  5. Markdown text is one line in a table cell or a heading: whitespace runs (line breaks
//     included) in texts read back as one space. So does an alert's PromQL `expr` (in a Settings
//     cell), where whitespace means nothing. Commands, configs, conditions, the incident
//     template and addresses keep every character.

const ROLE_KEYS = new Set(["owner", "approvers", "by", "grantors"]);
/** Keys whose value is a list of ids that may name a for_each template. */
const REF_KEYS = new Set(["items", "checks", "gates", "waves", "criteria", "signoffs", "depends_on", "needs", "separate_from", "targets", "only_after", "windows", "after"]);
/** Keys whose value is code or an expression, where whitespace may matter: kept as it is. */
const VERBATIM = new Set(["command", "config", "conditions", "condition", "template", "url", "runbook_url", "id"]);

/** `rb` as plain data, normalised as listed above; `templates` maps template ids to expanded ids. */
export function semanticContent(rb: Runbook, templates: Map<string, string[]> = new Map()): unknown {
  const data = JSON.parse(JSON.stringify(rb)) as Record<string, unknown>;
  delete data.vars;
  if (data.meta && typeof data.meta === "object") {
    const meta = data.meta as Record<string, unknown>;
    if (typeof meta.version === "number") meta.version = String(meta.version);
  }
  return walk(data, "", templates);
}

function walk(v: unknown, key: string, templates: Map<string, string[]>): unknown {
  if (typeof v === "string") return VERBATIM.has(key) ? v : v.replace(/\s+/g, " ").trim();
  if (Array.isArray(v)) {
    const list: unknown[] = REF_KEYS.has(key) ? v.flatMap((x: unknown) => (typeof x === "string" ? (templates.get(x) ?? [x]) : [x])) : v;
    return list.map((x) => walk(x, key, templates));
  }
  if (!v || typeof v !== "object") return v;
  const obj = v as Record<string, unknown>;
  // A deploy step (it has sub-steps) holds verify and rollback; elsewhere `rollback` is a plan or a word.
  const isStep = Array.isArray(obj.steps) && typeof obj.id === "string" && "title" in obj;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(obj)) {
    if (ROLE_KEYS.has(k) || k === "conditions") out[k] = asList(x as string | string[]);
    else if (isStep && (k === "verify" || k === "rollback")) out[k] = verifyParts(x as Parameters<typeof verifyParts>[0]);
    else if (k === "check" && typeof x === "string" && templates.has(x)) continue;
    else out[k] = x;
    out[k] = walk(out[k], k, templates);
  }
  // Only a checklist item has `evidence` (it always has, by default).
  if ("evidence" in out) out.done ??= false;
  return out;
}
