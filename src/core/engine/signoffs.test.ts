import { describe, expect, it } from "vitest";
import { canSignOff, computeStatus } from "./index.ts";
import { at, facts, load, now, result, plain } from "../../testing/engine-kit.ts";

const RB = `
golive: 1
meta: { id: t, title: T, timezone: Asia/Ho_Chi_Minh, date: "2026-05-30" }
roles:
  - { id: qa, members: [quinn] }
  - { id: dev, members: [dan, quinn] }
  - { id: po, members: [pat] }
  - { id: cab, members: [c1, c2, c3] }
checks:
  - { id: e2e, kind: http, config: { url: "http://127.0.0.1:1/" }, conditions: ["status == 200"] }
gates:
  - { id: G-1, title: Tested, requires: { checks: [e2e] } }
signoffs:
  - { id: S-dev, title: Developer, role: dev, requires: { gates: [G-1] } }
  - { id: S-qa, title: QA, role: qa, requires: { gates: [G-1] }, separate_from: [S-dev] }
  - { id: S-po, title: Product owner, role: po, requires: { signoffs: [S-dev, S-qa] } }
  - { id: S-cab, title: Change board, role: cab, quorum: 2 }
`;

const sign = (signoff: string, by: string, clock: string) => ({ signoff, by, at: at(clock) });
const green = result("e2e", "pass", at("08:00"));

describe("sign-offs", () => {
  const loaded = load(RB);

  it("refused before prerequisites pass, with the reason", () => {
    expect(plain(canSignOff(loaded, facts(), now("09:00"), sign("S-dev", "dan", "09:00")))).toEqual({
      ok: false, reasons: ["S-dev prerequisite: gate ‘Tested’ pending: check e2e has not run"],
    });
    expect(canSignOff(loaded, facts({ checks: [green] }), now("09:00"), sign("S-dev", "dan", "09:00"))).toEqual({ ok: true });
  });

  it("holds against the assignment history: a role taken after a sign-off does not validate it", () => {
    const change = (dev: string[], clock: string) => ({ assignments: { dev }, by: "admin", at: at(clock), reason: "cover" });
    // eve signs at 09:00 and is made a developer only at 10:00: her sign-off stays refused.
    const late = facts({ checks: [green], signoffs: [sign("S-dev", "eve", "09:00")], assignment_changes: [change(["eve"], "10:00")] });
    const s = computeStatus(loaded, late, now("11:00"));
    expect(s.signoffs.find((x) => x.id === "S-dev")?.signers).toEqual([]);
    expect(s.refused.map((r) => `${r.kind} ${r.target} ${r.by}`)).toEqual(["signoff S-dev eve"]);
    // Assigned at 08:30, she may sign at 09:00; removed at 10:00, she may not any more, and her
    // earlier sign-off still counts (she held the role when she signed).
    const held = facts({ checks: [green], signoffs: [sign("S-dev", "eve", "09:00")], assignment_changes: [change(["eve"], "08:30"), change([], "10:00")] });
    expect(computeStatus(loaded, held, now("11:00")).signoffs.find((x) => x.id === "S-dev")?.signers.map((x) => x.by)).toEqual(["eve"]);
    expect(canSignOff(loaded, held, now("11:00"), sign("S-qa", "eve", "11:00")).ok).toBe(false);
  });

  it("refused from a non-member; run assignments add members", () => {
    const f = facts({ checks: [green] });
    expect(plain(canSignOff(loaded, f, now("09:00"), sign("S-dev", "eve", "09:00")))).toEqual({
      ok: false, reasons: ["eve may not sign S-dev: it needs role 'dev' (members: dan, quinn)"],
    });
    const assigned = facts({ checks: [green], assignments: { dev: ["eve"] } });
    expect(canSignOff(loaded, assigned, now("09:00"), sign("S-dev", "eve", "09:00"))).toEqual({ ok: true });
  });

  it("separation of duties: the same person cannot sign both, in either order", () => {
    const f = facts({ checks: [green], signoffs: [sign("S-dev", "quinn", "09:00")] });
    const r = canSignOff(loaded, f, now("09:05"), sign("S-qa", "quinn", "09:05"));
    expect(plain(r)).toEqual({ ok: false, reasons: ["quinn signed S-dev 09:00; S-qa must be signed by someone else (separation of duties)"] });
    const other = facts({ checks: [green], signoffs: [sign("S-qa", "quinn", "09:00")] });
    expect(canSignOff(loaded, other, now("09:05"), sign("S-dev", "quinn", "09:05")).ok).toBe(false);
  });

  it("quorum counts distinct people; the same person twice is refused and not counted", () => {
    const f = facts({ signoffs: [sign("S-cab", "c1", "09:00"), sign("S-cab", "c1", "09:01")] });
    const s = computeStatus(loaded, f, now("09:02"));
    const cab = s.signoffs.find((x) => x.id === "S-cab")!;
    expect(cab.state).toBe("partial");
    expect(cab.signers.map((x) => x.by)).toEqual(["c1"]);
    expect(plain(cab.reasons[0])).toBe("needs 1 more sign-off from role 'cab' (c1, c2, c3)");
    expect(plain(s.refused)).toEqual([{ kind: "signoff", target: "S-cab", by: "c1", at: "2026-05-30T02:01:00.000Z", reasons: ["c1 already signed S-cab 09:00"] }]);
    const two = facts({ signoffs: [sign("S-cab", "c1", "09:00"), sign("S-cab", "c3", "09:01")] });
    expect(computeStatus(loaded, two, now("09:02")).signoffs.find((x) => x.id === "S-cab")?.state).toBe("given");
  });

  it("invalid sign-off facts are listed as refused and never counted; a chain completes in order", () => {
    const f = facts({
      checks: [green],
      signoffs: [sign("S-po", "pat", "08:30"), sign("S-dev", "dan", "09:00"), sign("S-qa", "quinn", "09:10"), sign("S-po", "pat", "09:20")],
    });
    const s = computeStatus(loaded, f, now("09:30"));
    expect(plain(s.refused.map((r) => [r.target, r.reasons]))).toEqual([
      ["S-po", [
        "S-po prerequisite: sign-off ‘Developer’ pending: needs 1 more sign-off from role 'dev' (dan, quinn)",
        "S-po prerequisite: sign-off ‘QA’ pending: needs 1 more sign-off from role 'qa' (quinn)",
      ]],
    ]);
    expect(s.signoffs.map((x) => [x.id, x.state])).toEqual([["S-dev", "given"], ["S-qa", "given"], ["S-po", "given"], ["S-cab", "pending"]]);
  });

  it("a sign-off whose prerequisites fail shows as waiting", () => {
    const s = computeStatus(loaded, facts({ checks: [result("e2e", "fail", at("08:00"), ["status (502) == 200"])] }), now("09:00"));
    const dev = s.signoffs.find((x) => x.id === "S-dev")!;
    expect(dev.state).toBe("waiting");
    expect(plain(dev.reasons)).toContain("gate ‘Tested’ failed: check e2e failed 08:00: status (502) == 200");
  });
});
