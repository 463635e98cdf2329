import { checkKinds } from "../checks/kinds.ts";
import { computeStatus } from "../core/engine/index.ts";
import { Facts } from "../core/model/facts.ts";
import type { Runbook } from "../core/model/runbook.ts";
import { formatDiagnostic, loadRunbookText } from "../format/load.ts";
import { importMarkdown, runbookText } from "../format/markdown/import.ts";

/**
 * For tests: imports `md`, loads the runbook the way `golive validate` does (throwing its located
 * errors when it does not load), and gives the report, the runbook, every checklist item in
 * document order and the status with no facts.
 */
export function imported(md: string) {
  const r = importMarkdown(md, checkKinds);
  const loaded = loadRunbookText(runbookText(r.runbook, "yaml"), "doc.yaml", checkKinds);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map(formatDiagnostic).join("\n"));
  const items = (rb: Runbook) => rb.sections.flatMap(function all(s): Runbook["sections"][number]["items"] { return [...s.items, ...s.sections.flatMap(all)]; });
  return { report: r.report, rb: loaded.loaded.runbook, items: items(loaded.loaded.runbook), status: computeStatus(loaded.loaded, Facts.parse({}), new Date("2026-06-01T00:00:00Z")) };
}
