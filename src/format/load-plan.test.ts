import { describe, expect, it } from "vitest";
import { checkKinds } from "../checks/kinds.ts";
import { formatDiagnostic, loadRunbookText } from "./load.ts";

// The plan's fields (after, duration, not_before, stream) and what validation says about them.

const HEAD = `golive: 1
meta: { id: demo, title: Demo }
`;

function lines(text: string): string[] {
  const r = loadRunbookText(text, "rb.yaml", checkKinds);
  return r.ok ? [] : r.diagnostics.map(formatDiagnostic);
}

describe("plan validation", () => {
  it("accepts tasks and steps with predecessors across phases, durations, fixed starts and streams", () => {
    const r = loadRunbookText(`${HEAD}steps:
  - { id: s1, title: Deploy, duration: 20m, stream: devops, not_before: "07:00" }
timeline:
  rollback_deadline: "11:00"
  forecast: { finish: t3, past_deadline: no_go }
  recovery: { from: t2, to: t3, target: 30m }
  phases:
    - id: p1
      title: One
      start: "06:00"
      tasks:
        - { id: t1, at: "06:00", title: A, duration: 30m }
    - id: p2
      title: Two
      start: "07:00"
      tasks:
        - { id: t2, at: "07:00", title: B, after: [t1, s1], not_before: "07:00", stream: dba }
        - { id: t3, at: "07:30", title: C }
`, "rb.yaml", checkKinds);
    expect(r.ok ? [] : r.diagnostics.map(formatDiagnostic)).toEqual([]);
    if (!r.ok) return;
    expect(r.loaded.runbook.timeline?.forecast).toEqual({ finish: "t3", past_deadline: "no_go" });
  });

  it("finds unknown ids, a shared task/step id and cycles, with their locations, all at once", () => {
    const out = lines(`${HEAD}steps:
  - { id: t1, title: Deploy }
timeline:
  forecast: { finish: t9 }
  recovery: { from: t2, to: nope, target: 30m }
  phases:
    - id: p1
      title: One
      start: "06:00"
      tasks:
        - { id: t1, at: "06:00", title: A }
        - { id: t2, at: "06:10", title: B, after: [t4] }
        - { id: t3, at: "06:20", title: C, after: [t2, t22] }
        - { id: t4, at: "06:30", title: D, after: [t3] }
`);
    expect(out).toEqual([
      "rb.yaml:6:23 timeline.forecast.finish: unknown task or step 't9'; did you mean 't1'?",
      "rb.yaml:7:29 timeline.recovery.to: unknown task or step 'nope'",
      "rb.yaml:13:17 timeline.phases[0].tasks[0].id: task id 't1' is also a step id; the plan needs one name per task or step",
      "rb.yaml:14:51 timeline.phases[0].tasks[1].after: task dependency cycle: t2 -> t4 -> t3 -> t2",
      "rb.yaml:15:56 timeline.phases[0].tasks[2].after[1]: unknown task or step 't22'; did you mean 't2'?",
    ]);
  });

  it("rejects a malformed duration and fixed start where they stand", () => {
    const out = lines(`${HEAD}timeline:
  phases:
    - id: p1
      title: One
      start: "06:00"
      tasks:
        - { id: t1, at: "06:00", title: A, duration: half an hour, not_before: soon }
`);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^rb\.yaml:9:54 timeline\.phases\[0\]\.tasks\[0\]\.duration: a duration/);
    expect(out[1]).toMatch(/tasks\[0\]\.not_before: a clock time/);
  });
});
