import { evaluateCondition } from "../conditions/index.ts";
import type { AttestationFact, WaveFact } from "../model/facts.ts";
import type { Criterion } from "../model/runbook.ts";
import { resultReason } from "./checks.ts";
import { expandIds, isMember, iso, memo, roleRef, say, textMembersReasons, type Book, type Ctx } from "./context.ts";
import { reason, type Reason } from "./reasons.ts";
import { more, requirement, requirements, stateReason, unmetReasons } from "./requires.ts";
import { ms, parseDuration } from "./time.ts";
import type { CriterionStatus, RequirementStatus, Verdict, WaveStatus } from "./types.ts";
import { activeWaiver } from "./waivers.ts";

// Waves open in order. A wave may open when the previous one's exit criteria hold and its soak
// has passed since it opened, and its own `requires` pass. Criteria count only what was measured
// while the wave was open: a result from before it opened says nothing about the wave.

interface Opening {
  openedAt?: number;
  closedAt?: number;
  /** Opened and not closed since. */
  isOpen: boolean;
}

function opening(ctx: Ctx, waveId: string): Opening {
  let out: Opening = { isOpen: false };
  for (const f of ctx.accepted.waves) {
    if (f.wave !== waveId) continue;
    if (f.action === "open") out = { openedAt: ms(f.at), isOpen: true };
    else if (out.openedAt !== undefined) out = { openedAt: out.openedAt, closedAt: ms(f.at), isOpen: false };
  }
  return out;
}

/** Met or waived. */
export function criterionMet(s: CriterionStatus): boolean {
  return s.state === "met" || s.state === "waived";
}

/** What an attestation says against its criterion: the condition on `value`, else `met`. */
export function attestOutcome(book: Book, criterion: Criterion, fact: AttestationFact): { outcome: "pass" | "fail" | "inconclusive"; reason: Reason; unjudgeable?: true } {
  const condition = book.loaded.attestConditions.get(criterion.id);
  if (condition) {
    if (fact.value === undefined) return { outcome: "inconclusive", reason: reason("attest.needs_value", { condition: condition.source }), unjudgeable: true };
    const r = evaluateCondition(condition, { value: fact.value });
    // A value the condition cannot read ("100%" as text) is a mistake in the attestation, not a measurement.
    if (r.error) return { outcome: "inconclusive", reason: reason("attest.unreadable", { condition: r.text, error: r.error }), unjudgeable: true };
    return { outcome: r.outcome, reason: reason("attest.condition", { condition: r.text }) };
  }
  if (fact.met === undefined) return { outcome: "inconclusive", reason: reason("attest.needs_met", {}), unjudgeable: true };
  return { outcome: fact.met ? "pass" : "fail", reason: fact.met ? reason("attest.met", {}) : reason("attest.not_met", {}) };
}

/** An exit criterion: measured by its check's latest result, or by the latest attestation, during the wave. */
export function criterionStatus(ctx: Ctx, id: string): CriterionStatus {
  const fallback = (): CriterionStatus => ({ id, title: id, measuredBy: "check", state: "pending", measured: [], reasons: [say(ctx, "criterion.missing", { criterion: id })] });
  return memo(ctx, `criterion:${id}`, () => {
    const ref = ctx.book.criteria.get(id);
    if (!ref) return fallback();
    const { criterion, wave } = ref;
    const out: CriterionStatus = { id, title: criterion.title, measuredBy: criterion.check ? "check" : "attestation", state: "pending", measured: [], reasons: [] };
    if (criterion.target) out.target = criterion.target;
    if (criterion.check) out.check = criterion.check;
    const open = opening(ctx, wave.id);
    const until = Math.min(ctx.t, open.closedAt ?? ctx.t);
    if (open.openedAt === undefined) out.reasons.push(say(ctx, "criterion.wave_not_opened", { criterion: id, wave: wave.id }));
    else if (criterion.check) {
      // A template id means every expansion; each counts with its latest result during the wave.
      const openedAt = open.openedAt;
      const measured = expandIds(ctx.book, [criterion.check]).map((check) => {
        const result = ctx.book.checkResults.latest(check, until);
        return { check, result: result && ms(result.at) >= openedAt ? result : undefined };
      });
      const states = measured.map(({ result }) => (!result ? "pending" : result.outcome === "pass" ? "met" : result.outcome === "inconclusive" ? "pending" : "not_met"));
      out.state = states.includes("not_met") ? "not_met" : states.includes("pending") ? "pending" : "met";
      const latest = measured.flatMap(({ result }) => (result ? [result.at] : [])).sort((a, b) => ms(a) - ms(b)).at(-1);
      if (latest) out.at = iso(new Date(latest));
      out.measured = measured.flatMap(({ check, result }) => (result ? [resultReason(ctx, check, result)] : []));
      if (out.measured.length) out.text = out.measured.map((r) => r.text).join("; ");
      measured.forEach(({ check, result }, i) => {
        if (states[i] === "met") return;
        out.reasons.push(result
          ? say(ctx, "criterion.result", { criterion: id }, [resultReason(ctx, check, result)])
          : say(ctx, "criterion.not_run_since", { criterion: id, check, wave: wave.id, openedAt: iso(new Date(openedAt)) }));
      });
    } else if (criterion.attest) {
      const openedAt = open.openedAt;
      const fact = ctx.accepted.attestations.findLast((a) => a.criterion === id && ms(a.at) >= openedAt && ms(a.at) <= until);
      if (!fact) out.reasons.push(say(ctx, "criterion.awaiting_attestation", { criterion: id, ...roleRef(ctx.book, criterion.attest.by, ctx.t) }), ...textMembersReasons(ctx, criterion.attest.by));
      else {
        const r = attestOutcome(ctx.book, criterion, fact);
        out.state = r.outcome === "pass" ? "met" : r.outcome === "fail" ? "not_met" : "pending";
        out.at = iso(new Date(fact.at));
        out.by = fact.by;
        out.measured = [r.reason];
        out.text = r.reason.text;
        if (out.state !== "met") out.reasons.push(say(ctx, "criterion.attested", { criterion: id, by: fact.by, at: iso(new Date(fact.at)) }, [r.reason]));
      }
    }
    if (out.state !== "met") {
      const waiver = activeWaiver(ctx, id) ?? (criterion.check ? activeWaiver(ctx, criterion.check) : undefined);
      if (waiver) {
        out.state = "waived";
        out.waiver = waiver.id;
        out.reasons = [say(ctx, "criterion.waived", { criterion: id, by: waiver.by, waiver: waiver.id, until: iso(new Date(waiver.expires)) })];
      }
    }
    return out;
  }, fallback);
}

/** A wave's exit state, without its opening rule: state, criteria, soak. */
export function waveExit(ctx: Ctx, id: string): Omit<WaveStatus, "requires" | "mayOpen" | "openBlockers"> {
  const fallback = () => ({ id, title: id, state: "closed" as const, soakElapsed: false, exitHolds: false, criteria: [], reasons: [say(ctx, "wave.missing", { wave: id })] });
  return memo(ctx, `wave-exit:${id}`, () => {
    const entry = ctx.book.waves.get(id);
    if (!entry) return fallback();
    const { wave } = entry;
    const open = opening(ctx, id);
    const criteria = wave.exit.map((c) => criterionStatus(ctx, c.id));
    const exitHolds = criteria.every(criterionMet);
    const out: ReturnType<typeof waveExit> = { id, title: wave.title, state: "closed", soakElapsed: false, exitHolds, criteria, reasons: [] };
    if (wave.soak) out.soak = wave.soak;
    if (open.openedAt === undefined) {
      out.reasons.push(say(ctx, "wave.not_opened", { wave: id }));
      return out;
    }
    out.openedAt = iso(new Date(open.openedAt));
    if (open.closedAt !== undefined) out.closedAt = iso(new Date(open.closedAt));
    const soakEnds = open.openedAt + (wave.soak ? parseDuration(wave.soak) ?? 0 : 0);
    out.soakEndsAt = iso(new Date(soakEnds));
    out.soakElapsed = Math.min(ctx.t, open.closedAt ?? ctx.t) >= soakEnds;
    out.reasons.push(...criteria.filter((c) => !criterionMet(c)).flatMap((c) => c.reasons));
    if (!out.soakElapsed) out.reasons.push(say(ctx, "wave.soak", { wave: id, soak: wave.soak ?? "0s", soakMs: soakEnds - open.openedAt, endsAt: iso(new Date(soakEnds)) }));
    if (!open.isOpen) {
      out.reasons.push(say(ctx, "wave.closed", { wave: id, at: iso(new Date(open.closedAt ?? 0)) }));
      return out;
    }
    // `passed` says the exit criteria hold; the soak is separate (soakElapsed), and both are
    // needed before the next wave may open.
    out.state = criteria.some((c) => c.state === "not_met") ? "failed" : exitHolds ? "passed" : "open";
    return out;
  }, fallback);
}

/** The exit criteria hold and the soak has passed: the next wave may follow. */
export function waveExitPassed(s: { exitHolds: boolean; soakElapsed: boolean }): boolean {
  return s.exitHolds && s.soakElapsed;
}

/** A wave as a prerequisite: met once its exit criteria hold and its soak has passed. */
export function waveRequirement(ctx: Ctx, id: string): RequirementStatus {
  const s = waveExit(ctx, id);
  return requirement("wave", id, s.state, waveExitPassed(s), say(ctx, "requirement.wave", { wave: id, more: more(s.reasons) }, s.reasons.slice(0, 1)), s.title);
}

/** An exit criterion as a prerequisite: met when met or waived. */
export function criterionRequirement(ctx: Ctx, id: string): RequirementStatus {
  const s = criterionStatus(ctx, id);
  return requirement("criterion", id, s.state, criterionMet(s), s.reasons[0] ?? stateReason(ctx, "criterion", id, s.state, s.title), s.title);
}

/** Why a wave may not open now; empty when it may. */
export function openBlockers(ctx: Ctx, id: string): Reason[] {
  const entry = ctx.book.waves.get(id);
  if (!entry) return [say(ctx, "wave.unknown", { wave: id })];
  const reasons: Reason[] = [];
  if (opening(ctx, id).isOpen) reasons.push(say(ctx, "wave.already_open", { wave: id }));
  const prev = ctx.book.runbook.waves[entry.index - 1];
  if (prev) {
    const p = waveExit(ctx, prev.id);
    if (p.openedAt === undefined) reasons.push(say(ctx, "wave.not_opened", { wave: prev.id }));
    else if (!waveExitPassed(p)) reasons.push(...p.reasons.map((r) => say(ctx, "wave.previous_exit", { wave: prev.id }, [r])));
  }
  reasons.push(...unmetReasons(ctx, requirements(ctx, entry.wave.requires)));
  // The same cause reached twice (a gate required by the wave and by its predecessor's exit) is said once.
  const seen = new Set<string>();
  return reasons.filter((r) => !seen.has(r.text) && Boolean(seen.add(r.text)));
}

/** A wave with its opening rule. */
export function waveStatus(ctx: Ctx, id: string): WaveStatus {
  const exit = waveExit(ctx, id);
  const entry = ctx.book.waves.get(id);
  const requires = entry ? requirements(ctx, entry.wave.requires) : [];
  const blockers = openBlockers(ctx, id);
  return { ...exit, requires, mayOpen: blockers.length === 0, openBlockers: blockers };
}

/** Whether a wave may be opened or closed now. */
export function judgeWaveFact(ctx: Ctx, fact: WaveFact): Verdict {
  if (!ctx.book.waves.has(fact.wave)) return { ok: false, reasons: [say(ctx, "wave.unknown", { wave: fact.wave })] };
  if (fact.action === "close") {
    return opening(ctx, fact.wave).isOpen ? { ok: true } : { ok: false, reasons: [say(ctx, "wave.not_open", { wave: fact.wave })] };
  }
  const reasons = openBlockers(ctx, fact.wave);
  return reasons.length ? { ok: false, reasons } : { ok: true };
}

/** Whether an attestation may be recorded: a criterion that is attested, by a member of its role, while its wave is open, with a value that can be judged. */
export function judgeAttestation(ctx: Ctx, fact: AttestationFact): Verdict {
  const ref = ctx.book.criteria.get(fact.criterion);
  if (!ref) return { ok: false, reasons: [say(ctx, "criterion.unknown", { criterion: fact.criterion })] };
  const { criterion, wave } = ref;
  if (!criterion.attest) return { ok: false, reasons: [say(ctx, "criterion.not_attested", { criterion: criterion.id, check: criterion.check ?? "?" })] };
  const reasons: Reason[] = [];
  if (!isMember(ctx.book, criterion.attest.by, fact.by, ctx.t)) {
    reasons.push(say(ctx, "attest.not_member", { by: fact.by, criterion: criterion.id, ...roleRef(ctx.book, criterion.attest.by, ctx.t) }), ...textMembersReasons(ctx, criterion.attest.by));
  }
  if (!opening(ctx, wave.id).isOpen) reasons.push(say(ctx, "wave.not_open", { wave: wave.id }));
  const r = attestOutcome(ctx.book, criterion, fact);
  if (r.unjudgeable || r.outcome === "inconclusive") reasons.push(say(ctx, "criterion.invalid_attestation", { criterion: criterion.id }, [r.reason]));
  return reasons.length ? { ok: false, reasons } : { ok: true };
}
