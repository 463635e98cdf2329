import { checkMet, checkStatus } from "./checks.ts";
import { expandIds, iso, memo, say, type Ctx } from "./context.ts";
import { requirement, stateReason } from "./requires.ts";
import { resolveDue } from "./time.ts";
import type { ItemState, ItemStatus, RequirementStatus } from "./types.ts";
import { activeWaiver } from "./waivers.ts";

/** Done, not applicable or waived: nothing more is asked of it. */
export function itemSatisfied(state: ItemState): boolean {
  return state === "done" || state === "not_applicable" || state === "waived";
}

/** Items some gate requires (template ids expanded): an optional one among them still blocks that gate. */
export function gatedItems(ctx: Ctx): Set<string> {
  return memo(ctx, "gated-items", () => new Set(ctx.book.runbook.gates.flatMap((g) => expandIds(ctx.book, g.requires.items))), () => new Set<string>());
}

/**
 * An item's state: a manual item from its latest fact (done needs evidence when the item requires
 * it), an automated one from its check; blocked while an item it depends on is not done; overdue
 * when its due time has passed.
 */
export function itemStatus(ctx: Ctx, id: string): ItemStatus {
  const fallback = (): ItemStatus => ({ id, title: id, state: "not_done", automated: false, overdue: false, evidence: 0, reasons: [say(ctx, "item.unknown", { item: id })] });
  return memo(ctx, `item:${id}`, () => {
    const item = ctx.book.items.get(id);
    if (!item) return fallback();
    const fact = ctx.book.itemFacts.latest(id, ctx.t);
    const out: ItemStatus = { id, title: item.title, state: "not_done", automated: item.check !== undefined, overdue: false, evidence: fact?.evidence.length ?? 0, reasons: [] };
    if (item.check) out.check = item.check;
    // Optional and named by no gate: nothing waits for it, so nobody owes it (see readiness.ts).
    if (item.optional && !gatedItems(ctx).has(id)) out.optional = true;
    if (fact) {
      out.by = fact.by;
      out.at = iso(new Date(fact.at));
    }
    if (fact?.state === "not_applicable") out.state = "not_applicable";
    else if (item.check) {
      // A template id means every expansion: the item is done when all of them pass.
      const checks = expandIds(ctx.book, [item.check]).map((c) => checkStatus(ctx, c));
      if (checks.every((c) => c.state === "pass")) out.state = "done";
      else if (checks.every(checkMet)) out.state = "waived";
      else {
        out.state = checks.some((c) => c.state === "fail" || c.state === "error") ? "failed" : "not_done";
        out.reasons.push(...checks.filter((c) => !checkMet(c)).flatMap((c) => c.reasons));
      }
    } else if (fact) {
      if (fact.state === "done" && item.evidence === "required" && fact.evidence.length === 0) {
        out.reasons.push(say(ctx, "item.needs_evidence", { item: id, title: item.title, by: fact.by, at: iso(new Date(fact.at)) }));
      } else if (fact.state === "done") out.state = "done";
      else if (fact.state === "failed") {
        out.state = "failed";
        out.reasons.push(say(ctx, "item.failed", { item: id, title: item.title, by: fact.by, at: iso(new Date(fact.at)), ...(fact.note ? { note: fact.note } : {}) }));
      } else out.reasons.push(say(ctx, "item.not_done", { item: id, title: item.title }));
    } else if (item.done === true) out.state = "done";
    else out.reasons.push(say(ctx, "item.not_done", { item: id, title: item.title }));

    if (!itemSatisfied(out.state) && out.state !== "failed") {
      const waiting = expandIds(ctx.book, item.depends_on).map((d) => itemStatus(ctx, d)).filter((d) => !itemSatisfied(d.state));
      if (waiting.length) {
        out.state = "blocked";
        out.reasons = waiting.map((d) => say(ctx, "item.waits_for", { item: id, title: item.title, dependency: d.id, dependencyTitle: d.title, state: d.state }));
      }
    }
    if (!itemSatisfied(out.state)) {
      const waiver = activeWaiver(ctx, id);
      if (waiver) {
        out.state = "waived";
        out.waiver = waiver.id;
        out.reasons = [say(ctx, "waived", { by: waiver.by, waiver: waiver.id, until: iso(new Date(waiver.expires)) })];
      }
    }
    if (item.due) {
      const due = resolveDue(item.due, ctx.due);
      if (due) {
        out.due = iso(due);
        if (!itemSatisfied(out.state) && ctx.t >= due.getTime()) {
          out.overdue = true;
          out.reasons.push(say(ctx, "item.overdue", { item: id, title: item.title, due: iso(due) }));
        }
      }
    }
    return out;
  }, fallback);
}

/** An item as a prerequisite: met when satisfied. */
export function itemRequirement(ctx: Ctx, id: string): RequirementStatus {
  const s = itemStatus(ctx, id);
  return requirement("item", id, s.state, itemSatisfied(s.state), s.reasons[0] ?? stateReason(ctx, "item", id, s.state, s.title), s.title);
}
