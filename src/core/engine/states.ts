// The states the engine computes, on their own so that reasons (reason-params.ts) and the
// status types (types.ts) can both name them without importing each other.

export type ItemState = "done" | "not_done" | "blocked" | "failed" | "not_applicable" | "waived";
export type CheckState = "pass" | "fail" | "inconclusive" | "error" | "pending" | "waived";
export type GateState = "pending" | "passing" | "failed" | "blocked" | "waived";
export type CriterionState = "met" | "not_met" | "pending" | "waived";
export type WaveState = "closed" | "open" | "passed" | "failed";
export type StepState = "pending" | "ready" | "running" | "verified" | "done" | "failed" | "rolling_back" | "rolled_back";
export type PhaseState = "pending" | "running" | "done";
export type CheckpointDecision = "go" | "no_go" | "pending";
/** `waiting`: its prerequisites do not pass yet; `partial`: signed, quorum not reached. */
export type SignoffState = "given" | "partial" | "pending" | "waiting";
export type WaiverState = "active" | "expired";
