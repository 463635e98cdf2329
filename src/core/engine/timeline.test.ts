import { describe, expect, it } from "vitest";
import { canDecideCheckpoint, computeStatus } from "./index.ts";
import { at, facts, load, now, plain } from "../../testing/engine-kit.ts";

const RB = `
golive: 1
meta: { id: erp, title: ERP cutover, timezone: Asia/Jakarta, date: "2026-05-30" }
roles:
  - { id: pm, members: [pia] }
  - { id: lead, members: [leo, lia] }
sections:
  - { id: s, title: S, items: [{ id: data-ok, title: Data reconciled }] }
timeline:
  rollback_deadline: "11:00"
  phases:
    - { id: P1, title: Freeze, start: "06:00", end: "07:00" }
    - id: P2
      title: Migrate
      start: "07:00"
      end: "09:00"
      checkpoint: { id: CP-1, title: Data OK?, at: "09:00", approvers: [pm, lead], quorum: 2, requires: { items: [data-ok] } }
`;
// Asia/Jakarta is +07:00, like the kit's clock.

describe("timeline", () => {
  const loaded = load(RB);

  it("planned against actual, slippage in minutes", () => {
    const f = facts({ phases: [{ phase: "P1", started_at: at("06:10"), ended_at: at("07:25") }, { phase: "P2", started_at: at("07:30") }] });
    const t = computeStatus(loaded, f, now("08:00")).timeline!;
    expect(t.date).toBe("2026-05-30");
    expect(t.phases[0]).toMatchObject({ id: "P1", state: "done", plannedStart: "2026-05-29T23:00:00.000Z", actualEnd: "2026-05-30T00:25:00.000Z", slippageMinutes: 25, late: true });
    expect(t.phases[1]).toMatchObject({ id: "P2", state: "running", slippageMinutes: 30 });
    // A phase that has not started past its planned start slips by the clock.
    const idle = computeStatus(loaded, facts(), now("06:45")).timeline!;
    expect(idle.phases[0]).toMatchObject({ state: "pending", slippageMinutes: 45, late: true });
    expect(idle.phases[1]).toMatchObject({ state: "pending", late: false });
  });

  it("checkpoint: go needs its prerequisites and quorum distinct approvers", () => {
    const refused = canDecideCheckpoint(loaded, facts(), now("09:00"), { checkpoint: "CP-1", decision: "go", by: "pia", at: at("09:00") });
    expect(plain(refused)).toEqual({ ok: false, reasons: ["CP-1 prerequisite: ‘Data reconciled’ is not done"] });
    const ready = { items: [{ item: "data-ok", state: "done" as const, by: "leo", at: at("08:50") }] };
    const outsider = canDecideCheckpoint(loaded, facts(ready), now("09:00"), { checkpoint: "CP-1", decision: "go", by: "eve", at: at("09:00") });
    expect(plain(outsider)).toEqual({ ok: false, reasons: ["eve may not decide CP-1: approvers are roles 'pm' or 'lead' (members: pia, leo, lia)"] });
    const f = facts({ ...ready, checkpoints: [
      { checkpoint: "CP-1", decision: "go", by: "pia", at: at("09:00") },
      { checkpoint: "CP-1", decision: "go", by: "pia", at: at("09:01") },
    ] });
    const s = computeStatus(loaded, f, now("09:02"));
    const cp = s.timeline?.phases[1]?.checkpoint;
    expect(cp).toMatchObject({ decision: "pending", overdue: true, votes: [{ by: "pia", decision: "go" }] });
    expect(plain(s.refused[0]?.reasons)).toEqual(["pia already decided go on CP-1 09:00"]);
    const two = facts({ ...ready, checkpoints: [...f.checkpoints.slice(0, 1), { checkpoint: "CP-1", decision: "go", by: "leo", at: at("09:03") }] });
    expect(computeStatus(loaded, two, now("09:05")).timeline?.phases[1]?.checkpoint?.decision).toBe("go");
  });

  // The section's item is done, so that only the checkpoint decides.
  const reconciled = { items: [{ item: "data-ok", state: "done" as const, by: "leo", at: at("04:50") }] };

  it("a checkpoint past its time and undecided stops the go; one not yet due does not", () => {
    expect(computeStatus(loaded, facts(reconciled), now("08:59")).go).toBe(true);
    const late = computeStatus(loaded, facts(reconciled), now("09:00"));
    expect(late.go).toBe(false);
    expect(plain(late.reasons)).toEqual(["checkpoint ‘Data OK?’ undecided: checkpoint CP-1 needs 2 more go from roles 'pm' or 'lead' (members: pia, leo, lia); checkpoint CP-1 was due 09:00"]);
  });

  it("an undecided checkpoint that cannot be placed (no run date) stops the go", () => {
    const undated = load(RB.replace(', date: "2026-05-30"', ""));
    const s = computeStatus(undated, facts(reconciled), now("05:00"));
    expect(s.go).toBe(false);
    expect(plain(s.reasons[0])).toBe("checkpoint ‘Data OK?’ undecided: checkpoint CP-1 needs 2 more go from roles 'pm' or 'lead' (members: pia, leo, lia); checkpoint CP-1 at 09:00 cannot be placed: no run date (meta.date, timeline.date or the run's date)");
  });

  it("one approver's no-go decides no-go and stops the go; no-go needs no prerequisites", () => {
    const f = facts({ checkpoints: [{ checkpoint: "CP-1", decision: "no_go", by: "lia", at: at("09:00") }] });
    const s = computeStatus(loaded, f, now("09:05"));
    expect(plain(s.refused)).toEqual([]);
    expect(s.timeline?.phases[1]?.checkpoint?.decision).toBe("no_go");
    expect(s.go).toBe(false);
    expect(plain(s.reasons)).toContain("checkpoint CP-1 decided no-go by lia 09:00");
  });

  it("the rollback deadline is on the run date in the runbook's zone", () => {
    expect(computeStatus(loaded, facts(), now("10:00")).timeline?.rollbackDeadline).toBe("2026-05-30T04:00:00.000Z");
    expect(computeStatus(loaded, facts({ run: { date: "2026-05-23" } }), now("10:00")).timeline?.rollbackDeadline).toBe("2026-05-23T04:00:00.000Z");
  });
});
