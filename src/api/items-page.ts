import type { ItemStatus } from "../core/engine/types.ts";

/** What a huge runbook's status says about all its items when it carries the first page only. */
export interface ItemsSummary {
  offset: 0;
  /** Items in `status.items` (the first ones, in runbook order). */
  limit: number;
  total: number;
  /** Every item's state, counted. */
  counts: Partial<Record<ItemStatus["state"], number>>;
  /** Open required manual items (not done, failed, blocked) per owner role; `""` counts those nobody owns. */
  open_by_owner: Record<string, number>;
  /** Open optional items no gate names, per owner role: shown apart, never owed. */
  optional_open_by_owner: Record<string, number>;
}

/** GET /api/runs/:id/status/items: a page of the status's items, in runbook order. */
export interface ItemsPage {
  run: string;
  version: number;
  offset: number;
  limit: number;
  total: number;
  items: ItemStatus[];
}
