import type { Runbook, Section, Step } from "../api/types.ts";

// Lookups over the (expanded) runbook that the screens need next to the engine's status.

/** A role reference (one id or a list) as a list. */
export function asList(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

export interface ItemDef {
  id: string;
  title: string;
  owners: string[];
  evidence: "none" | "optional" | "required";
  section: string;
}

export interface SectionView {
  id: string;
  title: string;
  depth: number;
  items: ItemDef[];
}

/** Sections flattened in document order, items with their effective owners. */
export function sectionsOf(rb: Runbook): SectionView[] {
  const out: SectionView[] = [];
  const walk = (sections: Section[], depth: number, inherited: string[]) => {
    for (const s of sections) {
      const owners = s.owner !== undefined ? asList(s.owner) : inherited;
      out.push({
        id: s.id,
        title: s.title,
        depth,
        items: s.items.map((i) => ({ id: i.id, title: i.title, owners: i.owner !== undefined ? asList(i.owner) : owners, evidence: i.evidence, section: s.id })),
      });
      walk(s.sections, depth + 1, owners);
    }
  };
  walk(rb.sections, 0, []);
  return out;
}

/** Every item definition by id. */
export function itemDefs(rb: Runbook): Map<string, ItemDef> {
  return new Map(sectionsOf(rb).flatMap((s) => s.items.map((i) => [i.id, i] as const)));
}

/** Every step (sub-steps included) by id. */
export function stepDefs(rb: Runbook): Map<string, Step> {
  const out = new Map<string, Step>();
  const walk = (steps: Step[]) => {
    for (const s of steps) {
      out.set(s.id, s);
      walk(s.steps);
    }
  };
  walk(rb.steps);
  return out;
}

/** Checkpoint id -> its approver roles. */
export function checkpointApprovers(rb: Runbook): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of rb.timeline?.phases ?? []) if (p.checkpoint) out.set(p.checkpoint.id, asList(p.checkpoint.approvers));
  return out;
}

/** A role's display name. */
export function roleTitle(rb: Runbook, id: string): string {
  return rb.roles.find((r) => r.id === id)?.title ?? id;
}
