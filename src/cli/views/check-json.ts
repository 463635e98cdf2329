import type { RunReport } from "../../checks/scheduler.ts";
import { summarize } from "./check-summary.ts";

/** The results for CI as JSON: the verdict, counts, and each check's result fact. */
export function renderCheckJson(report: RunReport, runbook: { id: string; file: string }): string {
  const summary = summarize(report);
  const doc = {
    runbook: runbook.id,
    file: runbook.file,
    passed: summary.passed,
    cancelled: summary.cancelled,
    started_at: new Date(report.startedAt).toISOString(),
    duration_ms: Math.round(report.durationMs),
    summary: { total: summary.total, pass: summary.pass, fail: summary.fail, error: summary.error, inconclusive: summary.inconclusive, advisory: summary.advisory },
    results: report.results.map((r) => ({
      ...r.fact,
      title: r.title ?? null,
      kind: r.kind,
      advisory: r.advisory,
      blocking: !r.advisory,
      samples: r.samples,
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
