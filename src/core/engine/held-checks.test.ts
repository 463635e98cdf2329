import { describe, expect, it } from "vitest";
import { computeStatus } from "./index.ts";
import { at, facts, load, now, plain, result } from "../../testing/engine-kit.ts";

// Command checks of a runbook no admin approved are held: whatever results say, they never pass,
// are never waived, and the gate they are in never passes.

const RB = `
golive: 1
meta: { id: t, title: T, timezone: Asia/Ho_Chi_Minh, date: "2026-05-30" }
roles: [{ id: lead, members: [leo] }]
checks:
  - { id: migrate-ok, kind: command, config: { run: "true" } }
gates:
  - { id: G-1, title: Schema migrated, requires: { checks: [migrate-ok] } }
waivers:
  - { id: risk, title: Accepted risk, targets: [migrate-ok], grantors: lead, max_duration: 1d }
`;

describe("held checks (awaiting an admin's approval)", () => {
  const loaded = load(RB);
  const passed = facts({ checks: [result("migrate-ok", "pass", at("08:00"))] });
  const held = new Set(["migrate-ok"]);

  it("a passing result of a held check counts for nothing: pending, NO-GO, saying why", () => {
    expect(computeStatus(loaded, passed, now("09:00")).go).toBe(true);
    const s = computeStatus(loaded, passed, now("09:00"), { held });
    expect(s.go).toBe(false);
    expect(s.checks[0]).toMatchObject({ id: "migrate-ok", state: "pending", awaitingApproval: true });
    expect(s.gates[0]?.state).toBe("pending");
    expect(plain(s.reasons)).toEqual(["gate ‘Schema migrated’ pending: check migrate-ok runs a command and awaits an admin's approval of the runbook"]);
  });

  it("a waiver does not stand in for the approval", () => {
    const waived = facts({ checks: [], waivers: [{ id: "WV-1", policy: "risk", target: "migrate-ok", by: "leo", at: at("08:00"), expires: at("18:00"), reason: "r" }] });
    expect(computeStatus(loaded, waived, now("09:00")).checks[0]?.state).toBe("waived");
    const s = computeStatus(loaded, waived, now("09:00"), { held });
    expect(s.checks[0]?.state).toBe("pending");
    expect(s.go).toBe(false);
  });
});
