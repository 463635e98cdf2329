import type { WaiverFact } from "../model/facts.ts";
import { isMember, iso, roleRef, say, templateOf, textMembersReasons, type Ctx } from "./context.ts";
import type { Reason } from "./reasons.ts";
import { ms, parseDuration } from "./time.ts";
import type { Verdict, WaiverStatus } from "./types.ts";

/**
 * Whether a waiver may be granted: a policy that exists, a grantor in its roles, a target it
 * lists, an expiry after the grant and within the policy's max_duration, an id not used before.
 */
export function judgeWaiver(ctx: Ctx, fact: WaiverFact): Verdict {
  const book = ctx.book;
  const policy = book.policies.get(fact.policy);
  if (!policy) return { ok: false, reasons: [say(ctx, "waiver.unknown_policy", { policy: fact.policy })] };
  const reasons: Reason[] = [];
  if (ctx.accepted.waivers.some((w) => w.id === fact.id)) reasons.push(say(ctx, "waiver.id_used", { waiver: fact.id }));
  if (!isMember(book, policy.grantors, fact.by, ctx.t)) {
    reasons.push(say(ctx, "waiver.not_grantor", { by: fact.by, policy: policy.id, ...roleRef(book, policy.grantors, ctx.t) }), ...textMembersReasons(ctx, policy.grantors));
  }
  const template = templateOf(book, fact.target);
  if (!policy.targets.includes(fact.target) && !(template && policy.targets.includes(template))) {
    reasons.push(say(ctx, "waiver.not_covered", { policy: policy.id, target: fact.target, targets: policy.targets }));
  }
  const granted = ms(fact.at);
  const expires = ms(fact.expires);
  const max = parseDuration(policy.max_duration) ?? 0;
  if (expires <= granted) reasons.push(say(ctx, "waiver.expires_early", { expires: iso(new Date(expires)), at: iso(new Date(granted)) }));
  else if (expires - granted > max) {
    reasons.push(say(ctx, "waiver.too_long", { durationMs: expires - granted, maxMs: max, max: policy.max_duration }));
  }
  return reasons.length ? { ok: false, reasons } : { ok: true };
}

/** The accepted, unexpired waiver that covers an id (directly or through its for_each template). */
export function activeWaiver(ctx: Ctx, id: string): WaiverFact | undefined {
  const template = templateOf(ctx.book, id);
  for (let i = ctx.accepted.waivers.length - 1; i >= 0; i--) {
    const w = ctx.accepted.waivers[i];
    if (!w || ctx.t >= ms(w.expires)) continue;
    if (w.target === id || (template !== undefined && w.target === template)) return w;
  }
  return undefined;
}

/** Every accepted waiver, active or expired. */
export function waiverStatuses(ctx: Ctx): WaiverStatus[] {
  return ctx.accepted.waivers.map((w) => ({
    id: w.id, policy: w.policy, target: w.target, by: w.by, at: iso(new Date(w.at)), expires: iso(new Date(w.expires)),
    state: ctx.t >= ms(w.expires) ? "expired" : "active", reason: w.reason,
  }));
}
