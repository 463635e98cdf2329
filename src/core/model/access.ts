import type { Runbook, Step, Verify } from "./runbook.ts";

/** A role reference written as one id or a list. */
export function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The members the runbook text names for a role, when the text counts (an admin vouched for it on a server; always for a local file). */
export function textMembersOf(runbook: Runbook, role: string, textMembers: boolean): readonly string[] {
  return textMembers ? (runbook.roles.find((r) => r.id === role)?.members ?? []) : [];
}

/** The text and checks of a step's verify or rollback, written as text or as an object. */
export function verifyParts(v: Verify | undefined): { text?: string; checks: string[]; command?: string } {
  if (v === undefined) return { checks: [] };
  if (typeof v === "string") return { text: v, checks: [] };
  const out: { text?: string; checks: string[]; command?: string } = { checks: v.checks };
  if (v.text !== undefined) out.text = v.text;
  if (v.command !== undefined) out.command = v.command;
  return out;
}

export interface FlatStep {
  step: Step;
  parent?: Step;
  /** Position in execution order as written. */
  index: number;
  /** Steps that must be done before this one may start. */
  after: string[];
}

/**
 * Steps flattened with their sub-steps. A step waits for the previous step at its level unless it
 * says `after`; the first sub-step waits for what its parent waits for. A parent is done when all
 * its sub-steps are.
 */
export function flattenSteps(steps: Step[]): FlatStep[] {
  const out: FlatStep[] = [];
  const walk = (list: Step[], parent: Step | undefined, parentAfter: string[]) => {
    list.forEach((step, i) => {
      const prev = list[i - 1];
      const after = step.after ?? (prev ? [prev.id] : parentAfter);
      const flat: FlatStep = { step, index: out.length, after };
      if (parent) flat.parent = parent;
      out.push(flat);
      walk(step.steps, step, after);
    });
  };
  walk(steps, undefined, []);
  return out;
}
