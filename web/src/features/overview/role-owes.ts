import type { RunStatus, Runbook } from "../../api/types.ts";
import { asList, checkpointApprovers, itemDefs, stepDefs } from "../../shell/runbook-index.ts";

/** What one role still has to do. */
export interface RoleOwes {
  role: string;
  items: string[];
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
export function roleOwes(rb: Runbook, s: RunStatus): RoleOwes[] {
  const items = itemDefs(rb);
  const steps = stepDefs(rb);
  const approvers = checkpointApprovers(rb);
  const unowned: RoleOwes = {
    role: UNOWNED,
    items: s.items.filter((i) => !i.automated && OPEN_ITEM.has(i.state) && !items.get(i.id)?.owners.length).map((i) => i.id),
    signoffs: [],
    checkpoints: [],
    steps: s.steps.filter((x) => OPEN_STEP.has(x.state) && !asList(steps.get(x.id)?.owner).length).map((x) => x.id),
  };
  return [...byRole(rb, s, items, steps, approvers), ...(unowned.items.length || unowned.steps.length ? [unowned] : [])];
}

function byRole(rb: Runbook, s: RunStatus, items: ReturnType<typeof itemDefs>, steps: ReturnType<typeof stepDefs>, approvers: ReturnType<typeof checkpointApprovers>): RoleOwes[] {
  return rb.roles.map((role) => {
    const r = role.id;
    return {
      role: r,
      items: s.items.filter((i) => !i.automated && OPEN_ITEM.has(i.state) && items.get(i.id)?.owners.includes(r)).map((i) => i.id),
      signoffs: s.signoffs.filter((x) => x.role === r && x.state !== "given").map((x) => x.id),
      checkpoints: (s.timeline?.phases ?? []).flatMap((p) => (p.checkpoint && p.checkpoint.decision === "pending" && approvers.get(p.checkpoint.id)?.includes(r) ? [p.checkpoint.id] : [])),
      steps: s.steps.filter((x) => OPEN_STEP.has(x.state) && asList(steps.get(x.id)?.owner).includes(r)).map((x) => x.id),
    };
  });
}
