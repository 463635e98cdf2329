import { evaluateCondition, type ConditionExpr, type Operand, type ParsedCondition } from "../core/conditions/index.ts";
import type { CheckResultFact } from "../core/model/facts.ts";

/** The judgement of one sample: the provider's values against every condition of the check. */
export interface Judgement {
  outcome: "pass" | "fail" | "inconclusive";
  conditions: CheckResultFact["conditions"];
  /** Why a value could not be judged (missing, wrong type), joined. */
  reason?: string;
}

/**
 * Applies the conditions to the values: fail if any fails, else inconclusive if any could not be
 * judged, else pass. A check without conditions passes when its provider observed something.
 */
export function judge(conditions: readonly ParsedCondition[], values: Readonly<Record<string, unknown>>): Judgement {
  let failed = false;
  let inconclusive = false;
  const reasons: string[] = [];
  const out: CheckResultFact["conditions"] = conditions.map((c) => {
    const r = evaluateCondition(c, values);
    if (r.outcome === "fail") failed = true;
    else if (r.outcome === "inconclusive") inconclusive = true;
    if (r.error) reasons.push(r.error);
    return { source: c.source, outcome: r.outcome, text: r.text };
  });
  const outcome = failed ? "fail" : inconclusive ? "inconclusive" : "pass";
  return reasons.length > 0 ? { outcome, conditions: out, reason: reasons.join("; ") } : { outcome, conditions: out };
}

/** The top-level value names the conditions read (`body` for `body.status == "ok"`). */
export function valuesUsed(conditions: readonly ParsedCondition[]): Set<string> {
  const used = new Set<string>();
  for (const c of conditions) walkUses(c.expr, used);
  return used;
}

// Plain functions, not closures made per call: the scheduler asks this once per check.
function addUse(o: Operand, used: Set<string>): void {
  if (o.kind === "path") used.add(o.root);
}

function walkUses(e: ConditionExpr, used: Set<string>): void {
  switch (e.kind) {
    case "compare":
    case "contains":
      addUse(e.left, used);
      addUse(e.right, used);
      return;
    case "matches":
      addUse(e.left, used);
      return;
    case "exists":
      addUse(e.operand, used);
      return;
    case "and":
    case "or":
      for (const p of e.parts) walkUses(p, used);
      return;
    case "not":
      walkUses(e.operand, used);
      return;
  }
}
