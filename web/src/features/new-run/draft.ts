// The runbook as data, the way the import preview answers it: only the parts the flow shows or
// edits are typed; everything else travels untouched back to the server when it is saved.

export interface DraftItem {
  id: string;
  title: string;
  owner?: string | string[];
  optional?: boolean;
  done?: boolean;
  check?: string;
}
export interface DraftSection {
  id: string;
  title: string;
  items?: DraftItem[];
  sections?: DraftSection[];
}
export interface DraftTask {
  id: string;
  at: string;
  title: string;
  owner?: string | string[];
}
export interface DraftPhase {
  id: string;
  title: string;
  start: string;
  end?: string;
  tasks?: DraftTask[];
  checkpoint?: { id: string; title?: string };
}
export interface DraftStep {
  id: string;
  title: string;
  owner?: string | string[];
  steps?: DraftStep[];
}
export interface DraftRunbook {
  meta: { id: string; title: string; timezone?: string; date?: string };
  roles?: { id: string; title?: string; members?: string[] }[];
  sections?: DraftSection[];
  timeline?: { phases?: DraftPhase[] };
  steps?: DraftStep[];
  gates?: { id: string; title: string; owner?: string | string[] }[];
  signoffs?: { id: string; title: string; role: string }[];
  waves?: { id: string; title: string }[];
  [key: string]: unknown;
}

/** A located problem in the runbook (the server's Diagnostic). */
export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  message: string;
  path: string;
}

/** What the import recognised and what it left (the server's ImportReport). */
export interface ImportReport {
  counts: Record<string, number>;
  unplaced: { line: number; block: string; reason: string; text: string }[];
  /** Register rows (risks, questions, components) and the checklist items they became, by source line. */
  located: { line: number; what: string; id: string }[];
  chrome: number[];
  repairs: number;
  mojibake?: { encoding: string; lines: number };
  dropped: string[];
  /** Links the import did not follow, located in the document (absent from an older server). */
  links?: { line: number; col: number; url: string; title: string; reason: "relative" | "anchor" | "scheme"; kept?: string }[];
}

/** POST /api/runbooks/preview. */
export interface Preview {
  format: "markdown" | "yaml";
  runbook: DraftRunbook | null;
  report: ImportReport | null;
  recognised: boolean;
  valid: boolean;
  diagnostics: Diagnostic[];
  error?: string;
}

/** Every item of a section tree. */
export function sectionItems(sections: readonly DraftSection[] = []): DraftItem[] {
  return sections.flatMap((s) => [...(s.items ?? []), ...sectionItems(s.sections)]);
}

/** Every step of a step tree. */
export function allSteps(steps: readonly DraftStep[] = []): DraftStep[] {
  return steps.flatMap((s) => [s, ...allSteps(s.steps)]);
}

/** One owner for a single-choice control: the first of several. */
export function firstOwner(owner: string | string[] | undefined): string {
  return Array.isArray(owner) ? (owner[0] ?? "") : (owner ?? "");
}

/** A copy of the draft changed by `edit` (the draft in state is never mutated). */
export function edited(draft: DraftRunbook, edit: (d: DraftRunbook) => void): DraftRunbook {
  const copy = structuredClone(draft);
  edit(copy);
  return copy;
}

/** Finds an item by id in a draft (for an edit on a copy). */
export function findItem(d: DraftRunbook, id: string): DraftItem | undefined {
  return sectionItems(d.sections).find((i) => i.id === id);
}

/** Finds a timeline task by id. */
export function findTask(d: DraftRunbook, id: string): DraftTask | undefined {
  return (d.timeline?.phases ?? []).flatMap((p) => p.tasks ?? []).find((t) => t.id === id);
}
