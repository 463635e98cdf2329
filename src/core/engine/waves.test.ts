import { describe, expect, it } from "vitest";
import { canAttest, canOpenWave, computeStatus } from "./index.ts";
import { at, facts, load, now, result, plain } from "../../testing/engine-kit.ts";

const RB = `
golive: 1
meta: { id: t, title: T, timezone: Asia/Ho_Chi_Minh, date: "2026-05-30" }
roles:
  - { id: po, members: [pat] }
  - { id: telesale, members: [tam] }
  - { id: sec, members: [sara] }
checks:
  - { id: success-rate, kind: prometheus, config: { url: "http://127.0.0.1:9090", query: "x" }, conditions: ["value >= 99.5%"] }
  - { id: smoke, kind: http, config: { url: "http://127.0.0.1:1/" }, conditions: ["status == 200"] }
gates:
  - { id: G-1, title: Ready, requires: { checks: [smoke] } }
waves:
  - id: W1
    title: One source
    requires: { gates: [G-1] }
    soak: 7d
    exit:
      - { id: W1-success, title: Success rate, target: ">= 99.5%", check: success-rate }
      - { id: W1-survey, title: Telesale survey, target: ">= 4/5", attest: { by: telesale, condition: "value >= 4" } }
  - id: W2
    title: Five sources
    soak: 2d
    exit:
      - { id: W2-ok, title: Managers happy, attest: { by: [po, telesale] } }
  - { id: W3, title: All }
waivers:
  - { id: crit, title: Criterion waiver, targets: [W1-survey], grantors: sec, max_duration: 3d }
`;

const wave = (s: ReturnType<typeof computeStatus>, id: string) => s.waves.find((w) => w.id === id)!;
const smokeOk = result("smoke", "pass", at("08:00", "2026-05-01"));
const open = (w: string, time: string, by = "pat") => ({ wave: w, action: "open" as const, by, at: time });

describe("waves", () => {
  const loaded = load(RB);

  it("W1 may open once its own requires pass; before that an open is refused with the reason", () => {
    const s0 = computeStatus(loaded, facts(), now("09:00", "2026-05-01"));
    expect(plain(wave(s0, "W1"))).toMatchObject({ state: "closed", mayOpen: false, openBlockers: ["gate ‘Ready’ pending: check smoke has not run"] });
    expect(plain(wave(s0, "W2").openBlockers)).toEqual(["wave W1 has not opened"]);
    const early = facts({ waves: [open("W1", at("07:00", "2026-05-01"))], checks: [smokeOk] });
    const s1 = computeStatus(loaded, early, now("09:00", "2026-05-01"));
    expect(plain(s1.refused)).toEqual([{ kind: "wave", target: "W1", action: "open", by: "pat", at: "2026-05-01T00:00:00.000Z", reasons: ["gate ‘Ready’ pending: check smoke has not run"] }]);
    expect(wave(s1, "W1").state).toBe("closed");
    expect(wave(s1, "W1").mayOpen).toBe(true);
    const ok = facts({ waves: [open("W1", at("09:00", "2026-05-01"))], checks: [smokeOk] });
    const s2 = computeStatus(loaded, ok, now("09:30", "2026-05-01"));
    expect(wave(s2, "W1")).toMatchObject({ state: "open", openedAt: "2026-05-01T02:00:00.000Z", soakEndsAt: "2026-05-08T02:00:00.000Z", mayOpen: false });
    expect(plain(wave(s2, "W1").openBlockers)).toEqual(["wave W1 is already open"]);
  });

  const running = (extra: Parameters<typeof facts>[0] = {}) =>
    facts({
      ...extra,
      waves: [open("W1", at("09:00", "2026-05-01")), ...(extra.waves ?? [])],
      checks: [smokeOk, ...(extra.checks ?? [])],
      attestations: extra.attestations ?? [],
    });

  it("criteria count only what was measured while the wave was open", () => {
    const f = running({ checks: [result("success-rate", "pass", at("08:00", "2026-05-01"))] });
    const s = computeStatus(loaded, f, now("12:00", "2026-05-02"));
    const c = wave(s, "W1").criteria.find((x) => x.id === "W1-success")!;
    expect(c.state).toBe("pending");
    expect(plain(c.reasons[0])).toBe("criterion W1-success: check success-rate has not run since wave W1 opened 2026-05-01 09:00");
  });

  it("attested criteria: a member's value judged by the condition; a non-member is refused", () => {
    const f = running({
      attestations: [
        { criterion: "W1-survey", value: 5, by: "pat", at: at("10:00", "2026-05-02") },
        { criterion: "W1-survey", value: 3.5, by: "tam", at: at("11:00", "2026-05-02") },
      ],
    });
    const s = computeStatus(loaded, f, now("12:00", "2026-05-02"));
    expect(plain(s.refused)).toEqual([{
      kind: "attestation", target: "W1-survey", by: "pat", at: "2026-05-02T03:00:00.000Z",
      reasons: ["pat may not attest W1-survey: attesters are role 'telesale' (members: tam)"],
    }]);
    const c = wave(s, "W1").criteria.find((x) => x.id === "W1-survey")!;
    expect(c).toMatchObject({ state: "not_met", by: "tam" });
    expect(c.text).toMatch(/3\.5/);
    expect(wave(s, "W1").state).toBe("failed");
  });

  it("canAttest: wave must be open; a condition needs a value; `met` otherwise", () => {
    const notOpen = canAttest(loaded, facts({ checks: [smokeOk] }), now("10:00", "2026-05-01"), { criterion: "W1-survey", value: 5, by: "tam", at: at("10:00", "2026-05-01"), evidence: [] });
    expect(plain(notOpen)).toEqual({ ok: false, reasons: ["wave W1 is not open"] });
    const f = running();
    const noValue = canAttest(loaded, f, now("10:00", "2026-05-02"), { criterion: "W1-survey", met: true, by: "tam", at: at("10:00", "2026-05-02"), evidence: [] });
    expect(plain(noValue)).toEqual({ ok: false, reasons: ["criterion W1-survey: needs a value for `value >= 4`"] });
    const good = canAttest(loaded, f, now("10:00", "2026-05-02"), { criterion: "W1-survey", value: 4.2, by: "tam", at: at("10:00", "2026-05-02"), evidence: [] });
    expect(good).toEqual({ ok: true });
    const text = canAttest(loaded, f, now("10:00", "2026-05-02"), { criterion: "W1-survey", value: "4/5", by: "tam", at: at("10:00", "2026-05-02"), evidence: [] });
    expect(text.ok).toBe(false);
    expect(plain(!text.ok && text.reasons[0])).toMatch(/^criterion W1-survey: value \("4\/5"\) >= 4: /);
    const byCheck = canAttest(loaded, f, now("10:00", "2026-05-02"), { criterion: "W1-success", met: true, by: "tam", at: at("10:00", "2026-05-02"), evidence: [] });
    expect(byCheck.ok).toBe(false);
  });

  const w1Good = {
    checks: [result("success-rate", "pass", at("10:00", "2026-05-07"), ["value (99.8%) >= 99.5%"])],
    attestations: [{ criterion: "W1-survey", value: 4.4, by: "tam", at: at("10:00", "2026-05-07") }],
  };

  it("W2 may open only when W1's criteria hold AND its soak has passed", () => {
    const f = running(w1Good);
    const beforeSoak = computeStatus(loaded, f, now("12:00", "2026-05-07"));
    expect(wave(beforeSoak, "W1")).toMatchObject({ state: "passed", exitHolds: true, soakElapsed: false });
    expect(wave(beforeSoak, "W2").mayOpen).toBe(false);
    expect(plain(wave(beforeSoak, "W2").openBlockers)).toEqual(["W1 exit: wave W1 soak (7d) ends 2026-05-08 09:00"]);
    const afterSoak = computeStatus(loaded, f, now("09:00", "2026-05-08"));
    expect(wave(afterSoak, "W1")).toMatchObject({ state: "passed", exitHolds: true, soakElapsed: true });
    expect(wave(afterSoak, "W2")).toMatchObject({ mayOpen: true, openBlockers: [] });
    expect(canOpenWave(loaded, f, now("09:00", "2026-05-08"), open("W2", at("09:00", "2026-05-08")))).toEqual({ ok: true });
    expect(canOpenWave(loaded, f, now("08:59", "2026-05-08"), open("W2", at("08:59", "2026-05-08"))).ok).toBe(false);
    // W3 waits for W2.
    expect(plain(wave(afterSoak, "W3").openBlockers)).toEqual(["wave W2 has not opened"]);
  });

  it("an early W2 open is refused; a later one counts, and W2's own soak starts then", () => {
    const f = running({ ...w1Good, waves: [open("W2", at("09:00", "2026-05-07")), open("W2", at("10:00", "2026-05-08"))] });
    const s = computeStatus(loaded, f, now("11:00", "2026-05-08"));
    expect(plain(s.refused.map((r) => [r.target, r.at]))).toEqual([["W2", "2026-05-07T02:00:00.000Z"]]);
    expect(plain(s.refused[0]?.reasons[0])).toMatch(/^W1 exit: /);
    expect(wave(s, "W2")).toMatchObject({ state: "open", openedAt: "2026-05-08T03:00:00.000Z", soakEndsAt: "2026-05-10T03:00:00.000Z" });
  });

  it("a failed criterion waived by a valid waiver no longer blocks", () => {
    const f = running({
      checks: w1Good.checks,
      attestations: [{ criterion: "W1-survey", value: 3, by: "tam", at: at("10:00", "2026-05-07") }],
      waivers: [{ id: "WV", policy: "crit", target: "W1-survey", by: "sara", at: at("11:00", "2026-05-07"), expires: at("11:00", "2026-05-09"), reason: "n=1" }],
    });
    const s = computeStatus(loaded, f, now("09:00", "2026-05-08"));
    expect(wave(s, "W1").criteria.find((c) => c.id === "W1-survey")?.state).toBe("waived");
    expect(wave(s, "W1").state).toBe("passed");
    expect(wave(s, "W2").mayOpen).toBe(true);
    const expired = computeStatus(loaded, f, now("11:00", "2026-05-09"));
    expect(wave(expired, "W1").state).toBe("failed");
  });

  it("closing a wave is accepted only when it is open", () => {
    const f = running({ waves: [{ wave: "W2", action: "close", by: "pat", at: at("10:00", "2026-05-02") }, { wave: "W1", action: "close", by: "pat", at: at("11:00", "2026-05-02") }] });
    const s = computeStatus(loaded, f, now("12:00", "2026-05-02"));
    expect(plain(s.refused.map((r) => r.reasons[0]))).toEqual(["wave W2 is not open"]);
    expect(wave(s, "W1")).toMatchObject({ state: "closed", closedAt: "2026-05-02T04:00:00.000Z" });
  });
});
