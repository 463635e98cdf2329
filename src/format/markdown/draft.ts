import type { z } from "zod";
import type { Check, Contact, Criterion, Gate, Item, Phase, Procedure, Runbook, Severity, Signoff, Step, Tier, Wave } from "../../core/model/runbook.ts";
import type { LinkRef } from "./blocks.ts";
import { durationIn, isId, slug } from "./text.ts";
import { HEADING_WORDS, normalizeWord, type HeadingKind } from "./vocabulary.ts";

/** A template's blank for a name ("[TODO]", "[Name]", "<owner>", "TBD", "____"): it names nobody. */
const PLACEHOLDER = /^(?:\[\s*(?:todo|tbd|tba|name|names|nome|nombre|nom|owner|who|person|pic|tên|nama|\.\.\.|…)?\s*\]|<[^>]*>|todo|tbd|tba|_{2,}|\?+|\.{3}|…)$/iu;

// The runbook being assembled, with what the importer needs while it walks the document: ids
// that stay unique, roles created for every owner mentioned, the heading stack, and the report.

export type In<T extends z.ZodType> = z.input<T>;
export type ItemIn = In<typeof Item>;
export type GateIn = In<typeof Gate>;
export type WaveIn = In<typeof Wave> & { exit: In<typeof Criterion>[] };
export type StepIn = In<typeof Step> & { steps: StepIn[] };
export type TierIn = In<typeof Tier> & { actions: NonNullable<In<typeof Tier>["actions"]> };
export type PhaseIn = In<typeof Phase> & { tasks: NonNullable<In<typeof Phase>["tasks"]> };
export type SignoffIn = In<typeof Signoff>;
export type SeverityIn = In<typeof Severity>;
export type ProcedureIn = In<typeof Procedure> & { steps: NonNullable<In<typeof Procedure>["steps"]> };
export type CheckIn = In<typeof Check>;
export type ContactIn = In<typeof Contact>;

export interface SectionIn {
  id: string;
  title: string;
  owner?: string | string[];
  due?: string;
  description?: string;
  for_each?: Record<string, string | string[]>;
  items: ItemIn[];
  sections: SectionIn[];
}

export type RunbookDraft = Omit<In<typeof Runbook>, "sections" | "gates" | "waves" | "steps" | "signoffs" | "procedures" | "checks" | "contacts"> & {
  sections: SectionIn[];
  gates: GateIn[];
  waves: WaveIn[];
  steps: StepIn[];
  signoffs: SignoffIn[];
  procedures: ProcedureIn[];
  checks: CheckIn[];
  contacts: ContactIn[];
  roles: { id: string; title?: string; members?: string[] }[];
};

/** One block the importer could not place, with the source line it starts on. */
export interface Unplaced {
  line: number;
  block: string;
  reason: string;
  text: string;
}

/** Where a placed row came from: its source line, what it was, and the id it became. */
export interface Located {
  line: number;
  what: string;
  id: string;
}

/**
 * What a link's address is: `web` (http, https, mailto), `anchor` (a heading of the same
 * document), `relative` (a path beside the document: `./rollback.md`, `../ops/db.md#restore`),
 * or `other` (another scheme, or `//host` without one): never kept.
 */
export function linkKind(url: string): "web" | "anchor" | "relative" | "other" {
  if (/^(?:https?:\/\/|mailto:)/i.test(url)) return "web";
  if (url.startsWith("#")) return "anchor";
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("//") || url.startsWith("\\")) return "other";
  return "relative";
}

/** A checklist the document says it repeats for every value of a list (read by repeat.ts). */
export interface Repeat {
  /** The variable: "service". */
  unit: string;
  /** The heading that said it repeats. */
  frame: Frame;
  /** The heading of the checklist that repeats, when it is not `frame` itself. */
  target?: Frame;
  values?: string[];
}

export interface Frame {
  level: number;
  text: string;
  kind?: HeadingKind;
  line: number;
  title?: boolean;
  section?: SectionIn;
  wave?: WaveIn;
  tier?: TierIn;
  phase?: PhaseIn;
  procedure?: ProcedureIn;
  window?: { id: string; title: string; from?: string; to?: string; metrics: { id: string; title: string; target?: string; alert?: string }[] };
}

/** The default role for what a document asks a person to attest without naming who. */
export const DEFAULT_ROLE = { id: "release-manager", title: "Release manager" };

export class Draft {
  readonly rb: RunbookDraft = {
    golive: 1,
    meta: { id: "imported", title: "Imported runbook" },
    roles: [], contacts: [], sections: [], checks: [], gates: [], waves: [], steps: [], signoffs: [], procedures: [],
  };
  readonly unplaced: Unplaced[] = [];
  readonly located: Located[] = [];
  readonly counts = new Map<string, number>();
  readonly stack: Frame[] = [];
  private readonly ids = new Map<string, Set<string>>();
  /** The next number to try for a kind's base id that is taken. */
  private readonly suffixes = new Map<string, number>();
  private readonly roleIds = new Map<string, string>();
  titled = false;
  /** The document ticks its tasks with checkboxes: its plain bullets are notes, not tasks. */
  boxes = false;
  /** A checklist the document says repeats per value (see repeat.ts). */
  repeat?: Repeat;

  count(kind: string, n = 1): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + n);
  }

  skip(line: number, block: string, reason: string, text: string): void {
    this.unplaced.push({ line, block, reason, text: text.length > 120 ? `${text.slice(0, 117)}...` : text });
  }

  /**
   * Keeps the links an entry or a row wrote on what it became (`what`: "item backup"), as
   * references the dashboard shows: web and mail addresses and paths relative to the document.
   * A link to a heading of the same document is not kept (its text was imported), nor is an
   * address of another scheme (`javascript:`, `file:`): import.ts reports those.
   */
  keepLinks(target: { links?: { title: string; url: string }[] | undefined }, refs: readonly LinkRef[] | undefined, what: string): void {
    for (const ref of refs ?? []) {
      const kind = linkKind(ref.url);
      if (kind !== "web" && kind !== "relative") continue;
      ref.kept = what;
      const list = (target.links ??= []);
      if (!list.some((l) => l.url === ref.url)) list.push({ title: ref.title, url: ref.url });
      this.count("links_kept");
    }
  }

  /** Records that the row at `line` became `id` (shown in the report, so a reader can go back to it). */
  locate(line: number, what: string, id: string): void {
    this.located.push({ line, what, id });
  }

  /** A unique id of `kind`: `wanted` when valid and free, else `fallback` numbered until free. */
  id(kind: string, wanted: string | undefined, fallback: string): string {
    let used = this.ids.get(kind);
    if (!used) this.ids.set(kind, (used = new Set()));
    let id = wanted && isId(wanted) && !used.has(wanted) ? wanted : undefined;
    if (!id) {
      const base = isId(fallback) ? fallback : `x-${fallback.replace(/[^\p{L}\p{N}_.-]/gu, "") || "1"}`;
      id = base;
      if (used.has(id)) {
        // Ids are never freed, so numbering goes on from the last number this base got: a
        // document made of many copies asks for the same base thousands of times.
        const key = `${kind}\u0000${base}`;
        let n = this.suffixes.get(key) ?? 2;
        while (used.has((id = `${base}-${n}`))) n++;
        this.suffixes.set(key, n + 1);
      }
    }
    used.add(id);
    return id;
  }

  has(kind: string, id: string): boolean {
    return this.ids.get(kind)?.has(id) ?? false;
  }

  /** The role for a name as written ("Tech Lead" -> tech-lead), declared on first mention. */
  role(name: string): string | undefined {
    const title = name.replace(/[*_`]/g, "").trim();
    if (!title || PLACEHOLDER.test(title)) return undefined;
    if (this.has("role", title)) return title;
    const wanted = isId(title) && title.length <= 24 && !/\s/.test(title) ? title.toLowerCase() : slug(title, 32);
    if (!wanted) return undefined;
    const known = this.roleIds.get(wanted);
    if (known) return known;
    const id = this.id("role", wanted, "role");
    this.roleIds.set(wanted, id);
    this.rb.roles.push(title === id ? { id } : { id, title });
    return id;
  }

  /** Roles named in an owner cell: "BE + DevOps", "Tech Lead, DBA". */
  roles(cell: string): string[] {
    const out: string[] = [];
    for (const part of cell.split(/\s*(?:\+|,|;|&|\band\b|\bvà\b|\bdan\b|\bund\b|\bet\b)\s*/i)) {
      const r = this.role(part);
      if (r && !out.includes(r)) out.push(r);
    }
    return out;
  }

  defaultRole(): string {
    if (!this.has("role", DEFAULT_ROLE.id)) {
      this.id("role", DEFAULT_ROLE.id, DEFAULT_ROLE.id);
      this.rb.roles.push({ ...DEFAULT_ROLE });
    }
    return DEFAULT_ROLE.id;
  }

  /** The nearest frame (innermost first) that satisfies `pick`. */
  find<T>(pick: (f: Frame) => T | undefined): T | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const v = pick(this.stack[i] as Frame);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  top(): Frame | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** The checklist section of the innermost heading, created with its ancestors' on first use. */
  section(): SectionIn {
    const frames = this.stack.filter((f) => !f.title);
    if (!frames.length) {
      const first = this.rb.sections.find((s) => s.id === "checklist");
      if (first) return first;
      return this.addSection(undefined, "Checklist");
    }
    let parent: SectionIn | undefined;
    for (const f of frames) {
      if (!f.section) f.section = this.addSection(parent, f.text);
      parent = f.section;
    }
    return parent as SectionIn;
  }

  private addSection(parent: SectionIn | undefined, title: string): SectionIn {
    const { id, text } = splitId(title);
    const s: SectionIn = { id: this.id("section", id, slug(text, 32) || "section"), title: text || "Section", items: [], sections: [] };
    const due = /\b(within|trong vòng|trong|dalam|innerhalb)\b/i.test(text) ? durationIn(text) : undefined;
    if (due) s.due = `+${due}`;
    (parent ? parent.sections : this.rb.sections).push(s);
    this.count("sections");
    return s;
  }

  /** Every section, depth first. */
  *allSections(list: SectionIn[] = this.rb.sections): Generator<SectionIn> {
    for (const s of list) {
      yield s;
      yield* this.allSections(s.sections);
    }
  }

  /** Builds the checklist item list for an entry in `section`. */
  itemId(section: SectionIn, wanted: string | undefined): string {
    return this.id("item", wanted, `${section.id}-${section.items.length + 1}`);
  }

  rollback(): NonNullable<RunbookDraft["rollback"]> & { tiers: TierIn[]; triggers: NonNullable<NonNullable<RunbookDraft["rollback"]>["triggers"]>; decision_matrix: NonNullable<NonNullable<RunbookDraft["rollback"]>["decision_matrix"]>; procedure: NonNullable<NonNullable<RunbookDraft["rollback"]>["procedure"]>; notes: string[] } {
    this.rb.rollback ??= { tiers: [], triggers: [], decision_matrix: [], procedure: [], notes: [] };
    return this.rb.rollback as ReturnType<Draft["rollback"]>;
  }

  timeline(): NonNullable<RunbookDraft["timeline"]> & { phases: PhaseIn[] } {
    this.rb.timeline ??= { phases: [] };
    return this.rb.timeline as ReturnType<Draft["timeline"]>;
  }

  incidents(): { severities: SeverityIn[]; immediate_actions: NonNullable<NonNullable<RunbookDraft["incidents"]>["immediate_actions"]>; template?: string } {
    this.rb.incidents ??= { severities: [], immediate_actions: [] };
    return this.rb.incidents as ReturnType<Draft["incidents"]>;
  }

  /** The severity `id`, declared (titled by its id) when the document uses it before defining it. */
  severity(id: string, title?: string): SeverityIn {
    const inc = this.incidents();
    const found = inc.severities.find((s) => s.id === id);
    if (found) {
      if (title && found.title === found.id) found.title = title;
      return found;
    }
    const s: SeverityIn = { id: this.id("severity", id, "SEV"), title: title ?? id };
    inc.severities.push(s);
    this.count("severities");
    return s;
  }

  monitoring(): { windows: NonNullable<Frame["window"]>[]; alerts: { id: string; title?: string; trigger?: string; check?: string; fix?: string; escalate?: string }[] } {
    this.rb.monitoring ??= { windows: [], alerts: [] };
    return this.rb.monitoring as ReturnType<Draft["monitoring"]>;
  }
}

/** A heading or cell text, its explicit `{#id}` and attributes (`{#id check=c owner=a,b cmd=`x y`}`). */
export function splitId(text: string): { text: string; id?: string; attrs?: Record<string, string> } {
  const m = /^(.*?)\s*\{#([^}\s]+)((?:\s+[a-z_]+=(?:`[^`]*`|[^\s}`]+))*)\s*\}\s*$/s.exec(text);
  if (!m || !isId(m[2] ?? "")) return { text: text.trim() };
  const out: { text: string; id?: string; attrs?: Record<string, string> } = { text: (m[1] ?? "").trim(), id: m[2] ?? "" };
  if (m[3]) {
    const attrs: Record<string, string> = {};
    for (const a of m[3].matchAll(/([a-z_]+)=(?:`([^`]*)`|([^\s}`]+))/g)) attrs[a[1] ?? ""] = a[2] ?? a[3] ?? "";
    out.attrs = attrs;
  }
  return out;
}

/** What a heading announces, from its words. */
export function headingKind(text: string): HeadingKind | undefined {
  const n = normalizeWord(text);
  for (const [kind, words] of HEADING_WORDS) if (words.some((w) => n.includes(w))) return kind;
  return undefined;
}
