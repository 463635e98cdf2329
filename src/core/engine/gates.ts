import { iso, memo, say, type Ctx } from "./context.ts";
import { more, requirement, requirements, unmetReasons } from "./requires.ts";
import type { GateStatus, RequirementStatus } from "./types.ts";
import { activeWaiver } from "./waivers.ts";

/** Passing or waived. */
export function gateMet(s: GateStatus): boolean {
  return s.state === "passing" || s.state === "waived";
}

/**
 * A gate: passing when everything it requires passes; failed when a required check failed or an
 * item failed; blocked when a gate it requires failed or is blocked; waived by a valid waiver;
 * pending otherwise. A gate that requires nothing stays pending: an empty gate proves nothing.
 */
export function gateStatus(ctx: Ctx, id: string): GateStatus {
  const fallback = (): GateStatus => ({ id, title: id, state: "pending", requires: [], reasons: [say(ctx, "gate.unknown", { gate: id })] });
  return memo(ctx, `gate:${id}`, () => {
    const gate = ctx.book.gates.get(id);
    if (!gate) return fallback();
    const reqs = requirements(ctx, gate.requires);
    // The cause first: what failed, then what is still pending.
    const ordered = [...reqs].sort((a, b) => Number(!failing(a)) - Number(!failing(b)));
    const out: GateStatus = { id, title: gate.title, state: "pending", requires: reqs, reasons: unmetReasons(ctx, ordered) };
    if (reqs.length === 0) out.reasons = [say(ctx, "gate.empty", { gate: id, title: gate.title })];
    else if (out.reasons.length === 0) {
      out.state = "passing";
      return out;
    }
    const waiver = activeWaiver(ctx, id);
    if (waiver) {
      out.state = "waived";
      out.waiver = waiver.id;
      out.reasons = [say(ctx, "waived", { by: waiver.by, waiver: waiver.id, until: iso(new Date(waiver.expires)), note: waiver.reason }), ...out.reasons];
      return out;
    }
    const unmet = reqs.filter((r) => !r.met && failing(r));
    if (unmet.some((r) => r.kind === "gate")) out.state = "blocked";
    else if (unmet.length) out.state = "failed";
    return out;
  }, fallback);
}

/** A prerequisite that has gone wrong rather than not happened yet. */
function failing(r: RequirementStatus): boolean {
  if (r.met) return false;
  if (r.kind === "gate") return r.state === "failed" || r.state === "blocked";
  if (r.kind === "check") return r.state === "fail" || r.state === "error";
  if (r.kind === "item") return r.state === "failed";
  return false;
}

/** A gate as a prerequisite: met when passing or waived; its first cause said, the others counted. */
export function gateRequirement(ctx: Ctx, id: string): RequirementStatus {
  const s = gateStatus(ctx, id);
  return requirement("gate", id, s.state, gateMet(s), say(ctx, "requirement.gate", { gate: id, title: s.title, state: s.state, more: more(s.reasons) }, s.reasons.slice(0, 1)), s.title);
}

/** Every gate, in document order. */
export function gateStatuses(ctx: Ctx): GateStatus[] {
  return ctx.book.runbook.gates.map((g) => gateStatus(ctx, g.id));
}
