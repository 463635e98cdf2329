import type { CheckResultFact } from "../model/facts.ts";
import { iso, memo, timeText, type Ctx } from "./context.ts";
import type { CheckStatus } from "./types.ts";
import { activeWaiver } from "./waivers.ts";

/** A check's state from its latest result: pass, fail, inconclusive, error; pending before it runs. */
export function checkStatus(ctx: Ctx, id: string): CheckStatus {
  const fallback = (): CheckStatus => ({ id, kind: "?", advisory: false, state: "pending", conditions: [], reasons: [`check ${id} is unknown`] });
  return memo(ctx, `check:${id}`, () => {
    const check = ctx.book.checks.get(id);
    if (!check) return fallback();
    const result = ctx.book.checkResults.latest(id, ctx.t);
    const out: CheckStatus = { id, kind: check.kind, advisory: check.advisory, state: "pending", conditions: [], reasons: [] };
    if (check.title) out.title = check.title;
    if (!result) out.reasons.push(`check ${id} has not run`);
    else {
      out.state = result.outcome;
      out.at = iso(new Date(result.at));
      out.durationMs = result.duration_ms;
      out.conditions = result.conditions.map((c) => ({ source: c.source, outcome: c.outcome, text: c.text }));
      if (result.error) out.error = result.error;
      if (result.outcome !== "pass") out.reasons.push(resultText(ctx, id, result));
    }
    const waiver = out.state === "pass" ? undefined : activeWaiver(ctx, id);
    if (waiver) {
      out.state = "waived";
      out.waiver = waiver.id;
      out.reasons.push(`waived by ${waiver.by} (${waiver.id}) until ${timeText(ctx, waiver.expires)}`);
    }
    return out;
  }, fallback);
}

/** `check chaos-recovery failed 09:12: status (500) == 200`: the conditions that did not hold, with observed values. */
export function resultText(ctx: Ctx, id: string, result: CheckResultFact): string {
  const verb = result.outcome === "pass" ? "passed" : result.outcome === "fail" ? "failed" : result.outcome === "error" ? "errored" : "was inconclusive";
  const notHeld = result.conditions.filter((c) => c.outcome !== "pass");
  const why = result.error ?? (result.outcome === "pass" ? result.conditions : notHeld).map((c) => c.text).join("; ");
  return `check ${id} ${verb} ${timeText(ctx, result.at)}${why ? `: ${why}` : ""}`;
}

/** Passes or is waived. */
export function checkMet(s: CheckStatus): boolean {
  return s.state === "pass" || s.state === "waived";
}
