import { evaluateCondition } from "../conditions/index.ts";
import type { AttestationFact, WaveFact } from "../model/facts.ts";
import type { Criterion } from "../model/runbook.ts";
import { resultText } from "./checks.ts";
import { expandIds, isMember, iso, memo, roleText, timeText, type Book, type Ctx } from "./context.ts";
import { requirements, unmetReasons } from "./requires.ts";
import { ms, parseDuration } from "./time.ts";
import type { CriterionStatus, Verdict, WaveStatus } from "./types.ts";
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
export function attestOutcome(book: Book, criterion: Criterion, fact: AttestationFact): { outcome: "pass" | "fail" | "inconclusive"; text: string; unjudgeable?: true } {
  const condition = book.loaded.attestConditions.get(criterion.id);
  if (condition) {
    if (fact.value === undefined) return { outcome: "inconclusive", text: `needs a value for \`${condition.source}\``, unjudgeable: true };
    const r = evaluateCondition(condition, { value: fact.value });
    // A value the condition cannot read ("100%" as text) is a mistake in the attestation, not a measurement.
    if (r.error) return { outcome: "inconclusive", text: `${r.text}: ${r.error}`, unjudgeable: true };
    return { outcome: r.outcome, text: r.text };
  }
  if (fact.met === undefined) return { outcome: "inconclusive", text: "needs `met: true` or `met: false`", unjudgeable: true };
  return { outcome: fact.met ? "pass" : "fail", text: fact.met ? "attested met" : "attested not met" };
}

/** An exit criterion: measured by its check's latest result, or by the latest attestation, during the wave. */
export function criterionStatus(ctx: Ctx, id: string): CriterionStatus {
  const fallback = (): CriterionStatus => ({ id, title: id, measuredBy: "check", state: "pending", reasons: [`criterion ${id} is unknown`] });
  return memo(ctx, `criterion:${id}`, () => {
    const ref = ctx.book.criteria.get(id);
    if (!ref) return fallback();
    const { criterion, wave } = ref;
    const out: CriterionStatus = { id, title: criterion.title, measuredBy: criterion.check ? "check" : "attestation", state: "pending", reasons: [] };
    if (criterion.target) out.target = criterion.target;
    if (criterion.check) out.check = criterion.check;
    const open = opening(ctx, wave.id);
    const until = Math.min(ctx.t, open.closedAt ?? ctx.t);
    if (open.openedAt === undefined) out.reasons.push(`criterion ${id}: wave ${wave.id} has not opened`);
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
      const texts = measured.flatMap(({ check, result }) => (result ? [resultText(ctx, check, result)] : []));
      if (texts.length) out.text = texts.join("; ");
      measured.forEach(({ check, result }, i) => {
        if (states[i] === "met") return;
        out.reasons.push(result ? `criterion ${id}: ${resultText(ctx, check, result)}` : `criterion ${id}: check ${check} has not run since wave ${wave.id} opened ${timeText(ctx, new Date(openedAt))}`);
      });
    } else if (criterion.attest) {
      const openedAt = open.openedAt;
      const fact = ctx.accepted.attestations.findLast((a) => a.criterion === id && ms(a.at) >= openedAt && ms(a.at) <= until);
      if (!fact) out.reasons.push(`criterion ${id}: waiting for an attestation by ${roleText(ctx.book, criterion.attest.by)}`);
      else {
        const r = attestOutcome(ctx.book, criterion, fact);
        out.state = r.outcome === "pass" ? "met" : r.outcome === "fail" ? "not_met" : "pending";
        out.at = iso(new Date(fact.at));
        out.by = fact.by;
        out.text = r.text;
        if (out.state !== "met") out.reasons.push(`criterion ${id} attested by ${fact.by} ${timeText(ctx, fact.at)}: ${r.text}`);
      }
    }
    if (out.state !== "met") {
      const waiver = activeWaiver(ctx, id) ?? (criterion.check ? activeWaiver(ctx, criterion.check) : undefined);
      if (waiver) {
        out.state = "waived";
        out.waiver = waiver.id;
        out.reasons = [`criterion ${id} waived by ${waiver.by} (${waiver.id}) until ${timeText(ctx, waiver.expires)}`];
      }
    }
    return out;
  }, fallback);
}

/** A wave's exit state, without its opening rule: state, criteria, soak. */
export function waveExit(ctx: Ctx, id: string): Omit<WaveStatus, "requires" | "mayOpen" | "openBlockers"> {
  const fallback = () => ({ id, title: id, state: "closed" as const, soakElapsed: false, exitHolds: false, criteria: [], reasons: [`wave ${id} is unknown`] });
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
      out.reasons.push(`wave ${id} has not opened`);
      return out;
    }
    out.openedAt = iso(new Date(open.openedAt));
    if (open.closedAt !== undefined) out.closedAt = iso(new Date(open.closedAt));
    const soakEnds = open.openedAt + (wave.soak ? parseDuration(wave.soak) ?? 0 : 0);
    out.soakEndsAt = iso(new Date(soakEnds));
    out.soakElapsed = Math.min(ctx.t, open.closedAt ?? ctx.t) >= soakEnds;
    out.reasons.push(...criteria.filter((c) => !criterionMet(c)).flatMap((c) => c.reasons));
    if (!out.soakElapsed) out.reasons.push(`wave ${id} soak (${wave.soak ?? "0s"}) ends ${timeText(ctx, new Date(soakEnds))}`);
    if (!open.isOpen) {
      out.reasons.push(`wave ${id} closed ${timeText(ctx, new Date(open.closedAt ?? 0))}`);
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

/** Why a wave may not open now; empty when it may. */
export function openBlockers(ctx: Ctx, id: string): string[] {
  const entry = ctx.book.waves.get(id);
  if (!entry) return [`unknown wave '${id}'`];
  const reasons: string[] = [];
  if (opening(ctx, id).isOpen) reasons.push(`wave ${id} is already open`);
  const prev = ctx.book.runbook.waves[entry.index - 1];
  if (prev) {
    const p = waveExit(ctx, prev.id);
    if (p.openedAt === undefined) reasons.push(`wave ${prev.id} has not opened`);
    else if (!waveExitPassed(p)) reasons.push(...p.reasons.map((r) => `${prev.id} exit: ${r}`));
  }
  reasons.push(...unmetReasons(requirements(ctx, entry.wave.requires)));
  return [...new Set(reasons)];
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
  if (!ctx.book.waves.has(fact.wave)) return { ok: false, reasons: [`unknown wave '${fact.wave}'`] };
  if (fact.action === "close") {
    return opening(ctx, fact.wave).isOpen ? { ok: true } : { ok: false, reasons: [`wave ${fact.wave} is not open`] };
  }
  const reasons = openBlockers(ctx, fact.wave);
  return reasons.length ? { ok: false, reasons } : { ok: true };
}

/** Whether an attestation may be recorded: a criterion that is attested, by a member of its role, while its wave is open, with a value that can be judged. */
export function judgeAttestation(ctx: Ctx, fact: AttestationFact): Verdict {
  const ref = ctx.book.criteria.get(fact.criterion);
  if (!ref) return { ok: false, reasons: [`unknown criterion '${fact.criterion}'`] };
  const { criterion, wave } = ref;
  if (!criterion.attest) return { ok: false, reasons: [`criterion ${criterion.id} is measured by check ${criterion.check ?? "?"}, not attested`] };
  const reasons: string[] = [];
  if (!isMember(ctx.book, criterion.attest.by, fact.by)) {
    reasons.push(`${fact.by} may not attest ${criterion.id}: attesters are ${roleText(ctx.book, criterion.attest.by)}`);
  }
  if (!opening(ctx, wave.id).isOpen) reasons.push(`wave ${wave.id} is not open`);
  const r = attestOutcome(ctx.book, criterion, fact);
  if (r.unjudgeable || r.outcome === "inconclusive") reasons.push(`criterion ${criterion.id}: ${r.text}`);
  return reasons.length ? { ok: false, reasons } : { ok: true };
}
