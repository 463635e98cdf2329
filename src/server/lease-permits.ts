import type { GroupLimit, GroupPermits } from "../jobs/queue.ts";
import type { Store } from "../store/store.ts";

/** The lease rows of a group's permits: `limit:GROUP:0` … `limit:GROUP:LIMIT-1`. */
export function permitLease(group: string, i: number): string {
  return `limit:${group}:${i}`;
}

/**
 * Group limits across instances as lease rows in the shared store: a job takes a free one of
 * its group's `limit` rows (for each of its groups) before it runs, gives them back when it ends,
 * and a dead instance's rows expire with its jobs' timeouts.
 */
export function leasePermits(store: Store): GroupPermits {
  const taken = new Map<string, string[]>();
  const release = async (names: readonly string[], holder: string) => {
    for (const name of names) await store.releaseLease(name, holder);
  };
  return {
    async take(groups: readonly GroupLimit[], holder: string, ttlMs: number): Promise<boolean> {
      const names: string[] = [];
      try {
        for (const g of groups) {
          let got: string | undefined;
          for (let i = 0; i < g.limit && got === undefined; i++) {
            const name = permitLease(g.key, i);
            if (await store.tryLease(name, holder, Date.now(), ttlMs)) got = name;
          }
          if (got === undefined) {
            await release(names, holder);
            return false;
          }
          names.push(got);
        }
      } catch (e) {
        await release(names, holder).catch(() => undefined);
        throw e;
      }
      taken.set(holder, names);
      return true;
    },
    async give(_groups: readonly GroupLimit[], holder: string): Promise<void> {
      const names = taken.get(holder) ?? [];
      taken.delete(holder);
      await release(names, holder);
    },
  };
}
