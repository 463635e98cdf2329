import type { Requires } from "../model/primitives.ts";
import { checkMet, checkStatus } from "./checks.ts";
import { expandIds, say, type Ctx } from "./context.ts";
import { gateMet, gateStatus } from "./gates.ts";
import { itemSatisfied, itemStatus } from "./items.ts";
import { signoffStatus } from "./signoffs.ts";
import type { Reason } from "./reasons.ts";
import type { RequirementStatus } from "./types.ts";
import { criterionMet, criterionStatus, waveExit, waveExitPassed } from "./waves.ts";

// One evaluation of `requires` for gates, waves, checkpoints and sign-offs, so each rule about
// what "passes" lives in one place.

/** The state of each prerequisite, template ids expanded. */
export function requirements(ctx: Ctx, req: Requires): RequirementStatus[] {
  const book = ctx.book;
  const out: RequirementStatus[] = [];
  const push = (kind: RequirementStatus["kind"], id: string, state: string, met: boolean, reason: Reason | undefined, title: string | undefined) => {
    const r: RequirementStatus = { kind, id, state, met };
    if (title !== undefined) r.title = title;
    if (!met && reason) r.reason = reason;
    out.push(r);
  };
  for (const id of expandIds(book, req.items)) {
    const s = itemStatus(ctx, id);
    push("item", id, s.state, itemSatisfied(s.state), s.reasons[0] ?? stateReason(ctx, "item", id, s.state, s.title), s.title);
  }
  for (const id of expandIds(book, req.checks)) {
    const s = checkStatus(ctx, id);
    // Advisory checks are shown but never block.
    push("check", id, s.state, checkMet(s) || s.advisory, s.reasons[0] ?? stateReason(ctx, "check", id, s.state, s.title), s.title);
  }
  for (const id of req.gates) {
    const s = gateStatus(ctx, id);
    push("gate", id, s.state, gateMet(s), say(ctx, "requirement.gate", { gate: id, title: s.title, state: s.state, more: more(s.reasons) }, s.reasons.slice(0, 1)), s.title);
  }
  for (const id of req.waves) {
    const s = waveExit(ctx, id);
    push("wave", id, s.state, waveExitPassed(s), say(ctx, "requirement.wave", { wave: id, more: more(s.reasons) }, s.reasons.slice(0, 1)), s.title);
  }
  for (const id of req.criteria) {
    const s = criterionStatus(ctx, id);
    push("criterion", id, s.state, criterionMet(s), s.reasons[0] ?? stateReason(ctx, "criterion", id, s.state, s.title), s.title);
  }
  for (const id of req.signoffs) {
    const s = signoffStatus(ctx, id);
    push("signoff", id, s.state, s.state === "given", say(ctx, "requirement.signoff", { signoff: id, title: s.title, state: s.state, more: more(s.reasons) }, s.reasons.slice(0, 1)), s.title);
  }
  return out;
}

// A nested state carries its first cause and counts the others: reasons stay one line deep.
const more = (reasons: Reason[]) => Math.max(0, reasons.length - 1);

/** `check x pending`, when a state has no reason of its own. */
export function stateReason(ctx: Ctx, kind: RequirementStatus["kind"], id: string, state: string, title?: string): Reason {
  return say(ctx, "requirement.state", title === undefined ? { kind, id, state } : { kind, id, title, state });
}

/** Why the prerequisites do not pass; empty when they do. */
export function unmetReasons(ctx: Ctx, list: RequirementStatus[]): Reason[] {
  return list.filter((r) => !r.met).map((r) => r.reason ?? stateReason(ctx, r.kind, r.id, r.state, r.title));
}
