import type { CheckpointFact } from "../model/facts.ts";
import { isMember, iso, memo, roleRef, say, textMembersReasons, type Book, type Ctx } from "./context.ts";
import type { Reason } from "./reasons.ts";
import { requirements, unmetReasons } from "./requires.ts";
import { ms, resolveDue, zonedInstant } from "./time.ts";
import type { CheckpointStatus, CheckpointVote, PhaseStatus, TimelineStatus, Verdict } from "./types.ts";

/** The rollback deadline on the run date in the runbook's zone; after it only fix forward. */
export function rollbackDeadline(book: Book): Date | undefined {
  const at = book.runbook.timeline?.rollback_deadline;
  return at && book.runDate ? zonedInstant(book.runDate, at, book.zone) : undefined;
}

/** Whether the rollback deadline has passed. */
export function isFixForward(ctx: Ctx): boolean {
  const deadline = rollbackDeadline(ctx.book);
  return deadline !== undefined && ctx.t >= deadline.getTime();
}

/** Each approver's latest decision: a person may change their mind, and counts once. */
function votes(ctx: Ctx, id: string): CheckpointVote[] {
  const byPerson = new Map<string, CheckpointVote>();
  for (const f of ctx.accepted.checkpoints) {
    if (f.checkpoint === id) byPerson.set(f.by, { by: f.by, decision: f.decision, at: iso(new Date(f.at)) });
  }
  return [...byPerson.values()];
}

/** A checkpoint: no-go when an approver says no-go; go when `quorum` distinct approvers say go. */
export function checkpointStatus(ctx: Ctx, id: string): CheckpointStatus {
  const fallback = (): CheckpointStatus => ({ id, title: id, phase: "?", decision: "pending", quorum: 1, votes: [], overdue: false, reasons: [say(ctx, "checkpoint.missing", { checkpoint: id })] });
  return memo(ctx, `checkpoint:${id}`, () => {
    const ref = ctx.book.checkpoints.get(id);
    if (!ref) return fallback();
    const { checkpoint, phase } = ref;
    const list = votes(ctx, id);
    const out: CheckpointStatus = { id, title: checkpoint.title, phase: phase.id, decision: "pending", quorum: checkpoint.quorum, votes: list, overdue: false, reasons: [] };
    const at = resolveDue(checkpoint.at, ctx.due);
    if (at) out.at = iso(at);
    const noGo = list.find((v) => v.decision === "no_go");
    const go = list.filter((v) => v.decision === "go");
    if (noGo) {
      out.decision = "no_go";
      out.reasons.push(say(ctx, "checkpoint.no_go", { checkpoint: id, by: noGo.by, at: noGo.at }));
    } else if (go.length >= checkpoint.quorum) out.decision = "go";
    else {
      const missing = checkpoint.quorum - go.length;
      out.reasons.push(say(ctx, "checkpoint.needs_go", { checkpoint: id, missing, ...roleRef(ctx.book, checkpoint.approvers, ctx.t) }), ...textMembersReasons(ctx, checkpoint.approvers));
      if (at && ctx.t >= at.getTime()) {
        out.overdue = true;
        out.reasons.push(say(ctx, "checkpoint.due", { checkpoint: id, at: iso(at) }));
      } else if (!at) out.reasons.push(say(ctx, "checkpoint.unplaced", { checkpoint: id, when: checkpoint.at }));
    }
    return out;
  }, fallback);
}

/** Whether an approver may record a decision: member of the approvers; a go needs the checkpoint's prerequisites. */
export function judgeCheckpoint(ctx: Ctx, fact: CheckpointFact): Verdict {
  const ref = ctx.book.checkpoints.get(fact.checkpoint);
  if (!ref) return { ok: false, reasons: [say(ctx, "checkpoint.unknown", { checkpoint: fact.checkpoint })] };
  const { checkpoint } = ref;
  const reasons: Reason[] = [];
  if (!isMember(ctx.book, checkpoint.approvers, fact.by, ctx.t)) {
    reasons.push(say(ctx, "checkpoint.not_approver", { by: fact.by, checkpoint: checkpoint.id, ...roleRef(ctx.book, checkpoint.approvers, ctx.t) }), ...textMembersReasons(ctx, checkpoint.approvers));
  }
  const same = votes(ctx, checkpoint.id).find((v) => v.by === fact.by && v.decision === fact.decision);
  if (same) reasons.push(say(ctx, "checkpoint.already_decided", { by: fact.by, decision: fact.decision, checkpoint: checkpoint.id, at: same.at }));
  // Saying no-go never needs anything; saying go needs what the checkpoint requires.
  if (fact.decision === "go") reasons.push(...unmetReasons(ctx, requirements(ctx, checkpoint.requires)).map((r) => say(ctx, "checkpoint.prerequisite", { checkpoint: checkpoint.id }, [r])));
  return reasons.length ? { ok: false, reasons } : { ok: true };
}

/** Planned against actual for each phase, its checkpoint, and the rollback deadline. */
export function timelineStatus(ctx: Ctx): TimelineStatus | undefined {
  const timeline = ctx.book.runbook.timeline;
  if (!timeline) return undefined;
  const phases = timeline.phases.map((phase): PhaseStatus => {
    const out: PhaseStatus = { id: phase.id, title: phase.title, state: "pending", late: false };
    const plannedStart = resolveDue(phase.start, ctx.due);
    const plannedEnd = phase.end ? resolveDue(phase.end, ctx.due) : undefined;
    if (plannedStart) out.plannedStart = iso(plannedStart);
    if (plannedEnd) out.plannedEnd = iso(plannedEnd);
    let started: number | undefined;
    let ended: number | undefined;
    for (const f of ctx.book.facts.phases) {
      if (f.phase !== phase.id) continue;
      if (f.started_at && ms(f.started_at) <= ctx.t) started = ms(f.started_at);
      if (f.ended_at && ms(f.ended_at) <= ctx.t) ended = ms(f.ended_at);
    }
    if (started !== undefined) out.actualStart = iso(new Date(started));
    if (ended !== undefined) out.actualEnd = iso(new Date(ended));
    out.state = ended !== undefined ? "done" : started !== undefined ? "running" : "pending";
    const minutes = (a: number, b: number) => Math.round((a - b) / 60_000);
    if (ended !== undefined && plannedEnd) out.slippageMinutes = minutes(ended, plannedEnd.getTime());
    else if (started !== undefined && plannedStart) out.slippageMinutes = minutes(started, plannedStart.getTime());
    // Not started although planned: as late as the clock says.
    else if (started === undefined && plannedStart && ctx.t > plannedStart.getTime()) out.slippageMinutes = minutes(ctx.t, plannedStart.getTime());
    out.late = (out.slippageMinutes ?? 0) > 0 || (out.state !== "done" && plannedEnd !== undefined && ctx.t > plannedEnd.getTime());
    if (phase.checkpoint) out.checkpoint = checkpointStatus(ctx, phase.checkpoint.id);
    return out;
  });
  const out: TimelineStatus = { timezone: ctx.book.zone, phases, fixForward: isFixForward(ctx) };
  if (ctx.book.runDate) out.date = ctx.book.runDate;
  const deadline = rollbackDeadline(ctx.book);
  if (deadline) out.rollbackDeadline = iso(deadline);
  return out;
}
