import type { SignoffFact } from "../model/facts.ts";
import { isMember, iso, memo, members, roleRef, say, textMembersReasons, type Ctx } from "./context.ts";
import type { Reason } from "./reasons.ts";
import { more, requirement, requirements, unmetReasons } from "./requires.ts";
import type { RequirementStatus, SignoffStatus, Verdict } from "./types.ts";

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
  if (!signoff) return { ok: false, reasons: [say(ctx, "signoff.unknown", { signoff: fact.signoff })] };
  const reasons: Reason[] = [];
  if (!isMember(ctx.book, signoff.role, fact.by, ctx.t)) {
    reasons.push(say(ctx, "signoff.not_member", { by: fact.by, signoff: signoff.id, ...roleRef(ctx.book, signoff.role, ctx.t) }), ...textMembersReasons(ctx, signoff.role));
  }
  const earlier = ctx.accepted.signoffs.find((s) => s.signoff === signoff.id && s.by === fact.by);
  if (earlier) reasons.push(say(ctx, "signoff.already_signed", { by: fact.by, signoff: signoff.id, at: iso(new Date(earlier.at)) }));
  for (const other of separatedFrom(ctx, signoff.id)) {
    const clash = ctx.accepted.signoffs.find((s) => s.signoff === other && s.by === fact.by);
    if (clash) reasons.push(say(ctx, "signoff.separation", { by: fact.by, other, at: iso(new Date(clash.at)), signoff: signoff.id }));
  }
  const unmet = unmetReasons(ctx, requirements(ctx, signoff.requires));
  reasons.push(...unmet.map((r) => say(ctx, "signoff.prerequisite", { signoff: signoff.id }, [r])));
  return reasons.length ? { ok: false, reasons } : { ok: true };
}

/** A sign-off: given once `quorum` distinct members signed; waiting while its prerequisites do not pass. */
export function signoffStatus(ctx: Ctx, id: string): SignoffStatus {
  const fallback = (): SignoffStatus => ({ id, title: id, role: "?", quorum: 1, state: "pending", signers: [], requires: [], reasons: [say(ctx, "signoff.cycle", { signoff: id })] });
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
    const unmet = unmetReasons(ctx, reqs);
    const who = members(ctx.book, signoff.role, ctx.t);
    const missing = signoff.quorum - signers.length;
    out.state = unmet.length ? "waiting" : signers.length ? "partial" : "pending";
    out.reasons.push(say(ctx, "signoff.needs_more", { missing, role: signoff.role, members: who }), ...textMembersReasons(ctx, signoff.role));
    out.reasons.push(...unmet);
    return out;
  }, fallback);
}

/** A sign-off as a prerequisite: met once given. */
export function signoffRequirement(ctx: Ctx, id: string): RequirementStatus {
  const s = signoffStatus(ctx, id);
  return requirement("signoff", id, s.state, s.state === "given", say(ctx, "requirement.signoff", { signoff: id, title: s.title, state: s.state, more: more(s.reasons) }, s.reasons.slice(0, 1)), s.title);
}

/** Every sign-off, in document order. */
export function signoffStatuses(ctx: Ctx): SignoffStatus[] {
  return ctx.book.runbook.signoffs.map((s) => signoffStatus(ctx, s.id));
}
