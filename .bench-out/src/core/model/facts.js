import { z } from "zod";
import { DurationText } from "./primitives.js";
// Facts: what happened during a run. The status engine derives every state from a runbook and
// these facts; a store records them, the CLI can read them from a JSON file.
const At = z.iso.datetime({ offset: true }).describe("ISO 8601 date-time.");
const Person = z.string().min(1).describe("The account that acted.");
export const Evidence = z
    .strictObject({
    kind: z.enum(["text", "link", "file"]),
    value: z.string().describe("The text, the URL, or the file's name."),
    sha256: z.string().optional().describe("Content hash of a file."),
})
    .describe("Evidence attached to an item, attestation or decision.");
export const ItemFact = z.strictObject({
    item: z.string(),
    state: z.enum(["done", "not_done", "failed", "not_applicable"]),
    by: Person,
    at: At,
    evidence: z.array(Evidence).default([]),
    note: z.string().optional(),
    override: z.boolean().optional().describe("Set by an admin who is not in the item's owner role."),
});
export const AssignmentFact = z.strictObject({
    assignments: z.record(z.string(), z.array(z.string())).describe("Role id -> the accounts assigned from now on (replaces that role's list)."),
    by: Person,
    at: At,
    reason: z.string().optional().describe("Why, as the assigner said."),
});
export const ConditionOutcome = z.strictObject({
    source: z.string(),
    outcome: z.enum(["pass", "fail", "inconclusive"]),
    text: z.string(),
});
export const CheckResultFact = z.strictObject({
    check: z.string(),
    outcome: z.enum(["pass", "fail", "inconclusive", "error"]),
    at: At,
    duration_ms: z.number().min(0).default(0),
    conditions: z.array(ConditionOutcome).default([]),
    error: z.string().optional().describe("Cause of an error: connection refused, timeout after 5s, ..."),
    values: z.record(z.string(), z.unknown()).optional(),
});
export const SignoffFact = z.strictObject({
    signoff: z.string(),
    by: Person,
    at: At,
    comment: z.string().optional(),
    evidence_hash: z.string().optional().describe("Hash of the state the signer saw."),
});
export const WaiverFact = z.strictObject({
    id: z.string(),
    policy: z.string().describe("The waiver policy it uses."),
    target: z.string().describe("The gate, criterion, check or item waived."),
    by: Person,
    at: At,
    expires: At,
    reason: z.string().min(1),
});
export const StepFact = z.strictObject({
    step: z.string(),
    action: z.enum(["start", "verify", "done", "fail", "rollback", "rolled_back"]),
    by: Person,
    at: At,
    note: z.string().optional(),
});
export const CheckpointFact = z.strictObject({
    checkpoint: z.string(),
    decision: z.enum(["go", "no_go"]),
    by: Person,
    at: At,
    comment: z.string().optional(),
});
export const AttestationFact = z.strictObject({
    criterion: z.string(),
    met: z.boolean().optional().describe("Whether the target is met (when there is no condition)."),
    value: z.union([z.number(), z.string()]).optional().describe("The measured value, for the criterion's condition."),
    by: Person,
    at: At,
    evidence: z.array(Evidence).default([]),
});
export const WaveFact = z.strictObject({
    wave: z.string(),
    action: z.enum(["open", "close"]),
    by: Person,
    at: At,
});
export const HypercareFact = z.strictObject({
    action: z.enum(["close", "extend"]).describe("Close hypercare, or extend its period."),
    by: Person,
    at: At,
    extend_by: DurationText.optional().describe("How much longer (extend only)."),
    comment: z.string().optional().describe("Why: required to extend."),
});
/** Where an incident opened by Alertmanager came from: one alert group, its alerts by fingerprint. */
export const AlertSource = z.strictObject({
    group_key: z.string().describe("Alertmanager's groupKey: one incident per group."),
    fingerprints: z.array(z.string()).default([]).describe("Alerts already seen (repeats are not new updates)."),
    alertnames: z.array(z.string()).default([]),
    triggers: z.array(z.string()).default([]).describe("Rollback triggers whose `alert` fired."),
    resolved_at: At.optional().describe("When Alertmanager said the group resolved (the incident may stay open)."),
});
export const IncidentFact = z.strictObject({
    id: z.string(),
    title: z.string(),
    severity: z.string(),
    opened_at: At,
    opened_by: Person,
    impact: z.string().optional(),
    status: z.string().optional(),
    eta: z.string().optional(),
    updates: z.array(z.strictObject({ at: At, by: Person, text: z.string() })).default([]),
    resolved_at: At.optional(),
    alert: AlertSource.optional().describe("Opened by Alertmanager: the alert group and the alerts seen in it."),
});
export const PhaseFact = z.strictObject({
    phase: z.string(),
    started_at: At.optional(),
    ended_at: At.optional(),
});
export const TaskFact = z.strictObject({
    task: z.string(),
    started_at: At.optional(),
    ended_at: At.optional(),
});
export const Facts = z
    .strictObject({
    $schema: z.string().optional(),
    run: z
        .strictObject({
        id: z.string().optional(),
        name: z.string().optional(),
        date: z.string().optional().describe("Date of the run (YYYY-MM-DD), for the timeline."),
        timezone: z.string().optional().describe("The run's IANA time zone (default: the runbook's `meta.timezone`)."),
        started_at: At.optional(),
        golive_at: At.optional().describe("The go-live moment that `+30m` due times count from."),
        kind: z.enum(["rehearsal", "live"]).optional().describe("A rehearsal or the live go-live."),
        baseline_start: At.optional().describe("Rebaselined: the plan's start moved to this moment; planned times and the rollback deadline shift with it."),
    })
        .prefault({}),
    assignments: z
        .record(z.string(), z.array(z.string()))
        .default({})
        .describe("Role id -> accounts for this run from its start (adds to the runbook's members)."),
    assignment_changes: z
        .array(AssignmentFact)
        .default([])
        .describe("Later changes of the assignments, each from its time on: a role taken after a decision does not validate it."),
    items: z.array(ItemFact).default([]),
    checks: z.array(CheckResultFact).default([]),
    signoffs: z.array(SignoffFact).default([]),
    waivers: z.array(WaiverFact).default([]),
    steps: z.array(StepFact).default([]),
    checkpoints: z.array(CheckpointFact).default([]),
    attestations: z.array(AttestationFact).default([]),
    waves: z.array(WaveFact).default([]),
    hypercare: z.array(HypercareFact).default([]).describe("Hypercare decisions: extensions and the close."),
    incidents: z.array(IncidentFact).default([]),
    phases: z.array(PhaseFact).default([]),
    tasks: z.array(TaskFact).default([]).describe("When timeline tasks really started and ended."),
})
    .describe("What has happened in a run.");
/** Facts of a run where nothing has happened yet. */
export function emptyFacts() {
    return Facts.parse({});
}
