import { asList, flattenSteps, textMembersOf, type FlatStep } from "../model/access.ts";
import { allItems } from "../model/expand.ts";
import type {
  AssignmentFact, AttestationFact, CheckpointFact, CheckResultFact, Facts, HypercareFact, ItemFact, SignoffFact, StepFact, WaiverFact, WaveFact,
} from "../model/facts.ts";
import type { Check, Checkpoint, Criterion, Gate, Item, Phase, Runbook, Severity, Signoff, WaiverPolicy, Wave } from "../model/runbook.ts";
import type { LoadedRunbook } from "../model/validate.ts";
import { reason, type Reason, type ReasonCode, type ReasonParams, type RoleRef, type TextFormat } from "./reasons.ts";
import { dateOf, formatDuration, ms, safeZone, when, type DueContext } from "./time.ts";
import type { RequirementStatus } from "./types.ts";

// The engine's working context. `Book` is what the runbook and the run say, indexed once;
// `Ctx` is the run as of one moment: observations up to then and the decisions accepted so far.

/**
 * Parsed times of facts, by fact: a status reads the same fact objects again and again (the
 * server's fold keeps them), and parsing each one's date every time was a fifth of a status. The
 * text is kept beside the time and compared, so a fact whose `at` changed is parsed again.
 */
const parsedAt = new WeakMap<object, { at: string; t: number }>();

function timeOf(fact: { at: string }): number {
  const hit = parsedAt.get(fact);
  if (hit && hit.at === fact.at) return hit.t;
  const t = ms(fact.at);
  parsedAt.set(fact, { at: fact.at, t });
  return t;
}

/** Facts sorted by time per id, so "the latest as of t" is a short scan. */
export class History<T extends { at: string }> {
  private readonly byId = new Map<string, { t: number; fact: T }[]>();
  constructor(facts: T[], key: (f: T) => string) {
    facts.forEach((fact) => {
      const list = this.byId.get(key(fact)) ?? [];
      list.push({ t: timeOf(fact), fact });
      this.byId.set(key(fact), list);
    });
    // Stable sort keeps the recorded order for equal times: the later entry wins.
    for (const list of this.byId.values()) list.sort((a, b) => a.t - b.t);
  }
  /** How many facts are dated after t. */
  countAfter(t: number): number {
    let n = 0;
    for (const list of this.byId.values()) for (const e of list) if (e.t > t) n++;
    return n;
  }

  latest(id: string, t: number): T | undefined {
    const list = this.byId.get(id);
    return list?.[this.countUpTo(list, t) - 1]?.fact;
  }

  /**
   * When the unbroken run of facts up to t that `holds` began (the first of them), or undefined
   * when the latest fact at t does not hold: "passing since" for a sustained window.
   */
  holdsSince(id: string, t: number, holds: (f: T) => boolean): number | undefined {
    const list = this.byId.get(id);
    if (!list) return undefined;
    let i = this.countUpTo(list, t) - 1;
    let since: number | undefined;
    for (; i >= 0; i--) {
      const e = list[i];
      if (!e || !holds(e.fact)) break;
      since = e.t;
    }
    return since;
  }

  // Binary search for how many entries are at or before t: a scheduler records thousands of results.
  private countUpTo(list: { t: number }[], t: number): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((list[mid]?.t ?? Infinity) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** A criterion with the wave it belongs to. */
export interface CriterionRef {
  criterion: Criterion;
  wave: Wave;
  waveIndex: number;
}

/** A checkpoint with its phase. */
export interface CheckpointRef {
  checkpoint: Checkpoint;
  phase: Phase;
}

/** The runbook and the run's fixed data, indexed. Built once per computation. */
export interface Book {
  loaded: LoadedRunbook;
  runbook: Runbook;
  facts: Facts;
  zone: string;
  runDate: string | undefined;
  goliveAt: Date | undefined;
  items: Map<string, Item>;
  checks: Map<string, Check>;
  gates: Map<string, Gate>;
  waves: Map<string, { wave: Wave; index: number }>;
  criteria: Map<string, CriterionRef>;
  signoffs: Map<string, Signoff>;
  steps: Map<string, FlatStep>;
  flatSteps: FlatStep[];
  children: Map<string, string[]>;
  checkpoints: Map<string, CheckpointRef>;
  policies: Map<string, WaiverPolicy>;
  severities: Map<string, Severity>;
  itemFacts: History<ItemFact>;
  /** Assignment changes, per role they change. */
  assignments: History<AssignmentFact & { role: string }>;
  checkResults: History<CheckResultFact>;
  /** Expanded id -> the for_each template it came from. */
  templateOf: Map<string, string>;
  /** Checks held back until an admin approves the runbook (command checks of an editor's runbook). */
  held: ReadonlySet<string>;
  /**
   * Whether the members the runbook text names count: on a server only for a text an admin
   * vouched for (an editor's upload could name anyone, themselves first); the run's assignments count always.
   */
  textMembers: boolean;
}

/** Decision facts accepted so far, in the order they were accepted. */
export interface Accepted {
  signoffs: SignoffFact[];
  waivers: WaiverFact[];
  waves: WaveFact[];
  checkpoints: CheckpointFact[];
  steps: StepFact[];
  attestations: AttestationFact[];
  hypercare: HypercareFact[];
}

/**
 * How each kind a `requires` may name stands as a prerequisite, by id. A registry rather than
 * imports: gates and sign-offs require gates and sign-offs, so requires.ts reaches them through
 * the context, given by the one place that builds it (replay.ts), and sits below them all.
 */
export type Prerequisites = Record<RequirementStatus["kind"], (ctx: Ctx, id: string) => RequirementStatus>;

/** The run as of `now`. */
export interface Ctx {
  book: Book;
  now: Date;
  t: number;
  accepted: Accepted;
  due: DueContext;
  memo: Map<string, unknown>;
  prerequisites: Prerequisites;
}

/** Indexes the runbook and the run's facts. */
export function makeBook(loaded: LoadedRunbook, facts: Facts, held: ReadonlySet<string> = new Set(), textMembers = true): Book {
  const runbook = loaded.runbook;
  // A run may be held in another zone than the document was written in (a rehearsal abroad).
  const zone = safeZone(facts.run.timezone ?? runbook.meta.timezone);
  const golive = facts.run.golive_at ?? undefined;
  const goliveAt = golive ? new Date(golive) : undefined;
  const started = facts.run.started_at ? new Date(facts.run.started_at) : undefined;
  // A rehearsal on another day says so in its run; the document's date is the plan.
  const runDate = facts.run.date ?? runbook.timeline?.date ?? runbook.meta.date
    ?? (goliveAt ? dateOf(goliveAt, zone) : started ? dateOf(started, zone) : undefined);
  const flat = flattenSteps(runbook.steps);
  const children = new Map<string, string[]>();
  for (const f of flat) if (f.parent) children.set(f.parent.id, [...(children.get(f.parent.id) ?? []), f.step.id]);
  const waves = new Map<string, { wave: Wave; index: number }>();
  const criteria = new Map<string, CriterionRef>();
  runbook.waves.forEach((wave, index) => {
    waves.set(wave.id, { wave, index });
    for (const criterion of wave.exit) criteria.set(criterion.id, { criterion, wave, waveIndex: index });
  });
  const checkpoints = new Map<string, CheckpointRef>();
  for (const phase of runbook.timeline?.phases ?? []) {
    if (phase.checkpoint) checkpoints.set(phase.checkpoint.id, { checkpoint: phase.checkpoint, phase });
  }
  return {
    loaded, runbook, facts, zone, runDate, goliveAt,
    items: new Map(allItems(runbook).map((i) => [i.id, i])),
    checks: new Map(runbook.checks.map((c) => [c.id, c])),
    gates: new Map(runbook.gates.map((g) => [g.id, g])),
    waves, criteria,
    signoffs: new Map(runbook.signoffs.map((s) => [s.id, s])),
    steps: new Map(flat.map((f) => [f.step.id, f])),
    flatSteps: flat,
    children,
    checkpoints,
    policies: new Map(runbook.waivers.map((w) => [w.id, w])),
    severities: new Map((runbook.incidents?.severities ?? []).map((s) => [s.id, s])),
    itemFacts: new History(facts.items, (f) => f.item),
    assignments: new History(facts.assignment_changes.flatMap((f) => Object.keys(f.assignments).map((role) => ({ ...f, role }))), (f) => f.role),
    checkResults: new History(facts.checks, (f) => f.check),
    templateOf: new Map([...loaded.templates].flatMap(([template, ids]) => ids.map((id): [string, string] => [id, template]))),
    held,
    textMembers,
  };
}

/** No decisions accepted yet. */
export function noneAccepted(): Accepted {
  return { signoffs: [], waivers: [], waves: [], checkpoints: [], steps: [], attestations: [], hypercare: [] };
}

/** The run as of `now`, with the decisions accepted up to then. */
export function makeCtx(book: Book, accepted: Accepted, now: Date, prerequisites: Prerequisites): Ctx {
  return {
    book, now, t: now.getTime(), accepted,
    due: { date: book.runDate, zone: book.zone, goliveAt: book.goliveAt },
    memo: new Map(),
    prerequisites,
  };
}

const COMPUTING = Symbol("computing");

/**
 * Computes once per context: states depend on one another (gates on gates, sign-offs on gates).
 * A cycle the validator cannot see (a gate that requires a sign-off that requires the gate) gets
 * `onCycle` instead of endless recursion.
 */
export function memo<T>(ctx: Ctx, key: string, compute: () => T, onCycle: () => T): T {
  const known = ctx.memo.get(key);
  if (known === COMPUTING) return onCycle();
  if (ctx.memo.has(key)) return known as T;
  ctx.memo.set(key, COMPUTING);
  const value = compute();
  ctx.memo.set(key, value);
  return value;
}

/** Ids as written, with each for_each template id replaced by all its expansions. */
export function expandIds(book: Book, ids: string[]): string[] {
  return ids.flatMap((id) => book.loaded.templates.get(id) ?? [id]);
}

/** The template an expanded id came from (`svc-image[iam]` -> `svc-image`). */
export function templateOf(book: Book, id: string): string | undefined {
  return book.templateOf.get(id);
}

/**
 * Accounts acting in a role for this run at time `t` (ms; default: now and ever after): the
 * runbook's members (when its text counts), and the run's assignments as they stood then (its
 * first ones, replaced per role by each later change up to `t`). A role taken after a decision
 * does not validate it.
 */
export function members(book: Book, role: string, t = Infinity): string[] {
  const fromRunbook = textMembersOf(book.runbook, role, book.textMembers);
  const changed = book.assignments.latest(role, t);
  const assigned = changed ? (changed.assignments[role] ?? []) : (book.facts.assignments[role] ?? []);
  return [...new Set([...fromRunbook, ...assigned])];
}

/** Whether the account acts in any of the roles at time `t`. */
export function isMember(book: Book, roles: string | string[] | undefined, person: string, t = Infinity): boolean {
  return asList(roles).some((r) => members(book, r, t).includes(person));
}

/** The roles and who acts in them at time `t`, for a refusal that says who could have done it. */
export function roleRef(book: Book, roles: string | string[] | undefined, t = Infinity): RoleRef {
  const list = asList(roles);
  return { roles: list, members: [...new Set(list.flatMap((r) => members(book, r, t)))] };
}

/**
 * Why the members the runbook text names for these roles do not act (nobody vouched for the
 * text): none when they count or the text names nobody. Said beside "who may" so a refusal or a
 * waiting sign-off explains itself; the server's own refusals (owned items) say it too.
 */
export function unvouchedMembers(runbook: Runbook, roles: string | readonly string[] | undefined, textMembers: boolean): Reason[] {
  if (textMembers) return [];
  const list = typeof roles === "string" ? [roles] : [...(roles ?? [])];
  const named = [...new Set(runbook.roles.filter((r) => list.includes(r.id)).flatMap((r) => r.members))];
  return named.length ? [reason("role.text_unapproved", { roles: list, named })] : [];
}

/** `unvouchedMembers` for this run's runbook. */
export function textMembersReasons(ctx: Ctx | Book, roles: string | string[] | undefined): Reason[] {
  const book = "book" in ctx ? ctx.book : ctx;
  return unvouchedMembers(book.runbook, roles, book.textMembers);
}

/** A reason about this run: its English sentence shows times as the run's clock does. */
export function say<C extends ReasonCode>(ctx: Ctx | Book, code: C, params: ReasonParams[C], causes: Reason[] = []): Reason {
  const f: TextFormat = { time: (at) => timeText(ctx, at), duration: formatDuration };
  return reason(code, params, causes, f);
}

/** A fact time as a reason shows it: `09:12` on the run date, else with its date. */
export function timeText(ctx: Ctx | Book, iso: string | Date): string {
  const book = "book" in ctx ? ctx.book : ctx;
  return when(typeof iso === "string" ? new Date(iso) : iso, book.zone, book.runDate);
}

/** ISO string of a Date, for the payload. */
export function iso(d: Date): string {
  return d.toISOString();
}
