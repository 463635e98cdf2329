import { allItems } from "../core/model/expand.ts";
import { Facts } from "../core/model/facts.ts";
import type { Runbook } from "../core/model/runbook.ts";
import { closest } from "../core/text/closest.ts";
import { parseLocated, readSource, type Diagnostic, type Locate } from "./located.ts";

// A run's facts as a JSON file (YAML is accepted too: JSON is YAML), validated by the Facts schema,
// each problem located as FILE:LINE:COL like the runbook's. With the runbook at hand, a fact about
// something the runbook does not have is an error too: silently ignored, a typo in an item id
// would leave the item open without anyone knowing why.

export type FactsLoadResult = { ok: true; facts: Facts } | { ok: false; diagnostics: Diagnostic[] };

/** Reads and validates a facts file (against the runbook's ids, when given). */
export async function loadFactsFile(file: string, runbook?: Runbook): Promise<FactsLoadResult> {
  const source = await readSource(file);
  return source.ok ? loadFactsText(source.text, file, runbook) : source;
}

/** Parses and validates facts text; `file` names it in diagnostics. */
export function loadFactsText(text: string, file: string, runbook?: Runbook): FactsLoadResult {
  const parsed = parseLocated(text, file, Facts, "the Facts schema in src/core/model/facts.ts");
  if (!parsed.ok) return parsed;
  if (runbook) checkReferences(parsed.data, runbook, parsed.at);
  const problems = parsed.done();
  return problems.length ? { ok: false, diagnostics: problems } : { ok: true, facts: parsed.data };
}

/** Every id a fact names must be one of the runbook's, of the right kind. */
function checkReferences(facts: Facts, rb: Runbook, at: Locate): void {
  const phases = rb.timeline?.phases ?? [];
  const known = {
    item: allItems(rb).map((i) => i.id),
    check: rb.checks.map((c) => c.id),
    signoff: rb.signoffs.map((s) => s.id),
    step: rb.steps.map((s) => s.id),
    wave: rb.waves.map((w) => w.id),
    checkpoint: phases.flatMap((p) => (p.checkpoint ? [p.checkpoint.id] : [])),
    phase: phases.map((p) => p.id),
    task: phases.flatMap((p) => p.tasks.map((t) => t.id)),
    "waiver policy": rb.waivers.map((w) => w.id),
  };
  const check = (list: readonly Record<string, unknown>[], key: string, kind: keyof typeof known, section: string) => {
    const ids = new Set(known[kind]);
    list.forEach((fact, i) => {
      const id = fact[key];
      if (typeof id !== "string" || ids.has(id)) return;
      const near = closest(id, known[kind]);
      at([section, i, key], `the runbook has no ${kind} '${id}'${near ? `; did you mean '${near}'?` : ""}`);
    });
  };
  check(facts.items, "item", "item", "items");
  check(facts.checks, "check", "check", "checks");
  check(facts.signoffs, "signoff", "signoff", "signoffs");
  check(facts.steps, "step", "step", "steps");
  check(facts.waves, "wave", "wave", "waves");
  check(facts.checkpoints, "checkpoint", "checkpoint", "checkpoints");
  check(facts.phases, "phase", "phase", "phases");
  check(facts.tasks, "task", "task", "tasks");
  check(facts.waivers, "policy", "waiver policy", "waivers");
}
