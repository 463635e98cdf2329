import { describe, expect, it } from "vitest";
import { canDecideHypercare, computeStatus } from "./index.ts";
import { at, facts, load, now, plain, result } from "../../testing/engine-kit.ts";
import type { FactsInput } from "../model/facts.ts";

// Seed 003's hypercare: 24 h from the go-live announcement, the first-24h thresholds green for
// 24 h, the end-of-day checklist done, no P1/P2 during it, the support handover signed.
const RB = `
golive: 1
meta: { id: erp, title: ERP, timezone: Asia/Ho_Chi_Minh, date: "2026-05-30" }
roles:
  - { id: tech-lead, members: [tina] }
  - { id: support, members: [sam] }
checks:
  - { id: error-rate, kind: http, config: { url: "http://127.0.0.1:1/" }, conditions: ["status == 200"] }
  - { id: p95-alert, kind: http, config: { url: "http://127.0.0.1:1/" }, conditions: ["status == 200"] }
sections:
  - id: eod
    title: End of Day 1
    items: [{ id: eod-flows, title: All critical flows working, owner: tech-lead }]
incidents:
  severities: [{ id: P1, title: P1 }, { id: P2, title: P2 }, { id: P3, title: P3 }]
monitoring:
  windows:
    - id: first-24h
      title: First 24h
      to: +24h
      metrics:
        - { id: error-rate, title: Error rate, target: < 0.1%, check: error-rate }
        - { id: p95, title: Response p95, alert: "> 500ms", alert_check: p95-alert }
signoffs:
  - { id: handover, title: Handover to support, role: support }
hypercare:
  duration: 24h
  owners: tech-lead
  exit:
    green_for: 24h
    windows: [first-24h]
    items: [eod-flows]
    incidents: { no_open: [P1], none_opened: [P1, P2] }
    signoffs: [handover]
`;

const D2 = "2026-05-31";
const run = { golive_at: at("11:00") };
const close = (by: string, when: Date) => ({ action: "close" as const, by, at: when.toISOString() });
const greenSince = (clock: string) => [result("error-rate", "pass", at(clock)), result("p95-alert", "pass", at(clock))];
const healthy: FactsInput = {
  run,
  checks: [...greenSince("10:50"), result("error-rate", "pass", at("11:00", D2)), result("p95-alert", "pass", at("11:00", D2))],
  items: [{ item: "eod-flows", state: "done", by: "tina", at: at("23:00") }],
  signoffs: [{ signoff: "handover", by: "sam", at: at("10:00", D2) }],
};

describe("hypercare", () => {
  const loaded = load(RB);

  it("has not started before the go-live moment, and says when it will", () => {
    const s = computeStatus(loaded, facts({ run }), now("10:00"));
    expect(s.hypercare?.state).toBe("not_started");
    expect(plain(s.hypercare?.reasons)).toEqual(["hypercare has not started: it starts at the go-live moment"]);
    expect(canDecideHypercare(loaded, facts({ run }), now("10:00"), close("tina", now("10:00"))).ok).toBe(false);
  });

  it("runs its clock from go-live: ends 24 h later, time left counts down", () => {
    const s = computeStatus(loaded, facts(healthy), now("17:00"));
    expect(s.hypercare).toMatchObject({ state: "running", startedAt: "2026-05-30T04:00:00.000Z", endsAt: "2026-05-31T04:00:00.000Z", remainingMs: 18 * 3600_000, elapsed: false });
    // A check green since before go-live counts from the start of hypercare only.
    expect(s.hypercare?.criteria.find((c) => c.id === "error-rate")).toMatchObject({ met: false, greenSince: "2026-05-30T04:00:00.000Z", greenMs: 6 * 3600_000, window: "first-24h/error-rate" });
    expect(plain(s.hypercare?.closeBlockers)).toContain("hypercare may close only after its period ends 2026-05-31 11:00: the runbook allows no early exit");
  });

  it("exits only when the period is over, every criterion holds and the sign-off is given", () => {
    const at2 = now("11:00", D2);
    const s = computeStatus(loaded, facts(healthy), at2);
    expect(s.hypercare?.criteria.map((c) => [c.kind, c.id, c.met])).toEqual([
      ["check", "error-rate", true], ["check", "p95-alert", true], ["item", "eod-flows", true],
      ["no_open_incidents", "P1", true], ["no_incidents", "P1,P2", true], ["signoff", "handover", true],
    ]);
    expect(s.hypercare).toMatchObject({ state: "ready", mayClose: true, criteriaHold: true, remainingMs: 0 });
    expect(canDecideHypercare(loaded, facts(healthy), at2, close("tina", at2))).toEqual({ ok: true });
    const closed = computeStatus(loaded, facts({ ...healthy, hypercare: [close("tina", at2)] }), now("12:00", D2));
    expect(closed.hypercare).toMatchObject({ state: "closed", closedBy: "tina", closedAt: at2.toISOString(), criteriaHold: true, mayClose: false });
    // Closed is closed: a second close and an extension are refused.
    expect(canDecideHypercare(loaded, facts({ ...healthy, hypercare: [close("tina", at2)] }), now("12:00", D2), close("tina", now("12:00", D2))).ok).toBe(false);
  });

  it("refuses the close while a check fails, a threshold broke within green_for, or the sign-off is missing", () => {
    const at2 = now("11:00", D2);
    const failing = { ...healthy, checks: [...greenSince("10:50"), result("error-rate", "pass", at("11:00", D2)), result("p95-alert", "fail", at("10:59", D2), ["p95 (620ms) <= 500ms"])] };
    expect(plain(canDecideHypercare(loaded, facts(failing), at2, close("tina", at2)))).toEqual({
      ok: false, reasons: ["check p95-alert (first-24h/p95) is not green: check p95-alert failed 2026-05-31 10:59: p95 (620ms) <= 500ms"],
    });
    const broke = { ...healthy, checks: [...greenSince("10:50"), result("error-rate", "fail", at("20:00")), ...greenSince("21:00"), result("error-rate", "pass", at("11:00", D2)), result("p95-alert", "pass", at("11:00", D2))] };
    expect(canDecideHypercare(loaded, facts(broke), at2, close("tina", at2)).ok).toBe(false);
    expect(plain(computeStatus(loaded, facts(broke), at2).hypercare?.closeBlockers)).toEqual(["check error-rate green since 21:00: 14h of the 24h it must hold"]);
    const unsigned = { ...healthy, signoffs: [] };
    expect(plain(computeStatus(loaded, facts(unsigned), at2).hypercare?.closeBlockers)).toEqual(["sign-off ‘Handover to support’ pending"]);
    expect(canDecideHypercare(loaded, facts(unsigned), at2, close("tina", at2)).ok).toBe(false);
  });

  it("counts incidents: a P2 during hypercare fails the exit even when resolved; an open P1 too", () => {
    const at2 = now("11:00", D2);
    const incident = { id: "INC-1", title: "Orders stuck", severity: "P2", opened_at: at("15:00"), opened_by: "sam", resolved_at: at("16:00") };
    const s = computeStatus(loaded, facts({ ...healthy, incidents: [incident] }), at2);
    expect(s.hypercare?.incidents).toEqual(["INC-1"]);
    expect(plain(s.hypercare?.closeBlockers)).toEqual(["incident INC-1 (P2) opened during hypercare 15:00: Orders stuck"]);
    const before = { ...incident, id: "INC-0", opened_at: at("09:00"), resolved_at: at("09:30") };
    expect(computeStatus(loaded, facts({ ...healthy, incidents: [before] }), at2).hypercare?.mayClose).toBe(true);
  });

  it("is closed only by an owner, and extended with a reason, which moves the end", () => {
    const at2 = now("11:00", D2);
    expect(plain(canDecideHypercare(loaded, facts(healthy), at2, close("sam", at2)))).toEqual({
      ok: false, reasons: ["sam may not close or extend hypercare: it needs role 'tech-lead' (members: tina)"],
    });
    const ext = { action: "extend" as const, by: "tina", at: at("18:00"), extend_by: "12h", comment: "orders backlog" };
    expect(plain(canDecideHypercare(loaded, facts(healthy), now("18:00"), { ...ext, comment: " " }))).toEqual({ ok: false, reasons: ["an extension needs a duration (extend_by) and a reason (comment)"] });
    expect(plain(canDecideHypercare(loaded, facts(healthy), now("18:00"), { ...ext, extend_by: "99999999w" }))).toEqual({ ok: false, reasons: ["an extension of 699999993d is longer than the 365d allowed at once"] });
    const s = computeStatus(loaded, facts({ ...healthy, hypercare: [ext] }), at2);
    expect(s.hypercare).toMatchObject({ state: "running", endsAt: "2026-05-31T16:00:00.000Z", extendedMs: 12 * 3600_000, extensions: [{ by: "tina", extendBy: "12h", comment: "orders backlog" }] });
    expect(canDecideHypercare(loaded, facts({ ...healthy, hypercare: [ext] }), at2, close("tina", at2)).ok).toBe(false);
  });

  it("a close recorded while the rule did not hold is refused on replay and never counts", () => {
    const early = close("tina", now("18:00"));
    const s = computeStatus(loaded, facts({ ...healthy, hypercare: [early] }), now("12:00", D2));
    expect(s.hypercare?.state).toBe("ready");
    expect(s.refused.map((r) => `${r.kind} ${r.target} ${r.action}`)).toEqual(["hypercare hypercare close"]);
  });

  it("may close early when the runbook allows it, once the criteria hold", () => {
    const early = load(RB.replace("  duration: 24h\n", "  duration: 24h\n  early_exit: true\n").replace("green_for: 24h", "green_for: 6h"));
    const t = now("23:30");
    expect(computeStatus(early, facts({ ...healthy, signoffs: [{ signoff: "handover", by: "sam", at: at("17:00") }] }), t).hypercare?.mayClose).toBe(true);
  });

  it("starts after a named wave closes (a pilot's criteria after W4)", () => {
    const pilot = load(`
golive: 1
meta: { id: p, title: P, timezone: Asia/Ho_Chi_Minh }
roles: [{ id: ops, members: [olga] }]
waves: [{ id: W4, title: W4 }]
hypercare: { duration: 7d, owners: ops, starts_after: { kind: wave, id: W4 } }
`);
    const opened = facts({ waves: [{ wave: "W4", action: "open", by: "olga", at: at("09:00") }] });
    expect(computeStatus(pilot, opened, now("10:00")).hypercare?.state).toBe("not_started");
    const closed = facts({ waves: [{ wave: "W4", action: "open", by: "olga", at: at("09:00") }, { wave: "W4", action: "close", by: "olga", at: at("10:00") }] });
    const s = computeStatus(pilot, closed, now("11:00"));
    expect(s.hypercare).toMatchObject({ state: "running", startedAt: "2026-05-30T03:00:00.000Z", endsAt: "2026-06-06T03:00:00.000Z" });
  });

  it("a runbook's hypercare that names what does not exist, or lasts over a year, does not load, each problem located", () => {
    const bad = RB.replace("  duration: 24h\n", "  duration: 400d\n  starts_after: { kind: wave, id: W9 }\n").replace("    signoffs: [handover]", "    signoffs: [handoff]");
    expect(() => load(bad)).toThrow(/hypercare of at most 365d[\s\S]*unknown wave 'W9'[\s\S]*unknown signoff 'handoff'/);
  });
});
