import { describe, expect, it } from "vitest";
import type { StepFact } from "../model/facts.ts";
import { canStepAction, computeStatus } from "./index.ts";
import { at, facts, load, now, result, plain } from "../../testing/engine-kit.ts";

const RB = `
golive: 1
meta: { id: t, title: T, timezone: Asia/Ho_Chi_Minh, date: "2026-05-30" }
checks:
  - { id: api-up, kind: http, config: { url: "http://127.0.0.1:1/" }, conditions: ["status == 200"] }
timeline:
  rollback_deadline: "11:00"
steps:
  - { id: "1", title: Freeze writes, rollback: Unfreeze }
  - { id: "2", title: Deploy API, verify: { checks: [api-up] }, rollback: Redeploy previous }
  - id: "3"
    title: Migrate
    steps:
      - { id: 3a, title: Schema }
      - { id: 3b, title: Data }
  - { id: "4", title: Announce, after: ["1"] }
`;

const step = (id: string, action: StepFact["action"], clock: string, by = "op"): StepFact => ({ step: id, action, by, at: at(clock) });
const stateOf = (s: ReturnType<typeof computeStatus>, id: string) => s.steps.find((x) => x.id === id)?.state;

describe("steps", () => {
  const loaded = load(RB);

  it("order from flattenSteps: the first step is ready, the others wait", () => {
    const s = computeStatus(loaded, facts(), now("08:00"));
    expect(s.steps.map((x) => [x.id, x.state])).toEqual([["1", "ready"], ["2", "pending"], ["3", "pending"], ["3a", "pending"], ["3b", "pending"], ["4", "pending"]]);
    expect(plain(s.steps.find((x) => x.id === "2")?.reasons)).toEqual(["step 2 waits for step 1 (ready)"]);
  });

  it("a step may start only when its `after` steps are done", () => {
    const f = facts({ steps: [step("1", "start", "08:00")] });
    expect(plain(canStepAction(loaded, f, now("08:05"), step("2", "start", "08:05")))).toEqual({ ok: false, reasons: ["step 2 waits for step 1 (running)"] });
    const done = facts({ steps: [step("1", "start", "08:00"), step("1", "done", "08:10")] });
    expect(canStepAction(loaded, done, now("08:15"), step("2", "start", "08:15"))).toEqual({ ok: true });
    expect(canStepAction(loaded, done, now("08:15"), step("4", "start", "08:15"))).toEqual({ ok: true });
    // A step recorded out of order in a facts file is refused, never counted.
    const outOfOrder = facts({ steps: [step("2", "start", "08:00")] });
    const s = computeStatus(loaded, outOfOrder, now("08:30"));
    expect(plain(s.refused)).toEqual([{ kind: "step", target: "2", action: "start", by: "op", at: "2026-05-30T01:00:00.000Z", reasons: ["step 2 waits for step 1 (ready)"] }]);
    expect(stateOf(s, "2")).toBe("pending");
  });

  it("start -> verify (its checks must pass) -> done", () => {
    const f = facts({ steps: [step("1", "start", "08:00"), step("1", "done", "08:10"), step("2", "start", "08:15")] });
    expect(plain(canStepAction(loaded, f, now("08:20"), step("2", "done", "08:20")))).toEqual({ ok: false, reasons: ["step 2 must be verified before it is done"] });
    expect(plain(canStepAction(loaded, f, now("08:20"), step("2", "verify", "08:20")))).toEqual({ ok: false, reasons: ["check api-up has not run"] });
    const checked = facts({ ...f, checks: [result("api-up", "pass", at("08:19"))] });
    expect(canStepAction(loaded, checked, now("08:20"), step("2", "verify", "08:20"))).toEqual({ ok: true });
    const verified = facts({ ...checked, steps: [...f.steps, step("2", "verify", "08:20")] });
    expect(stateOf(computeStatus(loaded, verified, now("08:21")), "2")).toBe("verified");
    expect(canStepAction(loaded, verified, now("08:21"), step("2", "done", "08:21"))).toEqual({ ok: true });
    expect(canStepAction(loaded, verified, now("08:21"), step("2", "rolled_back", "08:21")).ok).toBe(false);
  });

  it("a parent is done when all its sub-steps are; actions go to the sub-steps", () => {
    const base = [step("1", "start", "08:00"), step("1", "done", "08:01"), step("2", "start", "08:02"), step("2", "verify", "08:03"), step("2", "done", "08:04")];
    const checks = [result("api-up", "pass", at("08:02"))];
    const half = facts({ checks, steps: [...base, step("3a", "start", "08:05"), step("3a", "done", "08:06")] });
    const s1 = computeStatus(loaded, half, now("08:07"));
    expect([stateOf(s1, "3"), stateOf(s1, "3a"), stateOf(s1, "3b")]).toEqual(["running", "done", "ready"]);
    expect(plain(canStepAction(loaded, half, now("08:07"), step("3", "done", "08:07")))).toEqual({ ok: false, reasons: ["step 3 has sub-steps (3a, 3b): record their progress"] });
    const all = facts({ checks, steps: [...half.steps, step("3b", "start", "08:07"), step("3b", "done", "08:08")] });
    expect(stateOf(computeStatus(loaded, all, now("08:09")), "3")).toBe("done");
  });

  it("fail -> rollback -> rolled_back; a failed step blocks go until rolled back", () => {
    const failed = facts({ steps: [step("1", "start", "08:00"), step("1", "fail", "08:05")] });
    const s = computeStatus(loaded, failed, now("08:06"));
    expect(stateOf(s, "1")).toBe("failed");
    expect(s.go).toBe(false);
    expect(plain(s.reasons)).toContain("step 1 failed; not rolled back");
    const back = facts({ steps: [...failed.steps, step("1", "rollback", "08:10"), step("1", "rolled_back", "08:20")] });
    const s2 = computeStatus(loaded, back, now("08:30"));
    expect(stateOf(s2, "1")).toBe("rolled_back");
    expect(plain(s2.reasons.some((r) => r.text.startsWith("step 1")))).toBe(false);
  });

  it("rollback is refused after the rollback deadline: fix forward only", () => {
    const f = facts({ steps: [step("1", "start", "10:00"), step("1", "done", "10:30")] });
    expect(canStepAction(loaded, f, now("10:59"), step("1", "rollback", "10:59"))).toEqual({ ok: true });
    expect(plain(canStepAction(loaded, f, now("11:00"), step("1", "rollback", "11:00")))).toEqual({ ok: false, reasons: ["rollback deadline 11:00 has passed: fix forward only"] });
    expect(computeStatus(loaded, f, now("11:00")).timeline).toMatchObject({ fixForward: true, rollbackDeadline: "2026-05-30T04:00:00.000Z" });
    expect(computeStatus(loaded, f, now("10:59")).timeline?.fixForward).toBe(false);
  });
});
