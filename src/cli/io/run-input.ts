import type { Facts } from "../../core/model/facts.ts";
import type { LoadedRunbook } from "../../core/model/validate.ts";
import { loadFactsFile } from "../../format/facts-file.ts";
import { formatDiagnostic, loadRunbookFile } from "../../format/load.ts";
import { checkKinds } from "../kinds.ts";
import { UsageError } from "../usage-error.ts";

/** `--now`: a date-time with its offset (a bare time would silently mean the machine's zone); default now. */
export function parseNow(text: string | undefined): Date {
  if (text === undefined) return new Date();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) || Number.isNaN(Date.parse(text))) {
    throw new UsageError(`--now must be an ISO 8601 date-time with offset, e.g. 2026-05-30T09:00:00+07:00; got '${text}'`);
  }
  return new Date(text);
}

/**
 * Loads a runbook and, when given, a facts file. On any problem prints every located error of
 * both files, sets exit code 2 and returns undefined.
 */
export async function loadRunInput(file: string, factsFile: string | undefined): Promise<{ loaded: LoadedRunbook; facts?: Facts } | undefined> {
  const loaded = await loadRunbookFile(file, checkKinds);
  // Facts are checked against the runbook's ids when it loaded (a typo in an id is an error, not a no-op).
  const factsResult = factsFile ? await loadFactsFile(factsFile, loaded.ok ? loaded.loaded.runbook : undefined) : undefined;
  if (!loaded.ok || (factsResult && !factsResult.ok)) {
    const diagnostics = [...(loaded.ok ? [] : loaded.diagnostics), ...(factsResult && !factsResult.ok ? factsResult.diagnostics : [])];
    for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    process.exitCode = 2;
    return undefined;
  }
  return factsResult?.ok ? { loaded: loaded.loaded, facts: factsResult.facts } : { loaded: loaded.loaded };
}
