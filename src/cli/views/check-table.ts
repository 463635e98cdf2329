import type { RunReport } from "../../checks/scheduler.ts";
import { formatMs } from "../../checks/scheduler-parts.ts";
import { detailText, summarize, summaryLine } from "./check-summary.ts";
import { paint } from "./paint.ts";

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - text.replace(ANSI, "").length));
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const LABEL = { pass: "pass", fail: "FAIL", error: "ERROR", inconclusive: "INCONCLUSIVE" } as const;

/** The results as a table, failures first, then the verdict line. */
export function renderCheckTable(report: RunReport): string {
  const order = { error: 0, fail: 1, inconclusive: 2, pass: 3 } as const;
  const rows = [...report.results].sort((a, b) => order[a.fact.outcome] - order[b.fact.outcome] || Number(a.advisory) - Number(b.advisory));
  const cells = rows.map((r) => {
    const label = LABEL[r.fact.outcome];
    const painted = r.fact.outcome === "pass" ? paint.green(label) : r.advisory ? paint.yellow(label) : paint.red(label);
    return [
      r.advisory && r.fact.outcome !== "pass" ? `${painted} ${paint.dim("(advisory)")}` : painted,
      r.id,
      r.kind,
      formatMs(r.fact.duration_ms),
      cut(detailText(r).replace(/\s+/g, " "), 160),
    ];
  });
  const header = ["RESULT", "CHECK", "KIND", "TIME", "DETAIL"].map((h) => paint.dim(h));
  const all = [header, ...cells];
  const widths = header.map((_, i) => Math.max(...all.map((c) => (c[i] ?? "").replace(ANSI, "").length)));
  const lines = all.map((c) => c.map((cell, i) => (i === c.length - 1 ? cell : pad(cell, widths[i] ?? 0))).join("  ").trimEnd());
  const s = summarize(report);
  const verdict = s.cancelled
    ? paint.red(`cancelled: ${report.results.filter((r) => !/^cancelled before it ran$/.test(r.fact.error ?? "")).length} of ${s.total} checks ran`)
    : s.passed
      ? paint.green("every blocking check passed")
      : paint.red("a blocking check did not pass");
  return `${lines.join("\n")}\n\n${summaryLine(s, report.durationMs)}\n${verdict}\n`;
}
