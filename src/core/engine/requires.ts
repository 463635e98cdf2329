import type { Requires } from "../model/primitives.ts";
import { checkMet, checkStatus } from "./checks.ts";
import { expandIds, type Ctx } from "./context.ts";
import { gateMet, gateStatus } from "./gates.ts";
import { itemSatisfied, itemStatus } from "./items.ts";
import { signoffStatus } from "./signoffs.ts";
import type { RequirementStatus } from "./types.ts";
import { criterionMet, criterionStatus, waveExit, waveExitPassed } from "./waves.ts";

// One evaluation of `requires` for gates, waves, checkpoints and sign-offs, so each rule about
// what "passes" lives in one place.

/** The state of each prerequisite, template ids expanded. */
export function requirements(ctx: Ctx, req: Requires): RequirementStatus[] {
  const book = ctx.book;
  const out: RequirementStatus[] = [];
  const push = (kind: RequirementStatus["kind"], id: string, state: string, met: boolean, reason: string | undefined) => {
    const r: RequirementStatus = { kind, id, state, met };
    if (!met && reason) r.reason = reason;
    out.push(r);
  };
  for (const id of expandIds(book, req.items)) {
    const s = itemStatus(ctx, id);
    push("item", id, s.state, itemSatisfied(s.state), s.reasons[0] ?? `item ${id} ${s.state}`);
  }
  for (const id of expandIds(book, req.checks)) {
    const s = checkStatus(ctx, id);
    // Advisory checks are shown but never block.
    push("check", id, s.state, checkMet(s) || s.advisory, s.reasons[0] ?? `check ${id} ${s.state}`);
  }
  for (const id of req.gates) {
    const s = gateStatus(ctx, id);
    push("gate", id, s.state, gateMet(s), `gate ${id} ${s.state}${brief(s.reasons)}`);
  }
  for (const id of req.waves) {
    const s = waveExit(ctx, id);
    push("wave", id, s.state, waveExitPassed(s), `wave ${id} exit not reached${brief(s.reasons)}`);
  }
  for (const id of req.criteria) {
    const s = criterionStatus(ctx, id);
    push("criterion", id, s.state, criterionMet(s), s.reasons[0] ?? `criterion ${id} ${s.state}`);
  }
  for (const id of req.signoffs) {
    const s = signoffStatus(ctx, id);
    push("signoff", id, s.state, s.state === "given", `sign-off ${id} ${s.state}${brief(s.reasons)}`);
  }
  return out;
}

/** The first cause of a nested state and how many more: reasons stay one line deep. */
function brief(reasons: string[]): string {
  if (!reasons.length) return "";
  return `: ${reasons[0]}${reasons.length > 1 ? ` (+${reasons.length - 1} more)` : ""}`;
}

/** Why the prerequisites do not pass; empty when they do. */
export function unmetReasons(list: RequirementStatus[]): string[] {
  return list.filter((r) => !r.met).map((r) => r.reason ?? `${r.kind} ${r.id} ${r.state}`);
}
