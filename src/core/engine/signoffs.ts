import type { SignoffFact } from "../model/facts.ts";
import { isMember, iso, memo, members, roleText, timeText, type Ctx } from "./context.ts";
import { requirements, unmetReasons } from "./requires.ts";
import type { SignoffStatus, Verdict } from "./types.ts";

// A sign-off counts only when given by a member of its role, after its prerequisites pass, by a
// person who has not signed it already nor a sign-off it must be separate from.

/** Sign-offs that must be given by people other than those of `id` (the relation goes both ways). */
function separatedFrom(ctx: Ctx, id: string): string[] {
  const own = ctx.book.signoffs.get(id)?.separate_from ?? [];
  const others = ctx.book.runbook.signoffs.filter((s) => s.separate_from.includes(id)).map((s) => s.id);
  return [...new Set([...own, ...others])];
}

/** Whether a sign-off may be given now by `fact.by`. */
export function judgeSignoff(ctx: Ctx, fact: SignoffFact): Verdict {
  const signoff = ctx.book.signoffs.get(fact.signoff);
  if (!signoff) return { ok: false, reasons: [`unknown sign-off '${fact.signoff}'`] };
  const reasons: string[] = [];
  if (!isMember(ctx.book, signoff.role, fact.by)) {
    reasons.push(`${fact.by} may not sign ${signoff.id}: it needs ${roleText(ctx.book, signoff.role)}`);
  }
  const earlier = ctx.accepted.signoffs.find((s) => s.signoff === signoff.id && s.by === fact.by);
  if (earlier) reasons.push(`${fact.by} already signed ${signoff.id} ${timeText(ctx, earlier.at)}`);
  for (const other of separatedFrom(ctx, signoff.id)) {
    const clash = ctx.accepted.signoffs.find((s) => s.signoff === other && s.by === fact.by);
    if (clash) reasons.push(`${fact.by} signed ${other} ${timeText(ctx, clash.at)}; ${signoff.id} must be signed by someone else (separation of duties)`);
  }
  const unmet = unmetReasons(requirements(ctx, signoff.requires));
  if (unmet.length) reasons.push(...unmet.map((r) => `${signoff.id} prerequisite: ${r}`));
  return reasons.length ? { ok: false, reasons } : { ok: true };
}

/** A sign-off: given once `quorum` distinct members signed; waiting while its prerequisites do not pass. */
export function signoffStatus(ctx: Ctx, id: string): SignoffStatus {
  const fallback = (): SignoffStatus => ({ id, title: id, role: "?", quorum: 1, state: "pending", signers: [], requires: [], reasons: [`sign-off ${id} is unknown or requires itself`] });
  return memo(ctx, `signoff:${id}`, () => {
    const signoff = ctx.book.signoffs.get(id);
    if (!signoff) return fallback();
    const reqs = requirements(ctx, signoff.requires);
    const signers = ctx.accepted.signoffs.filter((s) => s.signoff === id).map((s) => {
      const out: SignoffStatus["signers"][number] = { by: s.by, at: iso(new Date(s.at)) };
      if (s.comment) out.comment = s.comment;
      return out;
    });
    const out: SignoffStatus = { id, title: signoff.title, role: signoff.role, quorum: signoff.quorum, state: "pending", signers, requires: reqs, reasons: [] };
    if (signers.length >= signoff.quorum) {
      out.state = "given";
      return out;
    }
    const unmet = unmetReasons(reqs);
    const who = members(ctx.book, signoff.role);
    const missing = signoff.quorum - signers.length;
    out.state = unmet.length ? "waiting" : signers.length ? "partial" : "pending";
    out.reasons.push(`needs ${missing} more sign-off${missing > 1 ? "s" : ""} from role '${signoff.role}'${who.length ? ` (${who.join(", ")})` : " (no members)"}`);
    out.reasons.push(...unmet);
    return out;
  }, fallback);
}

/** Every sign-off, in document order. */
export function signoffStatuses(ctx: Ctx): SignoffStatus[] {
  return ctx.book.runbook.signoffs.map((s) => signoffStatus(ctx, s.id));
}
