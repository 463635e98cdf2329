import { textMembersOf } from "../core/model/access.ts";
import type { Facts } from "../core/model/facts.ts";
import type { Runbook } from "../core/model/runbook.ts";
import { personRequired } from "./auth/access.ts";
import { ApiError } from "./errors.ts";
import type { Principal } from "./principal.ts";

// Who acts in a run's roles is decided by those allowed to assign, never by oneself: an admin,
// or a member of a runbook role declared `assigns: true`. Each change is an audited fact (who,
// whom, which role, why) dated when it was made, so the engine judges every decision against the
// roles as they stood then. Only a person assigns: an API token never does (docs/security.md).
// The members a runbook's text names count only when an admin vouched for that text (approved
// it, uploaded it, or the operator served it): an editor's upload could name anyone, itself first.

/** Whether the runbook text names members for any of its roles. */
export function textNamesMembers(runbook: Runbook): boolean {
  return runbook.roles.some((r) => r.members.length > 0);
}

/** Whether an admin's approval of this text decides anything: its command checks, or the members it names. */
export function needsApproval(runbook: Runbook): boolean {
  return textNamesMembers(runbook) || runbook.checks.some((c) => c.kind === "command");
}

/** The run's assignments now: its first ones, each role replaced by its latest change. */
export function currentAssignments(facts: Pick<Facts, "assignments" | "assignment_changes">): Record<string, string[]> {
  const out: Record<string, string[]> = { ...facts.assignments };
  for (const change of facts.assignment_changes) Object.assign(out, change.assignments);
  for (const [role, list] of Object.entries(out)) if (list.length === 0) delete out[role];
  return out;
}

function same(a: readonly string[], b: readonly string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * Whether the account may assign in this run: an admin, or now a member of an assigning role
 * (named by a vouched text, or assigned by someone who could).
 */
export function mayAssign(who: Principal, runbook: Runbook, current: Record<string, string[]>, textMembers: boolean): boolean {
  if (who.role === "admin") return true;
  return runbook.roles.some((r) => r.assigns && (textMembersOf(runbook, r.id, textMembers).includes(who.user) || (current[r.id] ?? []).includes(who.user)));
}

/**
 * The roles whose accounts change (each with its new list), once the caller may make the change:
 * roles the runbook defines, an assigner, and nobody added to a role they are not already in
 * by themselves. Throws the API error that says which rule refused it.
 */
export function judgeAssignment(who: Principal, runbook: Runbook, current: Record<string, string[]>, wanted: Record<string, string[]>, textMembers: boolean): Record<string, string[]> {
  // The routes refuse (and audit) a token before this; a second wall, should a new caller forget.
  if (who.via !== "session") throw personRequired("Assigning accounts to a run's roles");
  const ids = new Set(runbook.roles.map((r) => r.id));
  const unknown = Object.keys(wanted).filter((r) => !ids.has(r));
  if (unknown.length) throw new ApiError("GOLIVE_E_UNKNOWN_REFERENCE", `the runbook has no role ${unknown.map((r) => `'${r}'`).join(", ")}`, { known: [...ids] });
  const changed: Record<string, string[]> = {};
  for (const [role, list] of Object.entries(wanted)) if (!same(list, current[role] ?? [])) changed[role] = [...new Set(list)];
  if (Object.keys(changed).length === 0) return changed;
  if (!mayAssign(who, runbook, current, textMembers)) {
    const assigners = runbook.roles.filter((r) => r.assigns).map((r) => r.id);
    const named = runbook.roles.filter((r) => r.assigns && r.members.includes(who.user)).map((r) => r.id);
    // Named by a text nobody vouched for: say so, and what would make it count.
    const why = !textMembers && named.length ? ` (the runbook text names ${who.user} for ${named.map((r) => `'${r}'`).join(", ")}, but members named in the runbook text count once an admin approves it)` : "";
    throw new ApiError("GOLIVE_E_ASSIGN_FORBIDDEN", `${who.user} may not assign roles in this run: only an admin${assigners.length ? ` or a member of ${assigners.map((r) => `'${r}'`).join(", ")}` : ""} may${why}`, { assigning_roles: assigners, ...(why ? { text_members_count: false } : {}) });
  }
  const self = Object.entries(changed).filter(([role, list]) => list.includes(who.user) && !(current[role] ?? []).includes(who.user)).map(([role]) => role);
  if (self.length) throw new ApiError("GOLIVE_E_ASSIGN_SELF", `${who.user} may not assign themselves to ${self.map((r) => `'${r}'`).join(", ")}: another assigner or an admin must`, { roles: self });
  return changed;
}

/** The accounts acting now in any of the roles: the runbook's members (when its text counts) and the current assignments. */
export function membersNow(runbook: Runbook, facts: Pick<Facts, "assignments" | "assignment_changes">, roles: string | readonly string[], textMembers: boolean): string[] {
  const list = typeof roles === "string" ? [roles] : roles;
  const current = currentAssignments(facts);
  return [...new Set(list.flatMap((r) => [...textMembersOf(runbook, r, textMembers), ...(current[r] ?? [])]))];
}

