import type { ItemStatus, RequirementStatus, RunStatus } from "../core/engine/index.ts";
import type { Runbook, Section } from "../core/model/runbook.ts";
import type { ItemsSummary } from "../api/items-page.ts";

export type { ItemsSummary } from "../api/items-page.ts";

/**
 * Items a status carries in full; a runbook with more is paged (GET /api/runs/:id/status/items).
 * 500 covers every seed runbook many times over; a 32,000-item runbook's status went from 15.8 MB
 * to 6.0 MB (`npm run bench:status-size`).
 */
export const STATUS_ITEMS_PAGE = 500;
/** The most items one page of GET /api/runs/:id/status/items answers. */
export const MAX_ITEMS_PAGE = 2_000;

/** States of an item that still asks something of its owners. */
const OPEN = new Set<ItemStatus["state"]>(["not_done", "failed", "blocked"]);

function itemOwners(rb: Runbook): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (sections: readonly Section[]) => {
    for (const s of sections) {
      // The expanded runbook already gave each item its section's owner unless it names one.
      for (const i of s.items) out.set(i.id, i.owner === undefined ? [] : Array.isArray(i.owner) ? i.owner : [i.owner]);
      walk(s.sections);
    }
  };
  walk(rb.sections);
  return out;
}

/** An item requirement without its reason: the item's state says it ("not done"), the page has the rest. */
function lean(r: RequirementStatus): RequirementStatus {
  if (r.kind !== "item" || !r.reason) return r;
  const { reason: _reason, ...rest } = r;
  return rest;
}

/**
 * The status a client receives. Up to {@link STATUS_ITEMS_PAGE} items it is the engine's status as
 * is; beyond, `items` holds the first page, the summary counts them all, and item requirements of
 * gates, waves and sign-offs drop their reason (their `state` and `met` stay). The verdict, its
 * reasons and every gate's own reasons are never trimmed: nothing open leaves the go / no-go.
 */
export function pageStatus(status: RunStatus, runbook: Runbook, limit = STATUS_ITEMS_PAGE): { status: RunStatus; items_page?: ItemsSummary } {
  if (status.items.length <= limit) return { status };
  const counts: ItemsSummary["counts"] = {};
  const openByOwner: Record<string, number> = {};
  const optionalByOwner: Record<string, number> = {};
  const owners = itemOwners(runbook);
  for (const i of status.items) {
    counts[i.state] = (counts[i.state] ?? 0) + 1;
    if (i.automated || !OPEN.has(i.state)) continue;
    const own = owners.get(i.id) ?? [];
    const into = i.optional ? optionalByOwner : openByOwner;
    for (const o of own.length ? own : [""]) into[o] = (into[o] ?? 0) + 1;
  }
  return {
    status: {
      ...status,
      items: status.items.slice(0, limit),
      gates: status.gates.map((g) => ({ ...g, requires: g.requires.map(lean) })),
      waves: status.waves.map((w) => ({ ...w, requires: w.requires.map(lean) })),
      signoffs: status.signoffs.map((s) => ({ ...s, requires: s.requires.map(lean) })),
    },
    items_page: { offset: 0, limit, total: status.items.length, counts, open_by_owner: openByOwner, optional_open_by_owner: optionalByOwner },
  };
}

/** One page of a status's items, in runbook order. */
export function itemsPage(items: readonly ItemStatus[], offset: number, limit: number): { offset: number; limit: number; total: number; items: ItemStatus[] } {
  return { offset, limit, total: items.length, items: items.slice(offset, offset + limit) };
}
