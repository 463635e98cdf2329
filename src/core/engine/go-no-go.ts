import { gateMet } from "./gates.ts";
import type { CheckpointStatus, GateStatus, IncidentStatus, SignoffStatus, StepStatus } from "./types.ts";

/** What go / no-go is decided from. */
export interface GoInputs {
  gates: GateStatus[];
  signoffs: SignoffStatus[];
  incidents: IncidentStatus[];
  checkpoints: CheckpointStatus[];
  steps: StepStatus[];
}

/**
 * Go only when every gate passes or is waived, every sign-off is given, no open incident's
 * severity calls for rollback, no checkpoint said no-go or is undecided past its time (or with no
 * date to place it), and no
 * failed step is left un-rolled-back.
 * No-go lists every blocker; go says what it rests on.
 */
export function decideGo(input: GoInputs): { go: boolean; reasons: string[] } {
  const blockers: string[] = [];
  for (const g of input.gates) {
    if (!gateMet(g)) blockers.push(`${g.id} ${g.state}${g.reasons.length ? `: ${g.reasons.join("; ")}` : ""}`);
  }
  for (const s of input.signoffs) {
    if (s.state !== "given") blockers.push(`sign-off ${s.id} ${s.state}: ${s.reasons.join("; ")}`);
  }
  for (const i of input.incidents) if (i.blocksGo) blockers.push(`incident ${i.id} (${i.severity}) open: ${i.title}`);
  for (const c of input.checkpoints) {
    if (c.decision === "no_go") blockers.push(c.reasons[0] ?? `checkpoint ${c.id} no-go`);
    // A decision point whose time has come (or cannot be placed without a date) and nobody
    // decided: the cutover may not run past it.
    else if (c.decision === "pending" && (c.overdue || c.at === undefined)) blockers.push(`checkpoint ${c.id} undecided: ${c.reasons.join("; ")}`);
  }
  for (const s of input.steps) {
    if (s.state === "failed" || s.state === "rolling_back") blockers.push(s.reasons[0] ?? `step ${s.id} ${s.state}`);
  }
  if (blockers.length) return { go: false, reasons: blockers };
  const waived = input.gates.filter((g) => g.state === "waived").map((g) => g.id);
  const decided = input.checkpoints.filter((c) => c.decision === "go").length;
  const reasons = [
    input.gates.length ? `${input.gates.length} gate(s) pass${waived.length ? ` (waived: ${waived.join(", ")})` : ""}` : "no gates",
    input.signoffs.length ? `${input.signoffs.length} sign-off(s) given` : "no sign-offs",
  ];
  if (input.checkpoints.length) reasons.push(`${decided} of ${input.checkpoints.length} checkpoint(s) decided go, none past its time undecided`);
  reasons.push("no open incident calls for rollback");
  return { go: true, reasons };
}
