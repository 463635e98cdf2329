import { makeBook, makeCtx, noneAccepted } from "./context.js";
import { judgeSignoff } from "./signoffs.js";
import { judgeHypercare } from "./hypercare.js";
import { judgeStepFact } from "./steps.js";
import { ms } from "./time.js";
import { judgeCheckpoint } from "./timeline.js";
import { judgeWaiver } from "./waivers.js";
import { judgeAttestation, judgeWaveFact } from "./waves.js";
// At the same instant, what enables comes before what depends on it.
const RANK = { waiver: 0, wave: 1, attestation: 2, step: 3, checkpoint: 4, signoff: 5, hypercare: 6 };
/** The one judge per kind of decision. */
export function judge(ctx, d) {
    switch (d.kind) {
        case "signoff": return judgeSignoff(ctx, d.fact);
        case "waiver": return judgeWaiver(ctx, d.fact);
        case "wave": return judgeWaveFact(ctx, d.fact);
        case "checkpoint": return judgeCheckpoint(ctx, d.fact);
        case "step": return judgeStepFact(ctx, d.fact);
        case "attestation": return judgeAttestation(ctx, d.fact);
        case "hypercare": return judgeHypercare(ctx, d.fact);
    }
}
function accept(accepted, d) {
    switch (d.kind) {
        case "signoff":
            accepted.signoffs.push(d.fact);
            break;
        case "waiver":
            accepted.waivers.push(d.fact);
            break;
        case "wave":
            accepted.waves.push(d.fact);
            break;
        case "checkpoint":
            accepted.checkpoints.push(d.fact);
            break;
        case "step":
            accepted.steps.push(d.fact);
            break;
        case "attestation":
            accepted.attestations.push(d.fact);
            break;
        case "hypercare":
            accepted.hypercare.push(d.fact);
            break;
    }
}
// Two refused facts on one target by one person at one moment differ only in what they asked.
function actionOf(d) {
    switch (d.kind) {
        case "step": return d.fact.action;
        case "wave": return d.fact.action;
        case "checkpoint": return d.fact.decision;
        case "hypercare": return d.fact.action;
        default: return undefined;
    }
}
function targetOf(d) {
    switch (d.kind) {
        case "signoff": return d.fact.signoff;
        case "waiver": return d.fact.target;
        case "wave": return d.fact.wave;
        case "checkpoint": return d.fact.checkpoint;
        case "step": return d.fact.step;
        case "attestation": return d.fact.criterion;
        case "hypercare": return "hypercare";
    }
}
/** Judges every decision in time order and returns the run as of `now`. */
export function replay(loaded, facts, now, opts = {}) {
    const book = makeBook(loaded, facts, opts.held);
    const t = now.getTime();
    const all = [
        ...facts.waves.map((fact) => ({ kind: "wave", fact })),
        ...facts.waivers.map((fact) => ({ kind: "waiver", fact })),
        ...facts.attestations.map((fact) => ({ kind: "attestation", fact })),
        ...facts.steps.map((fact) => ({ kind: "step", fact })),
        ...facts.checkpoints.map((fact) => ({ kind: "checkpoint", fact })),
        ...facts.signoffs.map((fact) => ({ kind: "signoff", fact })),
        ...facts.hypercare.map((fact) => ({ kind: "hypercare", fact })),
    ];
    const decisions = all
        .map((d, order) => ({ d, t: ms(d.fact.at), order }))
        .filter((e) => e.t <= t)
        .sort((a, b) => a.t - b.t || RANK[a.d.kind] - RANK[b.d.kind] || a.order - b.order);
    const observed = book.itemFacts.countAfter(t) + book.checkResults.countAfter(t)
        + facts.incidents.filter((i) => ms(i.opened_at) > t).length;
    const accepted = noneAccepted();
    const refused = [];
    for (const { d, t: at } of decisions) {
        const verdict = judge(makeCtx(book, accepted, new Date(at)), d);
        if (verdict.ok)
            accept(accepted, d);
        else {
            const r = { kind: d.kind, target: targetOf(d), by: d.fact.by, at: new Date(at).toISOString(), reasons: verdict.reasons };
            const action = actionOf(d);
            if (action !== undefined)
                r.action = action;
            refused.push(r);
        }
    }
    return { book, ctx: makeCtx(book, accepted, now), refused, laterFacts: all.length - decisions.length + observed };
}
