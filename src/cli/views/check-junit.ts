import type { RunReport } from "../../checks/scheduler.ts";
import { failureText, summarize } from "./check-summary.ts";

// JUnit XML as CI systems read it (GitLab, Jenkins, GitHub test reporters): one testsuite for the
// runbook, one testcase per check; fail -> <failure>, error/inconclusive -> <error>, advisory
// checks that did not pass -> <skipped> with the reason (shown, never blocking).

/** Escapes text for XML, dropping characters XML 1.0 cannot hold at all. */
export function xmlEscape(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** The results as a JUnit XML document. */
export function renderCheckJunit(report: RunReport, runbook: { id: string; title: string }): string {
  const s = summarize(report);
  const failures = report.results.filter((r) => !r.advisory && r.fact.outcome === "fail").length;
  const errors = report.results.filter((r) => !r.advisory && (r.fact.outcome === "error" || r.fact.outcome === "inconclusive")).length;
  const skipped = s.advisory;
  const cases = report.results.map((r) => {
    const name = xmlEscape(r.title ? `${r.id}: ${r.title}` : r.id);
    const open = `    <testcase name="${name}" classname="${xmlEscape(`golive.${runbook.id}.${r.kind}`)}" time="${seconds(r.fact.duration_ms)}"`;
    if (r.fact.outcome === "pass") return `${open}/>`;
    const message = xmlEscape(failureText(r) || r.fact.outcome);
    const body = xmlEscape(
      [...r.fact.conditions.map((c) => `${c.outcome}: ${c.text}`), ...(r.fact.error ? [`cause: ${r.fact.error}`] : [])].join("\n"),
    );
    const tag = r.advisory ? "skipped" : r.fact.outcome === "fail" ? "failure" : "error";
    const type = r.advisory ? "" : ` type="${r.fact.outcome}"`;
    return `${open}>\n      <${tag} message="${message}"${type}>${body}</${tag}>\n    </testcase>`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="golive check" tests="${s.total}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(report.durationMs)}">`,
    `  <testsuite name="${xmlEscape(`${runbook.id}: ${runbook.title}`)}" tests="${s.total}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(report.durationMs)}" timestamp="${new Date(report.startedAt).toISOString()}">`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}
