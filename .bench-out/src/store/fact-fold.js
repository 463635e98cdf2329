import { createHash } from "node:crypto";
import { canonicalJson, GENESIS_HASH } from "./audit-chain.js";
import { applyFact } from "./fold.js";
// A run's fact log folded incrementally: each fact costs O(1) amortised (appended in place; an
// incident, phase or task it changes copies only its own short list), and the log's hash is
// chained (the previous link and the new fact), so neither the state nor its hash is ever
// recomputed from the whole history on the hot path.
/** The lists a fact only ever appends to. */
const APPENDED = ["items", "assignment_changes", "checks", "signoffs", "waivers", "steps", "checkpoints", "attestations", "waves", "hypercare"];
/** The lists whose entries a later fact replaces (copied on write: they hold one entry per subject). */
const REPLACED = ["incidents", "phases", "tasks"];
const emptyLists = () => ({
    items: [], assignment_changes: [], checks: [], signoffs: [], waivers: [], steps: [], checkpoints: [], attestations: [], waves: [], hypercare: [], incidents: [], phases: [], tasks: [],
});
/** The link after `f` in a run's fact chain: SHA-256 of the previous link and the fact's canonical JSON. */
export function chainLink(prev, f) {
    return createHash("sha256").update(prev).update(canonicalJson({ version: f.version, kind: f.kind, data: f.data })).digest("hex");
}
/** The start of every run's fact chain. */
export const CHAIN_GENESIS = GENESIS_HASH;
/** The incremental fold of one run's fact log. */
export class FactFold {
    lists;
    version;
    chain;
    constructor(from) {
        this.lists = from ? structuredClone(from.lists) : emptyLists();
        for (const k of [...APPENDED, ...REPLACED])
            this.lists[k] ??= [];
        this.version = from?.version ?? 0;
        this.chain = from?.chain ?? CHAIN_GENESIS;
    }
    /**
     * Folds the next fact of the log and links it into the chain. Returns the link; a fact whose
     * stored link differs (a log changed underneath) is still folded: `audit verify` names it.
     */
    apply(f) {
        if (f.kind === "incident" || f.kind === "incident_update" || f.kind === "incident_resolve")
            this.lists.incidents = [...this.lists.incidents];
        else if (f.kind === "phase")
            this.lists.phases = [...this.lists.phases];
        else if (f.kind === "task")
            this.lists.tasks = [...this.lists.tasks];
        applyFact(this.lists, f);
        this.chain = chainLink(this.chain, f);
        this.version = f.version;
        return this.chain;
    }
    /**
     * The lists as they stand now, read-only: later facts do not show in it (an appended list is
     * read up to its length at this point; it is copied once if read after more was appended).
     * Read the lists through the view, never keep a list itself across a write.
     */
    view() {
        const view = {};
        for (const k of REPLACED)
            Object.defineProperty(view, k, { value: this.lists[k], enumerable: true });
        for (const k of APPENDED) {
            const list = this.lists[k];
            const len = list.length;
            let copy;
            Object.defineProperty(view, k, { enumerable: true, get: () => (list.length === len ? list : (copy ??= list.slice(0, len))) });
        }
        return view;
    }
    /** The fold as a snapshot stores it (a copy). */
    point() {
        const lists = {};
        for (const k of [...APPENDED, ...REPLACED])
            lists[k] = [...this.lists[k]];
        return { version: this.version, chain: this.chain, lists };
    }
}
/** Engine facts: the run's record, a view of the folded lists, and the checks the engine reads. */
export function factsOf(run, lists, checks) {
    const facts = { run: { ...run.meta, id: run.id, name: run.name, kind: run.kind }, assignments: run.assignments, checks };
    const own = Object.getOwnPropertyDescriptors(lists);
    delete own.checks;
    return Object.defineProperties(facts, own);
}
/** The hash of a snapshot's content: a snapshot whose stored hash differs was torn or altered. */
export function pointHash(runId, p) {
    return createHash("sha256").update(canonicalJson({ run: runId, version: p.version, chain: p.chain, lists: p.lists })).digest("hex");
}
