import type { WaiverFact } from "../model/facts.ts";
import { isMember, iso, roleText, templateOf, timeText, type Ctx } from "./context.ts";
import { formatDuration, ms, parseDuration } from "./time.ts";
import type { Verdict, WaiverStatus } from "./types.ts";

/**
 * Whether a waiver may be granted: a policy that exists, a grantor in its roles, a target it
 * lists, an expiry after the grant and within the policy's max_duration, an id not used before.
 */
export function judgeWaiver(ctx: Ctx, fact: WaiverFact): Verdict {
  const book = ctx.book;
  const policy = book.policies.get(fact.policy);
  if (!policy) return { ok: false, reasons: [`unknown waiver policy '${fact.policy}'`] };
  const reasons: string[] = [];
  if (ctx.accepted.waivers.some((w) => w.id === fact.id)) reasons.push(`waiver id '${fact.id}' is already used`);
  if (!isMember(book, policy.grantors, fact.by)) {
    reasons.push(`${fact.by} may not grant waiver policy '${policy.id}': grantors are ${roleText(book, policy.grantors)}`);
  }
  const template = templateOf(book, fact.target);
  if (!policy.targets.includes(fact.target) && !(template && policy.targets.includes(template))) {
    reasons.push(`waiver policy '${policy.id}' does not cover '${fact.target}' (it covers ${policy.targets.join(", ")})`);
  }
  const granted = ms(fact.at);
  const expires = ms(fact.expires);
  const max = parseDuration(policy.max_duration) ?? 0;
  if (expires <= granted) reasons.push(`expires ${timeText(ctx, fact.expires)}, not after it is granted (${timeText(ctx, fact.at)})`);
  else if (expires - granted > max) {
    reasons.push(`lasts ${formatDuration(expires - granted)}, longer than the policy's max_duration ${policy.max_duration}`);
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
