import type { CheckRun, RunReport } from "../../checks/scheduler.ts";
import { blockingPassed } from "../../checks/scheduler.ts";
import { formatMs } from "../../checks/scheduler-parts.ts";

// What every format of `golive check` says the same way: counts, the verdict, why a check failed.

export interface CheckSummary {
  total: number;
  pass: number;
  fail: number;
  error: number;
  inconclusive: number;
  /** Checks that did not pass but are advisory. */
  advisory: number;
  passed: boolean;
  cancelled: boolean;
}

/** Counts by outcome and the verdict: every blocking check passed. */
export function summarize(report: RunReport): CheckSummary {
  const s: CheckSummary = { total: report.results.length, pass: 0, fail: 0, error: 0, inconclusive: 0, advisory: 0, passed: blockingPassed(report), cancelled: report.cancelled };
  for (const r of report.results) {
    s[r.fact.outcome]++;
    if (r.advisory && r.fact.outcome !== "pass") s.advisory++;
  }
  return s;
}

/**
 * Why a check did not pass, on one line: the conditions that did not hold with their observed
 * values, then the cause (`status (503) == 200 — connection reset by the server`).
 */
export function failureText(run: CheckRun): string {
  const conditions = run.fact.conditions.filter((c) => c.outcome !== "pass").map((c) => c.text);
  const parts = [...conditions];
  if (run.fact.error) parts.push(run.fact.error);
  return parts.join(" — ");
}

/** The detail a row shows: the failure, or the conditions that held. */
export function detailText(run: CheckRun): string {
  if (run.fact.outcome !== "pass") return failureText(run);
  const held = run.fact.conditions.map((c) => c.text).join("; ");
  return run.samples > 1 ? `${held} (${run.samples} samples)` : held;
}

/** `3 checks: 1 passed, 1 failed, 1 error (1 advisory) in 5.1s`. */
export function summaryLine(s: CheckSummary, durationMs: number): string {
  const parts = [`${s.pass} passed`];
  if (s.fail) parts.push(`${s.fail} failed`);
  if (s.error) parts.push(`${s.error} error${s.error === 1 ? "" : "s"}`);
  if (s.inconclusive) parts.push(`${s.inconclusive} inconclusive`);
  const advisory = s.advisory ? ` (${s.advisory} advisory, not blocking)` : "";
  return `${s.total} check${s.total === 1 ? "" : "s"}: ${parts.join(", ")}${advisory} in ${formatMs(durationMs)}`;
}
