import { allSections } from "../model/expand.ts";
import { type Ctx } from "./context.ts";
import { gatedItems } from "./items.ts";
import { requirements, unmetReasons } from "./requires.ts";
import type { GateStatus } from "./types.ts";

// GO is never given while a required item is open. Items a gate names count through that gate
// (and its waiver); every other item that is not `optional` counts through its section's implicit
// readiness requirement, computed here and shown beside the gates as `ready:SECTION`.

/** The id of a section's implicit readiness requirement; `:` is not allowed in runbook ids, so it never collides. */
export function readinessId(section: string): string {
  return `ready:${section}`;
}

/**
 * One readiness requirement per section that holds required items no gate names: passing when
 * every one of them is done, not applicable or waived; failed when one failed; pending otherwise.
 */
export function readinessStatuses(ctx: Ctx): GateStatus[] {
  const gated = gatedItems(ctx);
  const out: GateStatus[] = [];
  for (const { section } of allSections(ctx.book.runbook)) {
    const ids = section.items.filter((i) => !i.optional && !gated.has(i.id)).map((i) => i.id);
    if (ids.length === 0) continue;
    const reqs = requirements(ctx, { items: ids, checks: [], gates: [], waves: [], criteria: [], signoffs: [] });
    const reasons = unmetReasons(ctx, reqs);
    const state: GateStatus["state"] = reasons.length === 0 ? "passing" : reqs.some((r) => r.state === "failed") ? "failed" : "pending";
    out.push({ id: readinessId(section.id), title: section.title, state, section: section.id, requires: reqs, reasons });
  }
  return out;
}
