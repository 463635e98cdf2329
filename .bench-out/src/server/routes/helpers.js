import { z } from "zod";
import { flattenSteps } from "../../core/model/access.js";
import { allItems } from "../../core/model/expand.js";
import { principalOf } from "../context.js";
import { ApiError } from "../errors.js";
export const RunParams = z.strictObject({ id: z.string().min(1).max(200) });
export const RunRefParams = (name) => z.strictObject({ id: z.string().min(1).max(200), [name]: z.string().min(1).max(300) });
/** Who changes what, now. */
export function changeOf(ctx, req) {
    return { actor: principalOf(req).user, at: ctx.clock.now().toISOString() };
}
/** The ids of one kind that a run's runbook defines. */
function idsOf(run, kind) {
    const rb = run.loaded.runbook;
    switch (kind) {
        case "item": return allItems(rb).map((i) => i.id);
        case "check": return rb.checks.map((c) => c.id);
        case "gate": return rb.gates.map((g) => g.id);
        case "wave": return rb.waves.map((w) => w.id);
        case "step": return flattenSteps(rb.steps).map((s) => s.step.id);
        case "checkpoint": return (rb.timeline?.phases ?? []).flatMap((p) => (p.checkpoint ? [p.checkpoint.id] : []));
        case "signoff": return rb.signoffs.map((s) => s.id);
        case "criterion": return rb.waves.flatMap((w) => w.exit.map((c) => c.id));
        case "phase": return (rb.timeline?.phases ?? []).map((p) => p.id);
        case "task": return (rb.timeline?.phases ?? []).flatMap((p) => p.tasks.map((t) => t.id));
        case "waiver policy": return rb.waivers.map((w) => w.id);
        case "severity": return (rb.incidents?.severities ?? []).map((s) => s.id);
    }
}
/** Refuses ids the runbook does not define (GOLIVE_E_UNKNOWN_REFERENCE, with the known ones). */
export function requireRef(run, kind, id) {
    const ids = idsOf(run, kind);
    if (!ids.includes(id)) {
        throw new ApiError("GOLIVE_E_UNKNOWN_REFERENCE", `the runbook has no ${kind} '${id}'`, { kind, id, known: ids.slice(0, 50) });
    }
}
