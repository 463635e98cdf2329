import { Facts } from "../core/model/facts.js";
/** Folds a run's stored facts, oldest first, into the model's `Facts`. */
export function foldFacts(run, stored) {
    const facts = Facts.parse({ run: { ...run.meta, id: run.id, name: run.name, kind: run.kind }, assignments: run.assignments });
    for (const f of stored)
        applyFact(facts, f);
    return facts;
}
/** The facts with one more fact folded in; `facts` is left as it was (what a write would make of it). */
export function withFact(facts, f) {
    const next = { ...facts, items: [...facts.items], assignment_changes: [...facts.assignment_changes], checks: [...facts.checks], signoffs: [...facts.signoffs], waivers: [...facts.waivers], steps: [...facts.steps],
        checkpoints: [...facts.checkpoints], attestations: [...facts.attestations], waves: [...facts.waves], hypercare: [...facts.hypercare], incidents: [...facts.incidents], phases: [...facts.phases], tasks: [...facts.tasks] };
    applyFact(next, f);
    return next;
}
/** Folds one fact into `facts` (lists are appended to; an incident or phase it changes is replaced, never edited in place). */
export function applyFact(facts, f) {
    switch (f.kind) {
        case "item":
            facts.items.push(f.data);
            break;
        case "assignment":
            facts.assignment_changes.push(f.data);
            break;
        case "check":
            facts.checks.push(f.data);
            break;
        case "signoff":
            facts.signoffs.push(f.data);
            break;
        case "waiver":
            facts.waivers.push(f.data);
            break;
        case "step":
            facts.steps.push(f.data);
            break;
        case "checkpoint":
            facts.checkpoints.push(f.data);
            break;
        case "attestation":
            facts.attestations.push(f.data);
            break;
        case "wave":
            facts.waves.push(f.data);
            break;
        case "hypercare":
            facts.hypercare.push(f.data);
            break;
        case "incident": {
            const at = facts.incidents.findIndex((i) => i.id === f.data.id);
            const inc = { ...f.data, updates: [...f.data.updates] };
            if (at < 0)
                facts.incidents.push(inc);
            else
                facts.incidents[at] = inc;
            break;
        }
        case "incident_update": {
            const at = facts.incidents.findIndex((i) => i.id === f.data.id);
            const prev = facts.incidents[at];
            if (!prev)
                break;
            const { id: _id, text, at: when, by, ...fields } = f.data;
            const inc = { ...prev, updates: [...prev.updates, { at: when, by, text }] };
            for (const [k, v] of Object.entries(fields))
                if (v !== undefined)
                    inc[k] = v;
            facts.incidents[at] = inc;
            break;
        }
        case "incident_resolve": {
            const at = facts.incidents.findIndex((i) => i.id === f.data.id);
            const prev = facts.incidents[at];
            if (!prev)
                break;
            facts.incidents[at] = { ...prev, resolved_at: f.data.at, ...(f.data.alert ? { alert: f.data.alert } : {}) };
            break;
        }
        case "phase": {
            const at = facts.phases.findIndex((p) => p.phase === f.data.phase);
            const merged = { ...facts.phases[at], ...stripUndefined(f.data) };
            if (at < 0)
                facts.phases.push(merged);
            else
                facts.phases[at] = merged;
            break;
        }
        case "task": {
            const at = facts.tasks.findIndex((x) => x.task === f.data.task);
            const merged = { ...facts.tasks[at], ...stripUndefined(f.data) };
            if (at < 0)
                facts.tasks.push(merged);
            else
                facts.tasks[at] = merged;
            break;
        }
    }
}
function stripUndefined(o) {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
