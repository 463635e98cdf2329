import type { CheckResultFact } from "../model/facts.ts";
import { iso, memo, say, type Ctx } from "./context.ts";
import type { Reason } from "./reasons.ts";
import { requirement, stateReason } from "./requires.ts";
import type { CheckStatus, RequirementStatus } from "./types.ts";
import { activeWaiver } from "./waivers.ts";

/** A check's state from its latest result: pass, fail, inconclusive, error; pending before it runs. */
export function checkStatus(ctx: Ctx, id: string): CheckStatus {
  const fallback = (): CheckStatus => ({ id, kind: "?", advisory: false, state: "pending", conditions: [], reasons: [say(ctx, "check.unknown", { check: id })] });
  return memo(ctx, `check:${id}`, () => {
    const check = ctx.book.checks.get(id);
    if (!check) return fallback();
    const result = ctx.book.checkResults.latest(id, ctx.t);
    const out: CheckStatus = { id, kind: check.kind, advisory: check.advisory, state: "pending", conditions: [], reasons: [] };
    if (check.title) out.title = check.title;
    if (ctx.book.held.has(id)) {
      // Held until an admin approves the runbook: whatever was recorded, it has not been allowed to run.
      out.awaitingApproval = true;
      out.reasons.push(say(ctx, "check.awaiting_approval", { check: id }));
      return out;
    }
    if (!result) out.reasons.push(say(ctx, "check.not_run", { check: id }));
    else {
      out.state = result.outcome;
      out.at = iso(new Date(result.at));
      out.durationMs = result.duration_ms;
      out.conditions = result.conditions.map((c) => ({ source: c.source, outcome: c.outcome, text: c.text }));
      if (result.error) out.error = result.error;
      if (result.outcome !== "pass") out.reasons.push(resultReason(ctx, id, result));
    }
    const waiver = out.state === "pass" ? undefined : activeWaiver(ctx, id);
    if (waiver) {
      out.state = "waived";
      out.waiver = waiver.id;
      out.reasons.push(say(ctx, "waived", { by: waiver.by, waiver: waiver.id, until: iso(new Date(waiver.expires)) }));
    }
    return out;
  }, fallback);
}

/** `check chaos-recovery failed 09:12: status (500) == 200`: the conditions that did not hold, with observed values. */
export function resultReason(ctx: Ctx, id: string, result: CheckResultFact): Reason {
  const notHeld = result.conditions.filter((c) => c.outcome !== "pass");
  // The conditions' own texts (`status (500) == 200`) are expressions with observed values: the same in every language.
  const why = result.error ?? (result.outcome === "pass" ? result.conditions : notHeld).map((c) => c.text).join("; ");
  return say(ctx, "check.result", { check: id, outcome: result.outcome, at: iso(new Date(result.at)), ...(why ? { detail: why } : {}) });
}

/** Passes or is waived. */
export function checkMet(s: CheckStatus): boolean {
  return s.state === "pass" || s.state === "waived";
}

/** A check as a prerequisite: met when it passes or is waived; an advisory check is shown but never blocks. */
export function checkRequirement(ctx: Ctx, id: string): RequirementStatus {
  const s = checkStatus(ctx, id);
  return requirement("check", id, s.state, checkMet(s) || s.advisory, s.reasons[0] ?? stateReason(ctx, "check", id, s.state, s.title), s.title);
}
