import { describe, expect, it } from "vitest";
import { canGrantWaiver, computeStatus } from "./index.ts";
import { at, facts, load, now, result, plain } from "../../testing/engine-kit.ts";

const RB = `
golive: 1
meta: { id: t, title: T, timezone: Asia/Ho_Chi_Minh, date: "2026-05-30" }
vars: { services: [iam, pos] }
roles:
  - { id: sec, members: [sara] }
  - { id: dev, members: [dan] }
checks:
  - { id: chaos-recovery, kind: http, config: { url: "http://127.0.0.1:1/" }, conditions: ["status == 200"] }
  - { id: lint, kind: command, config: { run: "true" }, advisory: true }
  - id: svc-health
    for_each: { service: services }
    kind: http
    config: { url: "http://127.0.0.1:1/{{service}}" }
    conditions: ["status == 200"]
sections:
  - id: s
    title: S
    items:
      - { id: runbook-read, title: Runbook read }
      - { id: all-healthy, title: Every service healthy, check: svc-health }
waves:
  - { id: W1, title: W1, exit: [{ id: K-health, title: Healthy, check: svc-health }] }
gates:
  - { id: G-1, title: Services healthy, requires: { checks: [svc-health, lint] } }
  - { id: G-5, title: Chaos, requires: { checks: [chaos-recovery], items: [runbook-read] } }
  - { id: G-6, title: After chaos, requires: { gates: [G-5] } }
  - { id: G-7, title: After G-6, requires: { gates: [G-6] } }
  - { id: G-0, title: Nothing to check }
waivers:
  - { id: risk, title: Accepted risk, targets: [G-5, svc-health], grantors: sec, max_duration: 7d }
`;

const gate = (s: ReturnType<typeof computeStatus>, id: string) => s.gates.find((g) => g.id === id)!;

describe("checks", () => {
  const loaded = load(RB);
  it("pending before any result, then the latest outcome", () => {
    const s0 = computeStatus(loaded, facts(), now("09:00"));
    expect(s0.checks.find((c) => c.id === "chaos-recovery")?.state).toBe("pending");
    const f = facts({ checks: [result("chaos-recovery", "error", at("09:00")), result("chaos-recovery", "inconclusive", at("09:05"))] });
    expect(computeStatus(loaded, f, now("09:10")).checks.find((c) => c.id === "chaos-recovery")?.state).toBe("inconclusive");
    expect(computeStatus(loaded, f, now("09:01")).checks.find((c) => c.id === "chaos-recovery")?.state).toBe("error");
  });
});

describe("gates", () => {
  const loaded = load(RB);
  const green = [result("svc-health[iam]", "pass", at("09:00")), result("svc-health[pos]", "pass", at("09:00"))];

  it("a template id means all its expansions; advisory checks never block", () => {
    const one = computeStatus(loaded, facts({ checks: [green[0]!] }), now("09:10"));
    expect(gate(one, "G-1").state).toBe("pending");
    expect(plain(gate(one, "G-1").reasons)).toEqual(["check svc-health[pos] has not run"]);
    const both = computeStatus(loaded, facts({ checks: [...green, result("lint", "fail", at("09:00"))] }), now("09:10"));
    expect(gate(both, "G-1").state).toBe("passing");
    expect(gate(both, "G-1").requires.find((r) => r.id === "lint")).toMatchObject({ state: "fail", met: true });
  });

  it("failed when a required check fails, with the observed value; prerequisites' failures block", () => {
    const f = facts({ checks: [result("chaos-recovery", "fail", at("09:12"), ["status (500) == 200"])] });
    const s = computeStatus(loaded, f, now("09:15"));
    expect(gate(s, "G-5").state).toBe("failed");
    expect(plain(gate(s, "G-5").reasons)).toContain("check chaos-recovery failed 09:12: status (500) == 200");
    expect(gate(s, "G-6").state).toBe("blocked");
    expect(plain(gate(s, "G-6").reasons[0])).toMatch(/^gate ‘Chaos’ failed: check chaos-recovery failed 09:12: status \(500\) == 200/);
    expect(gate(s, "G-7").state).toBe("blocked");
    expect(plain(s.reasons.some((r) => r.text.startsWith("gate ‘After chaos’ blocked: gate ‘Chaos’ failed: check chaos-recovery failed 09:12")))).toBe(true);
  });

  it("carries reasons as codes with parameters, nested causes kept apart, instants as ISO", () => {
    const f = facts({ checks: [result("chaos-recovery", "fail", at("09:12"), ["status (500) == 200"])] });
    const s = computeStatus(loaded, f, now("09:15"));
    const blocker = s.reasons.find((r) => r.code === "go.gate" && r.params.gate === "G-6");
    expect(blocker).toMatchObject({ code: "go.gate", params: { gate: "G-6", state: "blocked" } });
    const nested = blocker?.causes?.[0];
    expect(nested).toMatchObject({ code: "requirement.gate", params: { gate: "G-5", state: "failed", more: 1 } });
    expect(nested?.text).toMatch(/ \(\+1 more\)$/);
    expect(nested?.causes).toEqual([{
      code: "check.result",
      params: { check: "chaos-recovery", outcome: "fail", at: "2026-05-30T02:12:00.000Z", detail: "status (500) == 200" },
      text: "check chaos-recovery failed 09:12: status (500) == 200",
    }]);
  });

  it("an item that failed fails the gate; pending while items are not done", () => {
    const s = computeStatus(loaded, facts({ checks: [result("chaos-recovery", "pass", at("09:00"))] }), now("09:15"));
    expect(gate(s, "G-5").state).toBe("pending");
    const failed = facts({ checks: [result("chaos-recovery", "pass", at("09:00"))], items: [{ item: "runbook-read", state: "failed", by: "dan", at: at("09:01") }] });
    expect(gate(computeStatus(loaded, failed, now("09:15")), "G-5").state).toBe("failed");
    const done = facts({ checks: [result("chaos-recovery", "pass", at("09:00"))], items: [{ item: "runbook-read", state: "done", by: "dan", at: at("09:01") }] });
    const s2 = computeStatus(loaded, done, now("09:15"));
    expect(gate(s2, "G-5").state).toBe("passing");
    expect(gate(s2, "G-6").state).toBe("passing");
    expect(gate(s2, "G-7").state).toBe("passing");
  });

  it("a gate that requires nothing stays pending", () => {
    expect(gate(computeStatus(loaded, facts(), now("09:00")), "G-0").state).toBe("pending");
  });

  it("waived by a valid waiver until it expires; the gates after it then pass", () => {
    const f = facts({
      checks: [result("chaos-recovery", "fail", at("09:12"), ["status (500) == 200"])],
      items: [{ item: "runbook-read", state: "done", by: "dan", at: at("09:01") }],
      waivers: [{ id: "WV-1", policy: "risk", target: "G-5", by: "sara", at: at("09:20"), expires: at("12:00"), reason: "vendor fix due Monday" }],
    });
    const s = computeStatus(loaded, f, now("09:30"));
    expect(gate(s, "G-5").state).toBe("waived");
    expect(gate(s, "G-5").waiver).toBe("WV-1");
    expect(gate(s, "G-6").state).toBe("passing");
    expect(s.waivers[0]?.state).toBe("active");
    const later = computeStatus(loaded, f, now("12:00"));
    expect(gate(later, "G-5").state).toBe("failed");
    expect(later.waivers[0]?.state).toBe("expired");
  });

  it("a waiver of a template covers its expansions", () => {
    const f = facts({
      checks: [green[0]!, result("svc-health[pos]", "fail", at("09:00"), ["status (503) == 200"])],
      waivers: [{ id: "WV-2", policy: "risk", target: "svc-health", by: "sara", at: at("09:20"), expires: at("18:00"), reason: "pos is dark-launched" }],
    });
    const s = computeStatus(loaded, f, now("09:30"));
    expect(s.checks.find((c) => c.id === "svc-health[pos]")?.state).toBe("waived");
    expect(gate(s, "G-1").state).toBe("passing");
  });
});

describe("template ids in checks of items and criteria", () => {
  const loaded = load(RB);
  it("an item or a criterion on a template check needs every expansion to pass", () => {
    const opened = { wave: "W1", action: "open" as const, by: "dan", at: at("08:00") };
    const one = facts({ waves: [opened], checks: [result("svc-health[iam]", "pass", at("09:00"))] });
    const s1 = computeStatus(loaded, one, now("09:10"));
    expect(plain(s1.items.find((i) => i.id === "all-healthy"))).toMatchObject({ state: "not_done", reasons: ["check svc-health[pos] has not run"] });
    expect(plain(s1.waves[0]?.criteria[0])).toMatchObject({ state: "pending", reasons: ["criterion K-health: check svc-health[pos] has not run since wave W1 opened 08:00"] });
    const failing = facts({ waves: [opened], checks: [result("svc-health[iam]", "pass", at("09:00")), result("svc-health[pos]", "fail", at("09:00"), ["status (503) == 200"])] });
    const s2 = computeStatus(loaded, failing, now("09:10"));
    expect(s2.items.find((i) => i.id === "all-healthy")?.state).toBe("failed");
    expect(s2.waves[0]?.criteria[0]?.state).toBe("not_met");
    expect(s2.waves[0]?.state).toBe("failed");
    const both = facts({ waves: [opened], checks: [result("svc-health[iam]", "pass", at("09:00")), result("svc-health[pos]", "pass", at("09:01"))] });
    const s3 = computeStatus(loaded, both, now("09:10"));
    expect(s3.items.find((i) => i.id === "all-healthy")?.state).toBe("done");
    expect(s3.waves[0]?.criteria[0]).toMatchObject({ state: "met", at: "2026-05-30T02:01:00.000Z" });
  });
});

describe("waivers", () => {
  const loaded = load(RB);
  const base = { id: "WV-9", policy: "risk", target: "G-5", by: "sara", at: at("09:00"), expires: at("18:00"), reason: "r" };

  it("valid only from a grantor, for a listed target, within max_duration", () => {
    expect(canGrantWaiver(loaded, facts(), now("09:00"), base)).toEqual({ ok: true });
    const notGrantor = canGrantWaiver(loaded, facts(), now("09:00"), { ...base, by: "dan" });
    expect(plain(notGrantor)).toEqual({ ok: false, reasons: ["dan may not grant waiver policy 'risk': grantors are role 'sec' (members: sara)"] });
    const wrongTarget = canGrantWaiver(loaded, facts(), now("09:00"), { ...base, target: "G-6" });
    expect(wrongTarget.ok).toBe(false);
    expect(plain(!wrongTarget.ok && wrongTarget.reasons[0])).toBe("waiver policy 'risk' does not cover 'G-6' (it covers G-5, svc-health)");
    const tooLong = canGrantWaiver(loaded, facts(), now("09:00"), { ...base, expires: at("09:01", "2026-06-06") });
    expect(plain(!tooLong.ok && tooLong.reasons[0])).toBe("lasts 7d 1m, longer than the policy's max_duration 7d");
    const backwards = canGrantWaiver(loaded, facts(), now("09:00"), { ...base, expires: at("08:00") });
    expect(backwards.ok).toBe(false);
    const unknown = canGrantWaiver(loaded, facts(), now("09:00"), { ...base, policy: "nope" });
    expect(plain(unknown)).toEqual({ ok: false, reasons: ["unknown waiver policy 'nope'"] });
  });

  it("a grantor added by the run's assignments may grant; invalid waivers are refused and cover nothing", () => {
    const f = facts({
      assignments: { sec: ["dan"] },
      checks: [result("chaos-recovery", "fail", at("09:12"))],
      waivers: [
        { ...base, id: "WV-A", by: "eve", at: at("09:20") },
        { ...base, id: "WV-B", by: "dan", at: at("09:21"), target: "G-5" },
      ],
    });
    const s = computeStatus(loaded, f, now("09:30"));
    expect(plain(s.refused)).toEqual([{ kind: "waiver", target: "G-5", by: "eve", at: "2026-05-30T02:20:00.000Z", reasons: ["eve may not grant waiver policy 'risk': grantors are role 'sec' (members: sara, dan)"] }]);
    expect(s.waivers.map((w) => w.id)).toEqual(["WV-B"]);
    expect(gate(s, "G-5").waiver).toBe("WV-B");
  });
});
