import type { ItemsSummary, RunStatus, Runbook } from "../../api/types.ts";
import { asList, checkpointApprovers, itemDefs, stepDefs } from "../../shell/runbook-index.ts";

/** What one role still has to do. */
export interface RoleOwes {
  role: string;
  /** The open required items' ids (empty when the status carries the first page only: see itemCount). */
  items: string[];
  /** How many open required manual items: from the summary of every item when the status is paged. */
  itemCount: number;
  /** Open optional items no gate names: shown apart, never owed (empty when paged: see optionalCount). */
  optional: string[];
  optionalCount: number;
  signoffs: string[];
  checkpoints: string[];
  /** Exit criteria this role attests that are not met or waived yet (in waves not closed). */
  attestations: string[];
  steps: string[];
}

const OPEN_ITEM = new Set(["not_done", "failed", "blocked"]);
const OPEN_STEP = new Set(["pending", "ready", "running", "verified", "failed", "rolling_back"]);

/** The role id of the row for work nobody owns. */
export const UNOWNED = "";

/** Whether a role owes something: optional items alone never count. */
export function owesSomething(o: RoleOwes): boolean {
  return o.itemCount > 0 || o.signoffs.length > 0 || o.checkpoints.length > 0 || o.attestations.length > 0 || o.steps.length > 0;
}

type OpenItems = (owned: (owners: string[]) => boolean, role: string) => Pick<RoleOwes, "items" | "itemCount" | "optional" | "optionalCount">;

/**
 * Per runbook role: open required manual items it owns, sign-offs not given, checkpoints undecided,
 * exit criteria it must attest, steps not finished, and apart its open optional items; then a row
 * (role `UNOWNED`) for open items and steps with no owner, so work an imported document never
 * assigned is not hidden.
 */
export function roleOwes(rb: Runbook, s: RunStatus, summary?: ItemsSummary): RoleOwes[] {
  const items = itemDefs(rb);
  const steps = stepDefs(rb);
  const approvers = checkpointApprovers(rb);
  const openItems: OpenItems = (owned, role) => {
    // A paged status carries some items only: the server counted them all.
    if (summary) return { items: [], itemCount: summary.open_by_owner[role] ?? 0, optional: [], optionalCount: summary.optional_open_by_owner[role] ?? 0 };
    const open = s.items.filter((i) => !i.automated && OPEN_ITEM.has(i.state) && owned(items.get(i.id)?.owners ?? []));
    const ids = open.filter((i) => !i.optional).map((i) => i.id);
    const optional = open.filter((i) => i.optional).map((i) => i.id);
    return { items: ids, itemCount: ids.length, optional, optionalCount: optional.length };
  };
  const unowned: RoleOwes = {
    role: UNOWNED,
    ...openItems((o) => o.length === 0, UNOWNED),
    signoffs: [],
    checkpoints: [],
    attestations: [],
    steps: s.steps.filter((x) => OPEN_STEP.has(x.state) && !asList(steps.get(x.id)?.owner).length).map((x) => x.id),
  };
  return [...byRole(rb, s, openItems, steps, approvers), ...(owesSomething(unowned) || unowned.optionalCount ? [unowned] : [])];
}

/** Criterion id -> the roles that attest it, for criteria measured by attestation. */
function attesters(rb: Runbook): Map<string, string[]> {
  return new Map(rb.waves.flatMap((w) => w.exit.flatMap((c) => (c.attest ? [[c.id, asList(c.attest.by)] as const] : []))));
}

function byRole(rb: Runbook, s: RunStatus, openItems: OpenItems, steps: ReturnType<typeof stepDefs>, approvers: ReturnType<typeof checkpointApprovers>): RoleOwes[] {
  const attest = attesters(rb);
  // A criterion not met (pending, or attested as not met) in a wave not closed still asks for an attestation.
  const pendingCriteria = s.waves.filter((w) => w.closedAt === undefined).flatMap((w) => w.criteria.filter((c) => c.measuredBy === "attestation" && c.state !== "met" && c.state !== "waived"));
  return rb.roles.map((role) => {
    const r = role.id;
    return {
      role: r,
      ...openItems((o) => o.includes(r), r),
      signoffs: s.signoffs.filter((x) => x.role === r && x.state !== "given").map((x) => x.id),
      checkpoints: (s.timeline?.phases ?? []).flatMap((p) => (p.checkpoint && p.checkpoint.decision === "pending" && approvers.get(p.checkpoint.id)?.includes(r) ? [p.checkpoint.id] : [])),
      attestations: pendingCriteria.filter((c) => attest.get(c.id)?.includes(r)).map((c) => c.id),
      steps: s.steps.filter((x) => OPEN_STEP.has(x.state) && asList(steps.get(x.id)?.owner).includes(r)).map((x) => x.id),
    };
  });
}
