import type { ItemsSummary, RunStatus, Runbook } from "../../api/types.ts";
import { asList, checkpointApprovers, itemDefs, stepDefs } from "../../shell/runbook-index.ts";

/** What one role still has to do. */
export interface RoleOwes {
  role: string;
  /** The open items' ids (empty when the status carries the first page only: see itemCount). */
  items: string[];
  /** How many open manual items: from the summary of every item when the status is paged. */
  itemCount: number;
  signoffs: string[];
  checkpoints: string[];
  steps: string[];
}

const OPEN_ITEM = new Set(["not_done", "failed", "blocked"]);
const OPEN_STEP = new Set(["pending", "ready", "running", "verified", "failed", "rolling_back"]);

/** The role id of the row for work nobody owns. */
export const UNOWNED = "";

/**
 * Per runbook role: open manual items it owns, sign-offs not given, checkpoints undecided, steps not
 * finished; then a row (role `UNOWNED`) for open items and steps with no owner, so work an imported
 * document never assigned is not hidden.
 */
export function roleOwes(rb: Runbook, s: RunStatus, summary?: ItemsSummary): RoleOwes[] {
  const items = itemDefs(rb);
  const steps = stepDefs(rb);
  const approvers = checkpointApprovers(rb);
  const openItems = (owned: (owners: string[]) => boolean, role: string) => {
    // A paged status carries some items only: the server counted them all.
    if (summary) return { items: [], itemCount: summary.open_by_owner[role] ?? 0 };
    const ids = s.items.filter((i) => !i.automated && OPEN_ITEM.has(i.state) && owned(items.get(i.id)?.owners ?? [])).map((i) => i.id);
    return { items: ids, itemCount: ids.length };
  };
  const unowned: RoleOwes = {
    role: UNOWNED,
    ...openItems((o) => o.length === 0, UNOWNED),
    signoffs: [],
    checkpoints: [],
    steps: s.steps.filter((x) => OPEN_STEP.has(x.state) && !asList(steps.get(x.id)?.owner).length).map((x) => x.id),
  };
  return [...byRole(rb, s, openItems, steps, approvers), ...(unowned.itemCount || unowned.steps.length ? [unowned] : [])];
}

type OpenItems = (owned: (owners: string[]) => boolean, role: string) => { items: string[]; itemCount: number };

function byRole(rb: Runbook, s: RunStatus, openItems: OpenItems, steps: ReturnType<typeof stepDefs>, approvers: ReturnType<typeof checkpointApprovers>): RoleOwes[] {
  return rb.roles.map((role) => {
    const r = role.id;
    return {
      role: r,
      ...openItems((o) => o.includes(r), r),
      signoffs: s.signoffs.filter((x) => x.role === r && x.state !== "given").map((x) => x.id),
      checkpoints: (s.timeline?.phases ?? []).flatMap((p) => (p.checkpoint && p.checkpoint.decision === "pending" && approvers.get(p.checkpoint.id)?.includes(r) ? [p.checkpoint.id] : [])),
      steps: s.steps.filter((x) => OPEN_STEP.has(x.state) && asList(steps.get(x.id)?.owner).includes(r)).map((x) => x.id),
    };
  });
}
