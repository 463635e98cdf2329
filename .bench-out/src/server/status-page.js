/**
 * Items a status carries in full; a runbook with more is paged (GET /api/runs/:id/status/items).
 * 500 covers every seed runbook many times over; a 32,000-item runbook's status went from 15.8 MB
 * to 6.0 MB (`npm run bench:status-size`).
 */
export const STATUS_ITEMS_PAGE = 500;
/** The most items one page of GET /api/runs/:id/status/items answers. */
export const MAX_ITEMS_PAGE = 2_000;
/** States of an item that still asks something of its owners. */
const OPEN = new Set(["not_done", "failed", "blocked"]);
function itemOwners(rb) {
    const out = new Map();
    const walk = (sections) => {
        for (const s of sections) {
            // The expanded runbook already gave each item its section's owner unless it names one.
            for (const i of s.items)
                out.set(i.id, i.owner === undefined ? [] : Array.isArray(i.owner) ? i.owner : [i.owner]);
            walk(s.sections);
        }
    };
    walk(rb.sections);
    return out;
}
/** An item requirement without its reason: the item's state says it ("not done"), the page has the rest. */
function lean(r) {
    if (r.kind !== "item" || !r.reason)
        return r;
    const { reason: _reason, ...rest } = r;
    return rest;
}
/**
 * The status a client receives. Up to {@link STATUS_ITEMS_PAGE} items it is the engine's status as
 * is; beyond, `items` holds the first page, the summary counts them all, and item requirements of
 * gates, waves and sign-offs drop their reason (their `state` and `met` stay). The verdict, its
 * reasons and every gate's own reasons are never trimmed: nothing open leaves the go / no-go.
 */
export function pageStatus(status, runbook, limit = STATUS_ITEMS_PAGE) {
    if (status.items.length <= limit)
        return { status };
    const counts = {};
    const openByOwner = {};
    const owners = itemOwners(runbook);
    for (const i of status.items) {
        counts[i.state] = (counts[i.state] ?? 0) + 1;
        if (i.automated || !OPEN.has(i.state))
            continue;
        const own = owners.get(i.id) ?? [];
        for (const o of own.length ? own : [""])
            openByOwner[o] = (openByOwner[o] ?? 0) + 1;
    }
    return {
        status: {
            ...status,
            items: status.items.slice(0, limit),
            gates: status.gates.map((g) => ({ ...g, requires: g.requires.map(lean) })),
            waves: status.waves.map((w) => ({ ...w, requires: w.requires.map(lean) })),
            signoffs: status.signoffs.map((s) => ({ ...s, requires: s.requires.map(lean) })),
        },
        items_page: { offset: 0, limit, total: status.items.length, counts, open_by_owner: openByOwner },
    };
}
/** One page of a status's items, in runbook order. */
export function itemsPage(items, offset, limit) {
    return { offset, limit, total: items.length, items: items.slice(offset, offset + limit) };
}
