import { checkMet, checkStatus } from "./checks.js";
import { expandIds, say } from "./context.js";
import { gateMet, gateStatus } from "./gates.js";
import { itemSatisfied, itemStatus } from "./items.js";
import { signoffStatus } from "./signoffs.js";
import { criterionMet, criterionStatus, waveExit, waveExitPassed } from "./waves.js";
// One evaluation of `requires` for gates, waves, checkpoints and sign-offs, so each rule about
// what "passes" lives in one place.
/** The state of each prerequisite, template ids expanded. */
export function requirements(ctx, req) {
    const book = ctx.book;
    const out = [];
    const push = (kind, id, state, met, reason, title) => {
        const r = { kind, id, state, met };
        if (title !== undefined)
            r.title = title;
        if (!met && reason)
            r.reason = reason;
        out.push(r);
    };
    for (const id of expandIds(book, req.items)) {
        const s = itemStatus(ctx, id);
        push("item", id, s.state, itemSatisfied(s.state), s.reasons[0] ?? stateReason(ctx, "item", id, s.state, s.title), s.title);
    }
    for (const id of expandIds(book, req.checks)) {
        const s = checkStatus(ctx, id);
        // Advisory checks are shown but never block.
        push("check", id, s.state, checkMet(s) || s.advisory, s.reasons[0] ?? stateReason(ctx, "check", id, s.state, s.title), s.title);
    }
    for (const id of req.gates) {
        const s = gateStatus(ctx, id);
        push("gate", id, s.state, gateMet(s), say(ctx, "requirement.gate", { gate: id, title: s.title, state: s.state, more: more(s.reasons) }, s.reasons.slice(0, 1)), s.title);
    }
    for (const id of req.waves) {
        const s = waveExit(ctx, id);
        push("wave", id, s.state, waveExitPassed(s), say(ctx, "requirement.wave", { wave: id, more: more(s.reasons) }, s.reasons.slice(0, 1)), s.title);
    }
    for (const id of req.criteria) {
        const s = criterionStatus(ctx, id);
        push("criterion", id, s.state, criterionMet(s), s.reasons[0] ?? stateReason(ctx, "criterion", id, s.state, s.title), s.title);
    }
    for (const id of req.signoffs) {
        const s = signoffStatus(ctx, id);
        push("signoff", id, s.state, s.state === "given", say(ctx, "requirement.signoff", { signoff: id, title: s.title, state: s.state, more: more(s.reasons) }, s.reasons.slice(0, 1)), s.title);
    }
    return out;
}
// A nested state carries its first cause and counts the others: reasons stay one line deep.
const more = (reasons) => Math.max(0, reasons.length - 1);
/** `check x pending`, when a state has no reason of its own. */
export function stateReason(ctx, kind, id, state, title) {
    return say(ctx, "requirement.state", title === undefined ? { kind, id, state } : { kind, id, title, state });
}
/** Why the prerequisites do not pass; empty when they do. */
export function unmetReasons(ctx, list) {
    return list.filter((r) => !r.met).map((r) => r.reason ?? stateReason(ctx, r.kind, r.id, r.state, r.title));
}
