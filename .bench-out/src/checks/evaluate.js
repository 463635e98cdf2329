import { evaluateCondition } from "../core/conditions/index.js";
/**
 * Applies the conditions to the values: fail if any fails, else inconclusive if any could not be
 * judged, else pass. A check without conditions passes when its provider observed something.
 */
export function judge(conditions, values) {
    let failed = false;
    let inconclusive = false;
    const reasons = [];
    const out = conditions.map((c) => {
        const r = evaluateCondition(c, values);
        if (r.outcome === "fail")
            failed = true;
        else if (r.outcome === "inconclusive")
            inconclusive = true;
        if (r.error)
            reasons.push(r.error);
        return { source: c.source, outcome: r.outcome, text: r.text };
    });
    const outcome = failed ? "fail" : inconclusive ? "inconclusive" : "pass";
    return reasons.length > 0 ? { outcome, conditions: out, reason: reasons.join("; ") } : { outcome, conditions: out };
}
/** The top-level value names the conditions read (`body` for `body.status == "ok"`). */
export function valuesUsed(conditions) {
    const used = new Set();
    for (const c of conditions)
        walkUses(c.expr, used);
    return used;
}
// Plain functions, not closures made per call: the scheduler asks this once per check.
function addUse(o, used) {
    if (o.kind === "path")
        used.add(o.root);
}
function walkUses(e, used) {
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
            for (const p of e.parts)
                walkUses(p, used);
            return;
        case "not":
            walkUses(e.operand, used);
            return;
    }
}
