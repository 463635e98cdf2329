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

/** Per runbook role: open manual items it owns, sign-offs not given, checkpoints undecided, steps not finished. */
export function roleOwes(rb: Runbook, s: RunStatus): RoleOwes[] {
  const items = itemDefs(rb);
  const steps = stepDefs(rb);
  const approvers = checkpointApprovers(rb);
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
