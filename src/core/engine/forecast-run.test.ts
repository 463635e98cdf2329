import { describe, expect, it } from "vitest";
import { at, facts, load, now } from "../../testing/engine-kit.ts";
import { computeStatus } from "./index.ts";

// The forecast inside a run's status: actual times from the run's facts, the past-deadline reason
// as a warning on undecided checkpoints and unmet gates, and NO-GO where the runbook says so.

const rb = (pastDeadline: "warn" | "no_go") => load(`
golive: 1
meta: { id: f, title: F, timezone: Asia/Ho_Chi_Minh, date: "2026-05-30" }
roles: [{ id: lead, members: [lee] }]
gates: [{ id: G1, title: G1, requires: { items: [ready] } }]
sections: [{ id: s, title: S, items: [{ id: ready, title: Ready }] }]
timeline:
  rollback_deadline: "11:00"
  forecast: { finish: announce, past_deadline: ${pastDeadline} }
  phases:
    - id: p1
      title: Migrate
      start: "09:00"
      tasks:
        - { id: export, at: "09:00", title: Export, duration: 30m }
        - { id: migrate, at: "09:30", title: Migrate, duration: 60m }
        - { id: announce, at: "10:30", title: Announce, duration: 0m }
      checkpoint: { id: CP, title: Go on, at: "10:45", approvers: lead }
`);

describe("forecast in the run status", () => {
  it("on plan: fits, no warning", () => {
    const s = computeStatus(rb("no_go"), facts({ run: { started_at: at("09:00") } }), now("09:00"));
    expect(s.forecast?.fitsDeadline).toBe(true);
    expect(s.forecast?.marginMs).toBe(30 * 60_000);
    expect(s.forecast?.criticalPath).toEqual(["export", "migrate", "announce"]);
    expect(s.reasons.map((r) => r.code)).not.toContain("forecast.past_deadline");
  });

  it("a task that ran long: the finish passes the deadline, warns at the checkpoint and gate, and makes NO-GO where the runbook says so", () => {
    const f = facts({ run: { started_at: at("09:00") }, tasks: [{ task: "export", started_at: at("09:00"), ended_at: at("10:10") }, { task: "migrate", started_at: at("10:10") }], items: [{ item: "ready", state: "done", by: "lee", at: at("09:00") }] });
    const strict = computeStatus(rb("no_go"), f, now("10:20"));
    expect(strict.forecast).toMatchObject({ fitsDeadline: false, finish: new Date(at("11:10")).toISOString() });
    expect(strict.forecast?.tasks.map((t) => [t.id, t.state, t.late])).toEqual([["export", "done", true], ["migrate", "running", true], ["announce", "pending", true]]);
    expect(strict.verdict).toBe("no_go");
    expect(strict.reasons.map((r) => r.text)).toContain("forecast finish 11:10 passes the rollback deadline 11:00 by 10m (announce)");
    expect(strict.timeline?.phases[0]?.checkpoint?.warnings?.map((r) => r.code)).toEqual(["forecast.past_deadline"]);

    const lenient = computeStatus(rb("warn"), f, now("10:20"));
    expect(lenient.forecast?.fitsDeadline).toBe(false);
    expect(lenient.reasons.map((r) => r.code)).not.toContain("forecast.past_deadline");
    expect(lenient.gates[0]?.warnings).toBeUndefined();
  });

  it("a rebaselined rehearsal: planned times and the deadline move to its start", () => {
    const s = computeStatus(rb("no_go"), facts({ run: { started_at: at("14:00"), baseline_start: at("14:00") } }), now("14:00"));
    expect(s.forecast?.shiftMs).toBe(5 * 3_600_000);
    expect(s.forecast?.rollbackDeadline).toBe(new Date(at("16:00")).toISOString());
    expect(s.forecast?.fitsDeadline).toBe(true);
    expect(s.forecast?.tasks.some((t) => t.late)).toBe(false);
  });
});
