// The computed state of a run: plain, serialisable data. It is the JSON of `golive status` and
// the payload of the status API, so it holds ISO strings, never Date objects.
import type { Reason, RequirementKind } from "./reason-params.ts";
import type { CheckpointDecision, CheckState, CriterionState, GateState, ItemState, PhaseState, SignoffState, StepState, WaiverState, WaveState } from "./states.ts";

export type * from "./reason-params.ts";
export type * from "./states.ts";

/** The answer of a decision function: may this fact be recorded? */
export type Verdict = { ok: true } | { ok: false; reasons: Reason[] };

export interface ItemStatus {
  id: string;
  title: string;
  state: ItemState;
  /** Has a check: follows it. */
  automated: boolean;
  check?: string;
  /** Optional and named by no gate: open, it blocks nothing (never counted as owed). */
  optional?: true;
  due?: string;
  overdue: boolean;
  by?: string;
  at?: string;
  evidence: number;
  waiver?: string;
  reasons: Reason[];
}

export interface ConditionStatus {
  source: string;
  outcome: "pass" | "fail" | "inconclusive";
  text: string;
}

export interface CheckStatus {
  id: string;
  title?: string;
  kind: string;
  advisory: boolean;
  state: CheckState;
  at?: string;
  durationMs?: number;
  conditions: ConditionStatus[];
  error?: string;
  waiver?: string;
  /** A command check of a runbook no admin has approved: it does not run (pending, never met). */
  awaitingApproval?: boolean;
  reasons: Reason[];
}

/** One prerequisite of a gate, wave, checkpoint or sign-off. */
export interface RequirementStatus {
  kind: RequirementKind;
  id: string;
  /** Its title, when it has one: what people read (the id stays for programs). */
  title?: string;
  state: string;
  met: boolean;
  /** Why it is not met, when it is not. */
  reason?: Reason;
}

export interface GateStatus {
  id: string;
  title: string;
  state: GateState;
  /**
   * Present on a section's implicit readiness requirement (id `ready:SECTION`): the section's
   * required items that no gate names, so that none of them can be open under a GO.
   */
  section?: string;
  waiver?: string;
  requires: RequirementStatus[];
  reasons: Reason[];
  /** What does not block it but needs attention (a forecast finish past the rollback deadline). */
  warnings?: Reason[];
}

export interface CriterionStatus {
  id: string;
  title: string;
  target?: string;
  measuredBy: "check" | "attestation";
  check?: string;
  state: CriterionState;
  at?: string;
  by?: string;
  /** What was measured, in English (`text` of `measured`, joined). */
  text?: string;
  /** What was measured during the wave: the check results, or the attestation. */
  measured: Reason[];
  waiver?: string;
  reasons: Reason[];
}

export interface WaveStatus {
  id: string;
  title: string;
  state: WaveState;
  openedAt?: string;
  closedAt?: string;
  soak?: string;
  soakEndsAt?: string;
  soakElapsed: boolean;
  /** Every exit criterion is met or waived. */
  exitHolds: boolean;
  criteria: CriterionStatus[];
  requires: RequirementStatus[];
  /** Whether an `open` would be accepted now (false when it is already open). */
  mayOpen: boolean;
  openBlockers: Reason[];
  reasons: Reason[];
}

export interface StepStatus {
  id: string;
  title: string;
  parent?: string;
  index: number;
  after: string[];
  state: StepState;
  hasRollback: boolean;
  startedAt?: string;
  endedAt?: string;
  by?: string;
  plannedStart?: string;
  plannedEnd?: string;
  reasons: Reason[];
}

export interface CheckpointVote {
  by: string;
  decision: "go" | "no_go";
  at: string;
}

export interface CheckpointStatus {
  id: string;
  title: string;
  phase: string;
  at?: string;
  decision: CheckpointDecision;
  quorum: number;
  votes: CheckpointVote[];
  overdue: boolean;
  reasons: Reason[];
  /** What does not decide it but the approvers should weigh (a forecast finish past the rollback deadline). */
  warnings?: Reason[];
}

export interface PhaseStatus {
  id: string;
  title: string;
  state: PhaseState;
  plannedStart?: string;
  plannedEnd?: string;
  actualStart?: string;
  actualEnd?: string;
  /** Actual minus planned, in minutes (end if it ended, else start); positive is late. */
  slippageMinutes?: number;
  late: boolean;
  checkpoint?: CheckpointStatus;
}

export interface TimelineStatus {
  date?: string;
  timezone: string;
  phases: PhaseStatus[];
  rollbackDeadline?: string;
  /** The rollback deadline has passed: rollback actions are refused, only fix forward. */
  fixForward: boolean;
}

export interface SignerStatus {
  by: string;
  at: string;
  comment?: string;
}

export interface SignoffStatus {
  id: string;
  title: string;
  role: string;
  quorum: number;
  state: SignoffState;
  signers: SignerStatus[];
  requires: RequirementStatus[];
  reasons: Reason[];
}

export interface WaiverStatus {
  id: string;
  policy: string;
  target: string;
  by: string;
  at: string;
  expires: string;
  state: WaiverState;
  reason: string;
}

export interface IncidentStatus {
  id: string;
  title: string;
  severity: string;
  severityTitle?: string;
  state: "open" | "resolved";
  openedAt: string;
  resolvedAt?: string;
  blocksGo: boolean;
  nextUpdateDue?: string;
  updateOverdue: boolean;
  reasons: Reason[];
}

export type DecisionKind = "signoff" | "waiver" | "wave" | "checkpoint" | "step" | "attestation" | "hypercare";

/** One exit criterion of hypercare, judged now (or, once closed, at the close). */
export interface HypercareCriterionStatus {
  kind: "check" | "item" | "signoff" | "no_open_incidents" | "no_incidents";
  /** The check, item or sign-off id; for the incident rules, the severities joined with `,`. */
  id: string;
  title?: string;
  /** The monitoring window (and metric) a check comes from. */
  window?: string;
  met: boolean;
  /** The check's, item's or sign-off's state; for the incident rules `none` or the incidents' ids. */
  state: string;
  /** A check: since when it has passed without a break, counted from hypercare's start. */
  greenSince?: string;
  greenMs?: number;
  reasons: Reason[];
}

/** An extension of the hypercare period, as recorded. */
export interface HypercareExtension {
  by: string;
  at: string;
  extendBy: string;
  extendMs: number;
  comment?: string;
}

/** Hypercare after go-live: its clock, its exit criteria and whether (and by whom) it was closed. */
export interface HypercareStatus {
  /** `ready`: the period is over (or early exit allowed) and every criterion holds: an owner may close it. */
  state: "not_started" | "running" | "ready" | "closed";
  startedAt?: string;
  /** Start + duration + extensions; absent when the runbook sets no duration. */
  endsAt?: string;
  durationMs?: number;
  extendedMs: number;
  /** Until `endsAt`, at `now`; 0 once elapsed. */
  remainingMs?: number;
  elapsed: boolean;
  earlyExit: boolean;
  greenFor?: string;
  greenForMs?: number;
  /** Every exit criterion is met (sign-offs included). */
  criteriaHold: boolean;
  criteria: HypercareCriterionStatus[];
  /** Who may close or extend it. */
  owners: { roles: string[]; members: string[] };
  /** Whether the rule allows a close now (by an owner). */
  mayClose: boolean;
  closeBlockers: Reason[];
  closedAt?: string;
  closedBy?: string;
  comment?: string;
  extensions: HypercareExtension[];
  /** Incidents opened during hypercare (up to its close). */
  incidents: string[];
  reasons: Reason[];
}

/** A recorded fact that breaks a rule: shown, never counted. */
export interface RefusedFact {
  kind: DecisionKind;
  /** The id it is about (sign-off, waiver, wave, checkpoint, step or criterion). */
  target: string;
  /** What was asked, where a kind has several (a step's or wave's action, a checkpoint vote). */
  action?: string;
  by: string;
  at: string;
  reasons: Reason[];
}

export interface RunStatus {
  runbook: { id: string; title: string; timezone: string };
  run: { id?: string; name?: string; date?: string; goliveAt?: string; kind?: "rehearsal" | "live" };
  now: string;
  go: boolean;
  verdict: "go" | "no_go";
  /** Every blocker when no-go; why it may go when go. */
  reasons: Reason[];
  gates: GateStatus[];
  waves: WaveStatus[];
  signoffs: SignoffStatus[];
  items: ItemStatus[];
  checks: CheckStatus[];
  steps: StepStatus[];
  timeline?: TimelineStatus;
  /** The forecast of the plan (timeline tasks and deploy steps), when it can be placed. */
  forecast?: ForecastStatus;
  waivers: WaiverStatus[];
  incidents: IncidentStatus[];
  /** The hypercare period, when the runbook has one. */
  hypercare?: HypercareStatus;
  refused: RefusedFact[];
  /** Facts dated after `now`, left out (a status as of an earlier moment). */
  laterFacts: number;
}

/** One task's or step's forecast. Instants are ISO strings, durations ms. */
export interface TaskForecastStatus {
  id: string;
  kind: "task" | "step";
  title: string;
  phase?: string;
  stream?: string;
  after: string[];
  plannedStart?: string;
  plannedFinish?: string;
  start: string;
  finish: string;
  durationMs: number;
  slackMs: number;
  late: boolean;
  critical: boolean;
  state: "pending" | "running" | "done";
}

/** The forecast finish, the critical path and each task's forecast, against the rollback deadline. */
export interface ForecastStatus {
  start: string;
  finish: string;
  /** The task or step whose finish ends the cutover. */
  finishTask?: string;
  rollbackDeadline?: string;
  fitsDeadline?: boolean;
  /** Deadline minus forecast finish; negative when past it. */
  marginMs?: number;
  /** What a finish past the deadline does to the verdict. */
  pastDeadline: "warn" | "no_go";
  /** `forecast.past_deadline` when the finish passes the deadline. */
  reason?: Reason;
  criticalPath: string[];
  /** ms the planned times were moved by (a rebaselined run); 0 otherwise. */
  shiftMs: number;
  tasks: TaskForecastStatus[];
}

/** One task's or step's planned against actual times. Instants ISO, durations and variances ms (positive: later or longer). */
export interface TaskReview {
  id: string;
  kind: "task" | "step";
  title: string;
  phase?: string;
  plannedStart?: string;
  plannedFinish?: string;
  plannedDurationMs: number;
  actualStart?: string;
  actualFinish?: string;
  actualDurationMs?: number;
  startVarianceMs?: number;
  finishVarianceMs?: number;
  durationVarianceMs?: number;
}

/** When a checkpoint was decided against when it was planned. */
export interface CheckpointReview {
  id: string;
  title: string;
  phase: string;
  decision: CheckpointDecision;
  plannedAt?: string;
  decidedAt?: string;
  varianceMs?: number;
}

/** The review of a run: planned against actual, critical paths, checkpoints, recovery time. */
export interface RunReview {
  run: { id?: string; name?: string; kind: "rehearsal" | "live" };
  now: string;
  /** ms the plan was moved by (a rebaselined run). */
  shiftMs: number;
  plannedStart?: string;
  actualStart?: string;
  plannedFinish?: string;
  /** The finish: actual when the finish task is done, else forecast. */
  finish?: string;
  finished?: boolean;
  finishVarianceMs?: number;
  tasks: TaskReview[];
  criticalPath: { planned: string[]; asRun: string[] };
  checkpoints: CheckpointReview[];
  recovery?: { from: string; to: string; targetMs: number; actualMs?: number; met?: boolean };
}
