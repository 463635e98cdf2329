import type { PlannedCheck } from "../checks/scheduler.ts";

/**
 * Splits a round of checks so that a withdrawal of the approval can kill its commands alone:
 * `commands` holds the command checks and every check tied to one by `needs`, either way (the
 * scheduler orders `needs` only within one round), `others` the rest, each in the given order.
 */
export function splitCommandRound(planned: readonly PlannedCheck[], commands: ReadonlySet<string>): { commands: PlannedCheck[]; others: PlannedCheck[] } {
  const ids = new Set(planned.map((p) => p.id));
  const links = new Map<string, string[]>();
  const link = (a: string, b: string) => links.set(a, [...(links.get(a) ?? []), b]);
  for (const p of planned) {
    for (const n of p.needs) {
      if (!ids.has(n)) continue;
      link(p.id, n);
      link(n, p.id);
    }
  }
  const tied = new Set<string>();
  const queue = planned.filter((p) => commands.has(p.id)).map((p) => p.id);
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    if (tied.has(id)) continue;
    tied.add(id);
    queue.push(...(links.get(id) ?? []));
  }
  return { commands: planned.filter((p) => tied.has(p.id)), others: planned.filter((p) => !tied.has(p.id)) };
}
