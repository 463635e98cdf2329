import { asList, flattenSteps } from "../model/access.js";
import { allItems } from "../model/expand.js";
import { reason } from "./reasons.js";
import { dateOf, formatDuration, ms, safeZone, when } from "./time.js";
// The engine's working context. `Book` is what the runbook and the run say, indexed once;
// `Ctx` is the run as of one moment: observations up to then and the decisions accepted so far.
/**
 * Parsed times of facts, by fact: a status reads the same fact objects again and again (the
 * server's fold keeps them), and parsing each one's date every time was a fifth of a status. The
 * text is kept beside the time and compared, so a fact whose `at` changed is parsed again.
 */
const parsedAt = new WeakMap();
function timeOf(fact) {
    const hit = parsedAt.get(fact);
    if (hit && hit.at === fact.at)
        return hit.t;
    const t = ms(fact.at);
    parsedAt.set(fact, { at: fact.at, t });
    return t;
}
/** Facts sorted by time per id, so "the latest as of t" is a short scan. */
export class History {
    byId = new Map();
    constructor(facts, key) {
        facts.forEach((fact) => {
            const list = this.byId.get(key(fact)) ?? [];
            list.push({ t: timeOf(fact), fact });
            this.byId.set(key(fact), list);
        });
        // Stable sort keeps the recorded order for equal times: the later entry wins.
        for (const list of this.byId.values())
            list.sort((a, b) => a.t - b.t);
    }
    /** How many facts are dated after t. */
    countAfter(t) {
        let n = 0;
        for (const list of this.byId.values())
            for (const e of list)
                if (e.t > t)
                    n++;
        return n;
    }
    latest(id, t) {
        const list = this.byId.get(id);
        return list?.[this.countUpTo(list, t) - 1]?.fact;
    }
    /**
     * When the unbroken run of facts up to t that `holds` began (the first of them), or undefined
     * when the latest fact at t does not hold: "passing since" for a sustained window.
     */
    holdsSince(id, t, holds) {
        const list = this.byId.get(id);
        if (!list)
            return undefined;
        let i = this.countUpTo(list, t) - 1;
        let since;
        for (; i >= 0; i--) {
            const e = list[i];
            if (!e || !holds(e.fact))
                break;
            since = e.t;
        }
        return since;
    }
    // Binary search for how many entries are at or before t: a scheduler records thousands of results.
    countUpTo(list, t) {
        let lo = 0;
        let hi = list.length;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if ((list[mid]?.t ?? Infinity) <= t)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
}
/** Indexes the runbook and the run's facts. */
export function makeBook(loaded, facts, held = new Set()) {
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
    const children = new Map();
    for (const f of flat)
        if (f.parent)
            children.set(f.parent.id, [...(children.get(f.parent.id) ?? []), f.step.id]);
    const waves = new Map();
    const criteria = new Map();
    runbook.waves.forEach((wave, index) => {
        waves.set(wave.id, { wave, index });
        for (const criterion of wave.exit)
            criteria.set(criterion.id, { criterion, wave, waveIndex: index });
    });
    const checkpoints = new Map();
    for (const phase of runbook.timeline?.phases ?? []) {
        if (phase.checkpoint)
            checkpoints.set(phase.checkpoint.id, { checkpoint: phase.checkpoint, phase });
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
        templateOf: new Map([...loaded.templates].flatMap(([template, ids]) => ids.map((id) => [id, template]))),
        held,
    };
}
/** No decisions accepted yet. */
export function noneAccepted() {
    return { signoffs: [], waivers: [], waves: [], checkpoints: [], steps: [], attestations: [], hypercare: [] };
}
/** The run as of `now`, with the decisions accepted up to then. */
export function makeCtx(book, accepted, now) {
    return {
        book, now, t: now.getTime(), accepted,
        due: { date: book.runDate, zone: book.zone, goliveAt: book.goliveAt },
        memo: new Map(),
    };
}
const COMPUTING = Symbol("computing");
/**
 * Computes once per context: states depend on one another (gates on gates, sign-offs on gates).
 * A cycle the validator cannot see (a gate that requires a sign-off that requires the gate) gets
 * `onCycle` instead of endless recursion.
 */
export function memo(ctx, key, compute, onCycle) {
    const known = ctx.memo.get(key);
    if (known === COMPUTING)
        return onCycle();
    if (ctx.memo.has(key))
        return known;
    ctx.memo.set(key, COMPUTING);
    const value = compute();
    ctx.memo.set(key, value);
    return value;
}
/** Ids as written, with each for_each template id replaced by all its expansions. */
export function expandIds(book, ids) {
    return ids.flatMap((id) => book.loaded.templates.get(id) ?? [id]);
}
/** The template an expanded id came from (`svc-image[iam]` -> `svc-image`). */
export function templateOf(book, id) {
    return book.templateOf.get(id);
}
/**
 * Accounts acting in a role for this run at time `t` (ms; default: now and ever after): the
 * runbook's members, and the run's assignments as they stood then (its first ones, replaced per
 * role by each later change up to `t`). A role taken after a decision does not validate it.
 */
export function members(book, role, t = Infinity) {
    const fromRunbook = book.runbook.roles.find((r) => r.id === role)?.members ?? [];
    const changed = book.assignments.latest(role, t);
    const assigned = changed ? (changed.assignments[role] ?? []) : (book.facts.assignments[role] ?? []);
    return [...new Set([...fromRunbook, ...assigned])];
}
/** Whether the account acts in any of the roles at time `t`. */
export function isMember(book, roles, person, t = Infinity) {
    return asList(roles).some((r) => members(book, r, t).includes(person));
}
/** The roles and who acts in them at time `t`, for a refusal that says who could have done it. */
export function roleRef(book, roles, t = Infinity) {
    const list = asList(roles);
    return { roles: list, members: [...new Set(list.flatMap((r) => members(book, r, t)))] };
}
/** A reason about this run: its English sentence shows times as the run's clock does. */
export function say(ctx, code, params, causes = []) {
    const f = { time: (at) => timeText(ctx, at), duration: formatDuration };
    return reason(code, params, causes, f);
}
/** A fact time as a reason shows it: `09:12` on the run date, else with its date. */
export function timeText(ctx, iso) {
    const book = "book" in ctx ? ctx.book : ctx;
    return when(typeof iso === "string" ? new Date(iso) : iso, book.zone, book.runDate);
}
/** ISO string of a Date, for the payload. */
export function iso(d) {
    return d.toISOString();
}
