import { describe, expect, it } from "vitest";
import type { CheckRun, RunReport } from "../../checks/scheduler.ts";
import { renderCheckJson } from "./check-json.ts";
import { renderCheckJunit, xmlEscape } from "./check-junit.ts";
import { createProgress } from "./check-progress.ts";
import { renderCheckTable } from "./check-table.ts";

const run = (id: string, outcome: CheckRun["fact"]["outcome"], extra: Partial<CheckRun["fact"]> = {}, advisory = false): CheckRun => ({
  id,
  kind: "http",
  advisory,
  samples: 1,
  fact: { check: id, outcome, at: "2026-05-28T06:00:00.000Z", duration_ms: 12, conditions: [], ...extra },
});

const report: RunReport = {
  startedAt: Date.parse("2026-05-28T06:00:00Z"),
  durationMs: 1_500,
  cancelled: false,
  results: [
    run("ok", "pass", { conditions: [{ source: "status == 200", outcome: "pass", text: "status (200) == 200" }] }),
    run("slow", "fail", { conditions: [{ source: "p95 < 1s", outcome: "fail", text: "p95 (1.3s) < 1s" }, { source: "x == 1", outcome: "pass", text: "x (1) == 1" }] }),
    run("down", "error", { error: "connection refused (127.0.0.1:9)" }),
    run("hint", "fail", { conditions: [{ source: "status == 200", outcome: "fail", text: "status (404) == 200" }] }, true),
  ],
};

function sink(isTTY: boolean) {
  const out = { text: "", isTTY, columns: 80, write: (s: string) => (out.text += s) };
  return out;
}

describe("check views", () => {
  it("table: failures first with observed values and causes, then counts and verdict", () => {
    const lines = renderCheckTable(report).split("\n");
    expect(lines[1]).toMatch(/^ERROR\s+down\s+http\s+12ms\s+connection refused \(127\.0\.0\.1:9\)$/);
    expect(lines[2]).toMatch(/^FAIL\s+slow .*p95 \(1\.3s\) < 1s$/);
    expect(lines[3]).toMatch(/^FAIL \(advisory\)\s+hint .*status \(404\) == 200$/);
    expect(lines[4]).toMatch(/^pass\s+ok/);
    expect(renderCheckTable(report)).toContain("4 checks: 1 passed, 2 failed, 1 error (1 advisory, not blocking) in 1.5s\na blocking check did not pass");
  });

  it("json: verdict, summary and facts", () => {
    const doc = JSON.parse(renderCheckJson(report, { id: "rb", file: "rb.yaml" })) as { passed: boolean; summary: Record<string, number>; results: { check: string; blocking: boolean }[] };
    expect(doc.passed).toBe(false);
    expect(doc.summary).toEqual({ total: 4, pass: 1, fail: 2, error: 1, inconclusive: 0, advisory: 1 });
    expect(doc.results.map((r) => [r.check, r.blocking])).toEqual([["ok", true], ["slow", true], ["down", true], ["hint", false]]);
  });

  it("junit: failure, error and skipped advisory testcases", () => {
    const xml = renderCheckJunit(report, { id: "rb", title: "R & B" });
    expect(xml).toContain('tests="4" failures="1" errors="1" skipped="1"');
    expect(xml).toContain('<failure message="p95 (1.3s) &lt; 1s" type="fail">fail: p95 (1.3s) &lt; 1s\npass: x (1) == 1</failure>');
    expect(xml).toContain('<error message="connection refused (127.0.0.1:9)" type="error">cause: connection refused (127.0.0.1:9)</error>');
    expect(xml).toContain('<skipped message="status (404) == 200">');
    expect(xml).toContain('name="rb: R &amp; B"');
    expect(xmlEscape("a\u0000b<'\">")).toBe("a\uFFFDb&lt;&apos;&quot;&gt;");
  });

  it("progress: plain lines when not a terminal", () => {
    const out = sink(false);
    const p = createProgress(out, 2);
    p.onEvent({ type: "started", check: "ok", at: 0 });
    p.onEvent({ type: "finished", run: report.results[0] as CheckRun });
    p.onEvent({ type: "finished", run: report.results[1] as CheckRun });
    p.stop();
    expect(out.text).toBe("[1/2] PASS ok (12ms)\n[2/2] FAIL slow (12ms): p95 (1.3s) < 1s\n");
  });

  it("progress: a live status line on a terminal, redrawn in place", () => {
    const out = sink(true);
    let now = 0;
    const p = createProgress(out, 3, () => now);
    p.onEvent({ type: "started", check: "ok", at: 0 });
    p.onEvent({ type: "started", check: "slow", at: 0 });
    now = 2_000;
    p.onEvent({ type: "finished", run: report.results[0] as CheckRun });
    p.stop();
    // eslint-disable-next-line no-control-regex
    const text = out.text.replace(/\u001b\[[0-9;]*m/g, "");
    expect(text).toContain("\r\u001b[2K✔ ok 12ms\n");
    expect(text).toContain("1/3 done, 1 passed · 2s · running slow");
    expect(text.endsWith("\r\u001b[2K")).toBe(true);
  });
});
