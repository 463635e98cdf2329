// Test helper: a planned check from the runbook form, conditions parsed as the loader would.
import { parseCondition } from "../core/conditions/index.ts";
import { Check } from "../core/model/runbook.ts";
import { checkKinds, type CheckKind } from "./kinds.ts";
import { planCheck } from "./plan.ts";
import { ProbeError } from "./provider.ts";
import type { PlannedCheck } from "./scheduler.ts";

/** A PlannedCheck from a check written as in a runbook (`{ id, kind, config, conditions, ... }`). */
export function testCheck(input: Record<string, unknown>): PlannedCheck {
  const check = Check.parse(input);
  const sources = Array.isArray(check.conditions) ? check.conditions : [check.conditions];
  const conditions = sources.map((s) => {
    const r = parseCondition(s, checkKinds[check.kind as CheckKind].values);
    if (!r.ok) throw new Error(`${s}: ${r.errors.map((e) => e.message).join("; ")}`);
    return r.condition;
  });
  return planCheck(check, conditions);
}

/** Awaits a probe that must fail to observe, and returns its ProbeError (test helper). */
export async function expectProbeError(probe: Promise<unknown>): Promise<ProbeError> {
  const err = await probe.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ProbeError)) throw new Error(`expected a ProbeError, got ${err === undefined ? "a result" : err instanceof Error ? err.message : typeof err}`);
  return err;
}
