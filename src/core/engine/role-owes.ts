import { allSections } from "../model/expand.ts";
import type { Runbook, Step } from "../model/runbook.ts";
import type { RunStatus } from "./types.ts";

// Who still owes what, from the engine's status: the dashboard's run overview shows it. Derived
// here, beside the rules it follows, so that nothing a role must still do can read as done there.

/** A paged status's counts of open manual items per owner role (`""`: nobody), from every item. */
export interface OpenByOwner {
  open_by_owner: Record<string, number>;
  optional_open_by_owner: Record<string, number>;
}

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
export function roleOwes(rb: Runbook, s: RunStatus, summary?: OpenByOwner): RoleOwes[] {
  // The expanded runbook already gave each item its section's owner unless it names one.
  const owners = new Map(allSections(rb).flatMap(({ section }) => section.items.map((i) => [i.id, asList(i.owner)] as const)));
  const steps = stepDefs(rb);
  const approvers = new Map((rb.timeline?.phases ?? []).flatMap((p) => (p.checkpoint ? [[p.checkpoint.id, asList(p.checkpoint.approvers)] as const] : [])));
  const openItems: OpenItems = (owned, role) => {
    // A paged status carries some items only: the server counted them all.
    if (summary) return { items: [], itemCount: summary.open_by_owner[role] ?? 0, optional: [], optionalCount: summary.optional_open_by_owner[role] ?? 0 };
    const open = s.items.filter((i) => !i.automated && OPEN_ITEM.has(i.state) && owned(owners.get(i.id) ?? []));
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

function asList(v: string | readonly string[] | undefined): string[] {
  return v === undefined ? [] : typeof v === "string" ? [v] : [...v];
}

/** Every step (sub-steps included) by id. */
function stepDefs(rb: Runbook): Map<string, Step> {
  const out = new Map<string, Step>();
  const walk = (steps: readonly Step[]) => {
    for (const s of steps) {
      out.set(s.id, s);
      walk(s.steps);
    }
  };
  walk(rb.steps);
  return out;
}

function byRole(rb: Runbook, s: RunStatus, openItems: OpenItems, steps: Map<string, Step>, approvers: Map<string, string[]>): RoleOwes[] {
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
