import type { Requires } from "../model/primitives.ts";
import { expandIds, say, type Ctx } from "./context.ts";
import type { Reason } from "./reasons.ts";
import type { RequirementStatus } from "./types.ts";

// One evaluation of `requires` for gates, waves, checkpoints and sign-offs, so each rule about
// what "passes" lives in one place. The kinds a requirement names come through the context's
// registry (`ctx.prerequisites`): gates and sign-offs require gates and sign-offs in turn, and
// this module stays below all of them instead of importing the modules that import it.

/** The state of each prerequisite, template ids expanded. */
export function requirements(ctx: Ctx, req: Requires): RequirementStatus[] {
  const { book, prerequisites: p } = ctx;
  return [
    ...expandIds(book, req.items).map((id) => p.item(ctx, id)),
    ...expandIds(book, req.checks).map((id) => p.check(ctx, id)),
    ...req.gates.map((id) => p.gate(ctx, id)),
    ...req.waves.map((id) => p.wave(ctx, id)),
    ...req.criteria.map((id) => p.criterion(ctx, id)),
    ...req.signoffs.map((id) => p.signoff(ctx, id)),
  ];
}

/** One prerequisite's row; the reason is kept only when it is not met. */
export function requirement(kind: RequirementStatus["kind"], id: string, state: string, met: boolean, reason: Reason | undefined, title: string | undefined): RequirementStatus {
  const r: RequirementStatus = { kind, id, state, met };
  if (title !== undefined) r.title = title;
  if (!met && reason) r.reason = reason;
  return r;
}

/** How many causes a nested state has besides its first: reasons stay one line deep. */
export function more(reasons: Reason[]): number {
  return Math.max(0, reasons.length - 1);
}

/** `check x pending`, when a state has no reason of its own. */
export function stateReason(ctx: Ctx, kind: RequirementStatus["kind"], id: string, state: string, title?: string): Reason {
  return say(ctx, "requirement.state", title === undefined ? { kind, id, state } : { kind, id, title, state });
}

/** Why the prerequisites do not pass; empty when they do. */
export function unmetReasons(ctx: Ctx, list: RequirementStatus[]): Reason[] {
  return list.filter((r) => !r.met).map((r) => r.reason ?? stateReason(ctx, r.kind, r.id, r.state, r.title));
}
