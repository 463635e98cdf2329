import type { Reason, ReasonCode, ReasonParams, RoleRef } from "./reason-params.ts";
import { formatDuration } from "./time.ts";

export type * from "./reason-params.ts";

// The one catalogue of reasons. Each code has its English sentence here; the dashboard has the
// same codes in Vietnamese and Indonesian (web/src/i18n/reasons/), checked against this list.

/** How the English sentence shows instants and durations (the engine: clock time in the runbook's zone). */
export interface TextFormat {
  time(iso: string): string;
  duration(ms: number): string;
}

type Catalogue = { [C in ReasonCode]: (p: ReasonParams[C], f: TextFormat) => string };

const roles = (p: RoleRef) =>
  `${p.roles.length > 1 ? "roles" : "role"} ${p.roles.map((r) => `'${r}'`).join(" or ")} (${p.members.length ? `members: ${p.members.join(", ")}` : "no members"})`;
// The runbook's own titles, quoted: they are sentences in any language, ids stay in params.
const q = (x: string) => `‘${x}’`;
const withDetail = (head: string, detail: string | undefined) => (detail ? `${head}: ${detail}` : head);
const HYPERCARE_START = { golive: "at the go-live moment", wave: "when wave", step: "when step", task: "when task", phase: "when phase" } as const;
const HYPERCARE_END = { wave: " is closed", step: " is done", task: " has ended", phase: " has ended" } as const;
const OUTCOME = { pass: "passed", fail: "failed", error: "errored", inconclusive: "was inconclusive" } as const;

/** The English sentence of every reason code (its causes follow after a colon). */
export const ENGLISH = {
  "check.unknown": (p) => `check ${p.check} is unknown`,
  "check.not_run": (p) => `check ${p.check} has not run`,
  "check.awaiting_approval": (p) => `check ${p.check} runs a command and awaits an admin's approval of the runbook`,
  "check.result": (p, f) => withDetail(`check ${p.check} ${OUTCOME[p.outcome]} ${f.time(p.at)}`, p.detail),
  "waived": (p, f) => withDetail(`waived by ${p.by} (${p.waiver}) until ${f.time(p.until)}`, p.note),
  "item.unknown": (p) => `item ${p.item} is unknown or depends on itself`,
  "item.not_done": (p) => `${q(p.title)} is not done`,
  "item.needs_evidence": (p, f) => `${q(p.title)} needs evidence (ticked by ${p.by} ${f.time(p.at)} without any)`,
  "item.failed": (p, f) => `${q(p.title)} failed (${withDetail(`${p.by} ${f.time(p.at)}`, p.note)})`,
  "item.waits_for": (p) => `${q(p.title)} waits for ${q(p.dependencyTitle)} (${p.state})`,
  "item.overdue": (p, f) => `${q(p.title)} was due ${f.time(p.due)}`,
  "item.automated": (p) => `item ${p.item} follows check ${p.check}: run the check instead`,
  "item.evidence_required": (p) => `item ${p.item} needs evidence to be done`,
  "gate.unknown": (p) => `gate ${p.gate} is unknown or requires itself`,
  "gate.empty": (p) => `gate ${q(p.title)} requires nothing that can be checked; add requires or waive it`,
  "requirement.state": (p) => `${p.kind === "signoff" ? "sign-off" : p.kind} ${p.title ? q(p.title) : p.id} ${p.state}`,
  "requirement.gate": (p) => `gate ${q(p.title)} ${p.state}`,
  "requirement.wave": (p) => `wave ${p.wave} exit not reached`,
  "requirement.signoff": (p) => `sign-off ${q(p.title)} ${p.state}`,
  "go.gate": (p) => `gate ${q(p.title)} ${p.state}`,
  "go.readiness": (p) => `section ${q(p.title)} not ready, ${p.open} required item${p.open > 1 ? "s" : ""} open`,
  "go.signoff": (p) => `sign-off ${q(p.title)} ${p.state}`,
  "go.incident": (p) => `incident ${p.incident} (${p.severity}) open: ${p.title}`,
  "go.checkpoint_no_go": (p) => `checkpoint ${q(p.title)} no-go`,
  "go.checkpoint_undecided": (p) => `checkpoint ${q(p.title)} undecided`,
  "go.step": (p) => `step ${q(p.title)} ${p.state}`,
  "go.gates_pass": (p) => `${p.count} gate(s) pass${p.waived.length ? ` (waived: ${p.waived.join(", ")})` : ""}`,
  "go.no_gates": () => "no gates",
  "go.signoffs_given": (p) => `${p.count} sign-off(s) given`,
  "go.no_signoffs": () => "no sign-offs",
  "go.checkpoints_go": (p) => `${p.decided} of ${p.total} checkpoint(s) decided go, none past its time undecided`,
  "go.no_blocking_incident": () => "no open incident calls for rollback",
  "signoff.unknown": (p) => `unknown sign-off '${p.signoff}'`,
  "signoff.cycle": (p) => `sign-off ${p.signoff} is unknown or requires itself`,
  "signoff.not_member": (p) => `${p.by} may not sign ${p.signoff}: it needs ${roles(p)}`,
  "signoff.already_signed": (p, f) => `${p.by} already signed ${p.signoff} ${f.time(p.at)}`,
  "signoff.separation": (p, f) => `${p.by} signed ${p.other} ${f.time(p.at)}; ${p.signoff} must be signed by someone else (separation of duties)`,
  "signoff.prerequisite": (p) => `${p.signoff} prerequisite`,
  "signoff.needs_more": (p) => `needs ${p.missing} more sign-off${p.missing > 1 ? "s" : ""} from role '${p.role}' (${p.members.length ? p.members.join(", ") : "no members"})`,
  "waiver.unknown_policy": (p) => `unknown waiver policy '${p.policy}'`,
  "waiver.id_used": (p) => `waiver id '${p.waiver}' is already used`,
  "waiver.not_grantor": (p) => `${p.by} may not grant waiver policy '${p.policy}': grantors are ${roles(p)}`,
  "waiver.not_covered": (p) => `waiver policy '${p.policy}' does not cover '${p.target}' (it covers ${p.targets.join(", ")})`,
  "waiver.expires_early": (p, f) => `expires ${f.time(p.expires)}, not after it is granted (${f.time(p.at)})`,
  "waiver.too_long": (p, f) => `lasts ${f.duration(p.durationMs)}, longer than the policy's max_duration ${p.max}`,
  "step.unknown": (p) => `unknown step '${p.step}'`,
  "step.has_substeps": (p) => `step ${p.step} has sub-steps (${p.substeps.join(", ")}): record their progress`,
  "step.wrong_state": (p) => `step ${p.step} is ${p.state}; '${p.action}' needs it ${p.from.join(" or ")}`,
  "step.verify_first": (p) => `step ${p.step} must be verified before it is done`,
  "step.waits_for": (p) => `step ${p.step} waits for step ${p.after} (${p.state})`,
  "step.fix_forward": (p, f) => `rollback deadline ${p.deadline ? f.time(p.deadline) : ""} has passed: fix forward only`,
  "forecast.past_deadline": (p, f) => `forecast finish ${f.time(p.finish)} passes the rollback deadline ${f.time(p.deadline)} by ${f.duration(p.lateMs)}${p.task ? ` (${p.task})` : ""}`,
  "step.failed": (p) => `step ${p.step} failed${p.note ? `: ${p.note}` : ""}; not rolled back`,
  "step.rolling_back": (p) => `step ${p.step} is rolling back`,
  "checkpoint.unknown": (p) => `unknown checkpoint '${p.checkpoint}'`,
  "checkpoint.missing": (p) => `checkpoint ${p.checkpoint} is unknown`,
  "checkpoint.no_go": (p, f) => `checkpoint ${p.checkpoint} decided no-go by ${p.by} ${f.time(p.at)}`,
  "checkpoint.needs_go": (p) => `checkpoint ${p.checkpoint} needs ${p.missing} more go from ${roles(p)}`,
  "checkpoint.due": (p, f) => `checkpoint ${p.checkpoint} was due ${f.time(p.at)}`,
  "checkpoint.unplaced": (p) => `checkpoint ${p.checkpoint} at ${p.when} cannot be placed: no run date (meta.date, timeline.date or the run's date)`,
  "checkpoint.not_approver": (p) => `${p.by} may not decide ${p.checkpoint}: approvers are ${roles(p)}`,
  "checkpoint.already_decided": (p, f) => `${p.by} already decided ${p.decision === "go" ? "go" : "no-go"} on ${p.checkpoint} ${f.time(p.at)}`,
  "checkpoint.prerequisite": (p) => `${p.checkpoint} prerequisite`,
  "incident.unknown_severity": (p) => `severity '${p.severity}' is not in the runbook's incident policy`,
  "incident.open": (p) => `incident ${p.incident} (${p.severity}) is open: ${p.title}`,
  "incident.update_due": (p, f) => `incident ${p.incident}: update was due ${f.time(p.at)} (every ${p.every})`,
  "incident.rollback_trigger": (p) => `incident ${p.incident}: alert ${p.alert} fired rollback trigger ${p.trigger} (${p.title})`,
  "criterion.unknown": (p) => `unknown criterion '${p.criterion}'`,
  "criterion.missing": (p) => `criterion ${p.criterion} is unknown`,
  "criterion.wave_not_opened": (p) => `criterion ${p.criterion}: wave ${p.wave} has not opened`,
  "criterion.result": (p) => `criterion ${p.criterion}`,
  "criterion.not_run_since": (p, f) => `criterion ${p.criterion}: check ${p.check} has not run since wave ${p.wave} opened ${f.time(p.openedAt)}`,
  "criterion.awaiting_attestation": (p) => `criterion ${p.criterion}: waiting for an attestation by ${roles(p)}`,
  "criterion.attested": (p, f) => `criterion ${p.criterion} attested by ${p.by} ${f.time(p.at)}`,
  "criterion.invalid_attestation": (p) => `criterion ${p.criterion}`,
  "criterion.waived": (p, f) => `criterion ${p.criterion} waived by ${p.by} (${p.waiver}) until ${f.time(p.until)}`,
  "criterion.not_attested": (p) => `criterion ${p.criterion} is measured by check ${p.check}, not attested`,
  "attest.not_member": (p) => `${p.by} may not attest ${p.criterion}: attesters are ${roles(p)}`,
  "attest.needs_value": (p) => `needs a value for \`${p.condition}\``,
  "attest.unreadable": (p) => `${p.condition}: ${p.error}`,
  "attest.condition": (p) => p.condition,
  "attest.needs_met": () => "needs `met: true` or `met: false`",
  "attest.met": () => "attested met",
  "attest.not_met": () => "attested not met",
  "wave.missing": (p) => `wave ${p.wave} is unknown`,
  "wave.unknown": (p) => `unknown wave '${p.wave}'`,
  "wave.not_opened": (p) => `wave ${p.wave} has not opened`,
  "wave.soak": (p, f) => `wave ${p.wave} soak (${p.soak}) ends ${f.time(p.endsAt)}`,
  "wave.closed": (p, f) => `wave ${p.wave} closed ${f.time(p.at)}`,
  "wave.already_open": (p) => `wave ${p.wave} is already open`,
  "wave.not_open": (p) => `wave ${p.wave} is not open`,
  "wave.previous_exit": (p) => `${p.wave} exit`,
  "hypercare.none": () => "the runbook has no hypercare",
  "hypercare.not_started": (p) => `hypercare has not started: it starts ${HYPERCARE_START[p.after]}${p.id ? ` ${p.id}` : ""}${p.after === "golive" ? "" : HYPERCARE_END[p.after]}`,
  "hypercare.running": (p, f) => `hypercare runs until ${f.time(p.endsAt)} (${f.duration(p.remainingMs)} left)`,
  "hypercare.check": (p) => `check ${p.check}${p.window ? ` (${p.window})` : ""} is not green`,
  "hypercare.green_short": (p, f) => `check ${p.check} green since ${f.time(p.since)}: ${f.duration(p.greenMs)} of the ${p.needed} it must hold`,
  "hypercare.incident_open": (p) => `incident ${p.incident} (${p.severity}) is open: ${p.title}`,
  "hypercare.incident_opened": (p, f) => `incident ${p.incident} (${p.severity}) opened during hypercare ${f.time(p.at)}: ${p.title}`,
  "hypercare.not_owner": (p) => `${p.by} may not close or extend hypercare: it needs ${roles(p)}`,
  "role.text_unapproved": (p) => `the runbook text names ${p.named.join(", ")} for ${p.roles.length > 1 ? "roles" : "role"} ${p.roles.map((r) => `'${r}'`).join(" or ")}: members named in the runbook text count once an admin approves it`,
  "hypercare.closed": (p, f) => `hypercare was closed by ${p.by} ${f.time(p.at)}`,
  "hypercare.early": (p, f) => `hypercare may close only after its period ends ${f.time(p.endsAt)}: the runbook allows no early exit`,
  "hypercare.extend_needs": () => "an extension needs a duration (extend_by) and a reason (comment)",
  "hypercare.extend_too_long": (p, f) => `an extension of ${f.duration(p.extendMs)} is longer than the ${f.duration(p.maxMs)} allowed at once`,
} satisfies Catalogue;

/** Every reason code, in catalogue order. */
export const REASON_CODES = Object.keys(ENGLISH) as ReasonCode[];

/** Instants as ISO strings: for reasons made outside a run's context (the server's own refusals). */
export const ISO_FORMAT: TextFormat = { time: (iso) => iso, duration: formatDuration };

/**
 * Joins a reason's sentence with its causes the way every language does: `head: cause; cause`,
 * then `(+N more)` when only the first causes are carried.
 */
export function composeReason(head: string, causes: string[], more: number, moreText: (n: number) => string): string {
  const withCauses = causes.length ? `${head}: ${causes.join("; ")}` : head;
  return more > 0 ? `${withCauses} ${moreText(more)}` : withCauses;
}

/** A reason with its English sentence. */
export function reason<C extends ReasonCode>(code: C, params: ReasonParams[C], causes: Reason[] = [], f: TextFormat = ISO_FORMAT): Reason {
  const english = ENGLISH[code] as (p: ReasonParams[C], f: TextFormat) => string;
  const more = "more" in params && typeof params.more === "number" ? params.more : 0;
  const text = composeReason(english(params, f), causes.map((c) => c.text), more, (n) => `(+${n} more)`);
  const out = { code, params, text } as Reason;
  if (causes.length) out.causes = causes;
  return out;
}

/** The English sentences of a list of reasons. */
export function reasonTexts(reasons: readonly Reason[]): string[] {
  return reasons.map((r) => r.text);
}
