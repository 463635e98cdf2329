import type { CheckState, GateState, ItemState, SignoffState, StepState } from "./states.ts";

// The parameters of each reason code. Instants are ISO strings (named `at`, `due`, `until`,
// `expires`, `endsAt`, `openedAt`, `deadline`), durations are milliseconds (`…Ms`) next to the
// runbook's own spelling where it has one: a reader formats them in the runbook's time zone and
// their own language. Ids, names and the runbook's texts (titles, notes, condition results) are
// carried as they are.

/** Roles a refusal names, with the accounts that act in them. */
export interface RoleRef {
  roles: string[];
  members: string[];
}

/** What a requirement is about. */
export type RequirementKind = "item" | "check" | "gate" | "wave" | "criterion" | "signoff";

/** A step action. */
export type StepAction = "start" | "verify" | "done" | "fail" | "rollback" | "rolled_back";

/** Reasons that carry nested causes say how many more there were beyond those carried. */
interface More {
  more: number;
}

/** Every reason code with its parameters. */
export interface ReasonParams {
  "check.unknown": { check: string };
  "check.not_run": { check: string };
  "check.awaiting_approval": { check: string };
  "check.result": { check: string; outcome: Exclude<CheckState, "pending" | "waived">; at: string; detail?: string };
  "waived": { by: string; waiver: string; until: string; note?: string };
  "item.unknown": { item: string };
  "item.not_done": { item: string; title: string };
  "item.needs_evidence": { item: string; title: string; by: string; at: string };
  "item.failed": { item: string; title: string; by: string; at: string; note?: string };
  "item.waits_for": { item: string; title: string; dependency: string; dependencyTitle: string; state: ItemState };
  "item.overdue": { item: string; title: string; due: string };
  "item.automated": { item: string; check: string };
  "item.evidence_required": { item: string };
  "gate.unknown": { gate: string };
  "gate.empty": { gate: string; title: string };
  "requirement.state": { kind: RequirementKind; id: string; title?: string; state: string };
  "requirement.gate": { gate: string; title: string; state: GateState } & More;
  "requirement.wave": { wave: string } & More;
  "requirement.signoff": { signoff: string; title: string; state: SignoffState } & More;
  "go.gate": { gate: string; title: string; state: GateState };
  "go.readiness": { gate: string; section: string; title: string; open: number } & More;
  "go.signoff": { signoff: string; title: string; state: SignoffState };
  "go.incident": { incident: string; severity: string; title: string };
  "go.checkpoint_no_go": { checkpoint: string; title: string };
  "go.checkpoint_undecided": { checkpoint: string; title: string };
  "go.step": { step: string; title: string; state: StepState };
  "go.gates_pass": { count: number; waived: string[] };
  "go.no_gates": Record<string, never>;
  "go.signoffs_given": { count: number };
  "go.no_signoffs": Record<string, never>;
  "go.checkpoints_go": { decided: number; total: number };
  "go.no_blocking_incident": Record<string, never>;
  "signoff.unknown": { signoff: string };
  "signoff.cycle": { signoff: string };
  "signoff.not_member": { by: string; signoff: string } & RoleRef;
  "signoff.already_signed": { by: string; signoff: string; at: string };
  "signoff.separation": { by: string; other: string; at: string; signoff: string };
  "signoff.prerequisite": { signoff: string };
  "signoff.needs_more": { missing: number; role: string; members: string[] };
  "waiver.unknown_policy": { policy: string };
  "waiver.id_used": { waiver: string };
  "waiver.not_grantor": { by: string; policy: string } & RoleRef;
  "waiver.not_covered": { policy: string; target: string; targets: string[] };
  "waiver.expires_early": { expires: string; at: string };
  "waiver.too_long": { durationMs: number; maxMs: number; max: string };
  "step.unknown": { step: string };
  "step.has_substeps": { step: string; substeps: string[] };
  "step.wrong_state": { step: string; state: StepState; action: StepAction; from: StepState[] };
  "step.verify_first": { step: string };
  "step.waits_for": { step: string; after: string; state: StepState };
  "step.fix_forward": { deadline?: string };
  "forecast.past_deadline": { finish: string; deadline: string; lateMs: number; task?: string };
  "step.failed": { step: string; note?: string };
  "step.rolling_back": { step: string };
  "checkpoint.unknown": { checkpoint: string };
  "checkpoint.missing": { checkpoint: string };
  "checkpoint.no_go": { checkpoint: string; by: string; at: string };
  "checkpoint.needs_go": { checkpoint: string; missing: number } & RoleRef;
  "checkpoint.due": { checkpoint: string; at: string };
  "checkpoint.unplaced": { checkpoint: string; when: string };
  "checkpoint.not_approver": { by: string; checkpoint: string } & RoleRef;
  "checkpoint.already_decided": { by: string; decision: "go" | "no_go"; checkpoint: string; at: string };
  "checkpoint.prerequisite": { checkpoint: string };
  "incident.unknown_severity": { severity: string };
  "incident.open": { incident: string; severity: string; title: string };
  "incident.update_due": { incident: string; at: string; every: string; everyMs: number };
  "incident.rollback_trigger": { incident: string; alert: string; trigger: string; title: string };
  "criterion.unknown": { criterion: string };
  "criterion.missing": { criterion: string };
  "criterion.wave_not_opened": { criterion: string; wave: string };
  "criterion.result": { criterion: string };
  "criterion.not_run_since": { criterion: string; check: string; wave: string; openedAt: string };
  "criterion.awaiting_attestation": { criterion: string } & RoleRef;
  "criterion.attested": { criterion: string; by: string; at: string };
  "criterion.invalid_attestation": { criterion: string };
  "criterion.waived": { criterion: string; by: string; waiver: string; until: string };
  "criterion.not_attested": { criterion: string; check: string };
  "attest.not_member": { by: string; criterion: string } & RoleRef;
  "attest.needs_value": { condition: string };
  "attest.unreadable": { condition: string; error: string };
  "attest.condition": { condition: string };
  "attest.needs_met": Record<string, never>;
  "attest.met": Record<string, never>;
  "attest.not_met": Record<string, never>;
  "wave.missing": { wave: string };
  "wave.unknown": { wave: string };
  "wave.not_opened": { wave: string };
  "wave.soak": { wave: string; soak: string; soakMs: number; endsAt: string };
  "wave.closed": { wave: string; at: string };
  "wave.already_open": { wave: string };
  "wave.not_open": { wave: string };
  "wave.previous_exit": { wave: string };
  "hypercare.none": Record<string, never>;
  "hypercare.not_started": { after: HypercareTrigger; id?: string };
  "hypercare.running": { endsAt: string; remainingMs: number };
  "hypercare.check": { check: string; window?: string };
  "hypercare.green_short": { check: string; since: string; greenMs: number; needMs: number; needed: string };
  "hypercare.incident_open": { incident: string; severity: string; title: string };
  "hypercare.incident_opened": { incident: string; severity: string; title: string; at: string };
  "hypercare.not_owner": { by: string } & RoleRef;
  "role.text_unapproved": { roles: string[]; named: string[] };
  "hypercare.closed": { by: string; at: string };
  "hypercare.early": { endsAt: string };
  "hypercare.extend_needs": Record<string, never>;
  "hypercare.extend_too_long": { extendMs: number; maxMs: number };
}

/** What hypercare starts after: the run's go-live moment, or a wave closed, a step done, a task or phase ended. */
export type HypercareTrigger = "golive" | "wave" | "step" | "task" | "phase";

/** A stable reason code. */
export type ReasonCode = keyof ReasonParams;

/**
 * Why something is in the state it is, or why a decision is refused: a code with its parameters,
 * the English sentence (`text`, for terminals, exports and logs), and the nested reasons it rests
 * on (`causes`: "gate G-1 pending" because "item x is not done").
 */
export type Reason = {
  [C in ReasonCode]: { code: C; params: ReasonParams[C]; text: string; causes?: Reason[] };
}[ReasonCode];
