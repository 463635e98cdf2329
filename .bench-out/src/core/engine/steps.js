import { verifyParts } from "../model/access.js";
import { checkMet, checkStatus } from "./checks.js";
import { expandIds, iso, memo, say } from "./context.js";
import { stateReason } from "./requires.js";
import { resolveDue } from "./time.js";
import { isFixForward, rollbackDeadline } from "./timeline.js";
// Deploy steps run in order: start -> verify -> done, or fail -> rollback -> rolled_back.
// A step may start only when the steps it comes after are done; a parent follows its sub-steps.
const NEXT = {
    start: "running", verify: "verified", done: "done", fail: "failed", rollback: "rolling_back", rolled_back: "rolled_back",
};
/** The states each action may be taken from. */
const FROM = {
    start: ["pending", "ready", "failed", "rolled_back"],
    verify: ["running"],
    done: ["verified", "running"],
    fail: ["running", "verified"],
    rollback: ["running", "verified", "done", "failed"],
    rolled_back: ["rolling_back"],
};
function hasVerify(ctx, id) {
    const v = verifyParts(ctx.book.steps.get(id)?.step.verify);
    return v.text !== undefined || v.checks.length > 0 || v.command !== undefined;
}
/** A step's state from its accepted facts; a parent's from its sub-steps. */
export function stepState(ctx, id) {
    return memo(ctx, `step:${id}`, () => {
        const children = ctx.book.children.get(id);
        if (children?.length) {
            const states = children.map((c) => stepState(ctx, c));
            if (states.every((s) => s === "done"))
                return "done";
            for (const s of ["rolling_back", "failed", "rolled_back"])
                if (states.includes(s))
                    return s;
            if (states.some((s) => s !== "pending" && s !== "ready"))
                return "running";
        }
        else {
            let state;
            for (const f of ctx.accepted.steps)
                if (f.step === id)
                    state = NEXT[f.action];
            if (state)
                return state;
        }
        const after = ctx.book.steps.get(id)?.after ?? [];
        return after.every((a) => stepState(ctx, a) === "done") ? "ready" : "pending";
    }, () => "pending");
}
/** Whether a step action may be recorded now: the right state, `after` steps done, verify checks passing, the rollback deadline not passed. */
export function judgeStepFact(ctx, fact) {
    const flat = ctx.book.steps.get(fact.step);
    if (!flat)
        return { ok: false, reasons: [say(ctx, "step.unknown", { step: fact.step })] };
    const children = ctx.book.children.get(fact.step);
    if (children?.length)
        return { ok: false, reasons: [say(ctx, "step.has_substeps", { step: fact.step, substeps: children })] };
    const state = stepState(ctx, fact.step);
    const reasons = [];
    if (!FROM[fact.action].includes(state)) {
        reasons.push(say(ctx, "step.wrong_state", { step: fact.step, state, action: fact.action, from: FROM[fact.action] }));
    }
    else if (fact.action === "done" && state === "running" && hasVerify(ctx, fact.step)) {
        reasons.push(say(ctx, "step.verify_first", { step: fact.step }));
    }
    if (fact.action === "start") {
        for (const a of flat.after) {
            const s = stepState(ctx, a);
            if (s !== "done")
                reasons.push(say(ctx, "step.waits_for", { step: fact.step, after: a, state: s }));
        }
    }
    if (fact.action === "verify") {
        for (const c of expandIds(ctx.book, verifyParts(flat.step.verify).checks)) {
            const s = checkStatus(ctx, c);
            if (!checkMet(s))
                reasons.push(s.reasons[0] ?? stateReason(ctx, "check", c, s.state));
        }
    }
    if (fact.action === "rollback" && isFixForward(ctx)) {
        const deadline = rollbackDeadline(ctx.book);
        reasons.push(say(ctx, "step.fix_forward", deadline ? { deadline: iso(deadline) } : {}));
    }
    return reasons.length ? { ok: false, reasons } : { ok: true };
}
/** Every step in execution order, with its state and who moved it last. */
export function stepStatuses(ctx) {
    return ctx.book.flatSteps.map((f) => {
        const id = f.step.id;
        const state = stepState(ctx, id);
        const ids = [id, ...(ctx.book.children.get(id) ?? [])];
        const facts = ctx.accepted.steps.filter((s) => ids.includes(s.step));
        const out = { id, title: f.step.title, index: f.index, after: f.after, state, hasRollback: f.step.rollback !== undefined, reasons: [] };
        if (f.parent)
            out.parent = f.parent.id;
        const start = facts.find((s) => s.action === "start");
        if (start)
            out.startedAt = iso(new Date(start.at));
        const last = facts.at(-1);
        if (last)
            out.by = last.by;
        if (last && (state === "done" || state === "rolled_back" || state === "failed"))
            out.endedAt = iso(new Date(last.at));
        if (f.step.window) {
            const s = resolveDue(f.step.window.start, ctx.due);
            const e = f.step.window.end ? resolveDue(f.step.window.end, ctx.due) : undefined;
            if (s)
                out.plannedStart = iso(s);
            if (e)
                out.plannedEnd = iso(e);
        }
        if (state === "pending")
            out.reasons.push(...f.after.filter((a) => stepState(ctx, a) !== "done").map((a) => say(ctx, "step.waits_for", { step: id, after: a, state: stepState(ctx, a) })));
        if (state === "failed")
            out.reasons.push(say(ctx, "step.failed", { step: id, ...(last?.note ? { note: last.note } : {}) }));
        if (state === "rolling_back")
            out.reasons.push(say(ctx, "step.rolling_back", { step: id }));
        return out;
    });
}
