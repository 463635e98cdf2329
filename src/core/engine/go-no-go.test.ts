import { describe, expect, it } from "vitest";
import { computeStatus } from "./index.ts";
import { at, facts, load, now, result, plain } from "../../testing/engine-kit.ts";

const RB = `
golive: 1
meta: { id: t, title: T, timezone: Asia/Ho_Chi_Minh, date: "2026-05-30" }
roles: [{ id: lead, members: [leo] }]
checks:
  - { id: api, kind: http, config: { url: "http://127.0.0.1:1/" }, conditions: ["status == 200"] }
gates:
  - { id: G-1, title: API up, requires: { checks: [api] } }
signoffs:
  - { id: S-1, title: Lead, role: lead, requires: { gates: [G-1] } }
rollback:
  decision_matrix:
    - { issue: Data loss, severity: P2, rollback: "yes", approvers: lead }
incidents:
  severities:
    - { id: P0, title: Outage, communication: { update_every: 15m } }
    - { id: P2, title: Degraded }
    - { id: P3, title: Minor, rollback: "no", communication: { update_every: 1h } }
`;

const ready = {
  checks: [result("api", "pass", at("08:00"))],
  signoffs: [{ signoff: "S-1", by: "leo", at: at("08:10") }],
};

describe("go / no-go", () => {
  const loaded = load(RB);

  it("no-go lists every blocker", () => {
    const s = computeStatus(loaded, facts(), now("09:00"));
    expect(s.go).toBe(false);
    expect(s.verdict).toBe("no_go");
    expect(plain(s.reasons)).toEqual([
      "gate ‘API up’ pending: check api has not run",
      "sign-off ‘Lead’ waiting: needs 1 more sign-off from role 'lead' (leo); gate ‘API up’ pending: check api has not run",
    ]);
  });

  it("go when gates pass and sign-offs are given", () => {
    const s = computeStatus(loaded, facts(ready), now("09:00"));
    expect(s.go).toBe(true);
    expect(s.verdict).toBe("go");
    expect(plain(s.reasons[0])).toBe("1 gate(s) pass");
  });

  it("an open incident stops the go when its severity says rollback (decision matrix) or is P0/P1; resolved ones do not", () => {
    const p3 = facts({ ...ready, incidents: [{ id: "INC-1", title: "Typo", severity: "P3", opened_at: at("08:30"), opened_by: "leo" }] });
    expect(computeStatus(loaded, p3, now("09:00")).go).toBe(true);
    const p2 = facts({ ...ready, incidents: [{ id: "INC-2", title: "Orders lost", severity: "P2", opened_at: at("08:30"), opened_by: "leo" }] });
    const s2 = computeStatus(loaded, p2, now("09:00"));
    expect(s2.go).toBe(false);
    expect(plain(s2.reasons)).toEqual(["incident INC-2 (P2) open: Orders lost"]);
    const p0 = facts({ ...ready, incidents: [{ id: "INC-3", title: "Down", severity: "P0", opened_at: at("08:30"), opened_by: "leo", resolved_at: at("08:50") }] });
    expect(computeStatus(loaded, p0, now("08:40")).go).toBe(false);
    expect(computeStatus(loaded, p0, now("09:00")).go).toBe(true);
    expect(computeStatus(loaded, p0, now("09:00")).incidents[0]?.state).toBe("resolved");
  });

  it("incidents: next update from the severity's cadence, overdue flag", () => {
    const f = facts({ incidents: [{
      id: "INC-1", title: "Down", severity: "P0", opened_at: at("08:30"), opened_by: "leo",
      updates: [{ at: at("08:40"), by: "leo", text: "investigating" }],
    }] });
    const on = computeStatus(loaded, f, now("08:50")).incidents[0]!;
    expect(on).toMatchObject({ state: "open", blocksGo: true, nextUpdateDue: "2026-05-30T01:55:00.000Z", updateOverdue: false });
    const late = computeStatus(loaded, f, now("08:56")).incidents[0]!;
    expect(late.updateOverdue).toBe(true);
    expect(plain(late.reasons)).toContain("incident INC-1: update was due 08:55 (every 15m)");
    // Before the update was posted, the next one was due from the opening.
    expect(computeStatus(loaded, f, now("08:35")).incidents[0]?.nextUpdateDue).toBe("2026-05-30T01:45:00.000Z");
  });

  it("facts after `now` are left out and counted", () => {
    const s = computeStatus(loaded, facts(ready), now("08:05"));
    expect(s.laterFacts).toBe(1);
    // The check at 08:00 counts, the sign-off at 08:10 is still to come.
    expect(s.gates[0]?.state).toBe("passing");
    expect(s.signoffs[0]?.state).toBe("pending");
  });

  it("a cycle the validator cannot see (gate needs a sign-off that needs the gate) ends, pending", () => {
    const cyclic = load(`
golive: 1
meta: { id: c, title: C, timezone: UTC, date: "2026-05-30" }
roles: [{ id: lead, members: [leo] }]
gates: [{ id: G, title: G, requires: { signoffs: [S] } }]
signoffs: [{ id: S, title: S, role: lead, requires: { gates: [G] } }]
`);
    const s = computeStatus(cyclic, facts({ signoffs: [{ signoff: "S", by: "leo", at: "2026-05-30T08:00:00Z" }] }), new Date("2026-05-30T09:00:00Z"));
    expect(s.gates[0]?.state).toBe("pending");
    expect(s.signoffs[0]?.state).toBe("waiting");
    expect(plain(s.refused[0]?.reasons[0])).toMatch(/^S prerequisite: gate ‘G’ pending: sign-off ‘S’ /);
  });

  it("the status is plain JSON", () => {
    const s = computeStatus(loaded, facts(ready), now("09:00"));
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});
