import type { CheckKinds } from "../core/model/check-kind.ts";
import { expandRunbook, pathText } from "../core/model/expand.ts";
import { Runbook } from "../core/model/runbook.ts";
import { validateRunbook, type LoadedRunbook } from "../core/model/validate.ts";
import { formatDiagnostic, parseLocated, readSource, type Diagnostic } from "./located.ts";

export { formatDiagnostic, pathText, type Diagnostic };

export type LoadResult = { ok: true; loaded: LoadedRunbook } | { ok: false; diagnostics: Diagnostic[] };

/** Reads, parses and validates a runbook file; every problem is reported at once. */
export async function loadRunbookFile(file: string, kinds: CheckKinds): Promise<LoadResult> {
  const source = await readSource(file);
  return source.ok ? loadRunbookText(source.text, file, kinds) : source;
}

/** Parses and validates runbook YAML text; `file` names it in diagnostics. */
export function loadRunbookText(text: string, file: string, kinds: CheckKinds): LoadResult {
  const parsed = parseLocated(text, file, Runbook, "docs/runbook-format.md");
  if (!parsed.ok) return parsed;
  const { problems, loaded } = validateRunbook(expandRunbook(parsed.data), kinds);
  for (const p of problems) parsed.at(p.path, p.message, p.offset === undefined ? {} : { offset: p.offset });
  const diagnostics = parsed.done();
  return diagnostics.length ? { ok: false, diagnostics } : { ok: true, loaded };
}
