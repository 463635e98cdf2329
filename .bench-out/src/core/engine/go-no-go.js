import { gateMet } from "./gates.js";
import { reason } from "./reasons.js";
/** Open items a section's readiness blocker names before it says how many more. */
const READINESS_SHOWN = 5;
/**
 * Go only when every gate (and every section's implicit readiness requirement) passes or is waived, every sign-off is given, no open incident's
 * severity calls for rollback, no checkpoint said no-go or is undecided past its time (or with no
 * date to place it), and no
 * failed step is left un-rolled-back.
 * No-go lists every blocker; go says what it rests on.
 */
export function decideGo(input) {
    const blockers = [];
    for (const g of input.gates) {
        if (gateMet(g))
            continue;
        if (g.section !== undefined) {
            // A long section would make one endless line: the first open items, and how many more.
            const open = g.requires.filter((r) => !r.met).length;
            blockers.push(reason("go.readiness", { gate: g.id, section: g.section, title: g.title, open, more: Math.max(0, g.reasons.length - READINESS_SHOWN) }, g.reasons.slice(0, READINESS_SHOWN)));
        }
        else
            blockers.push(reason("go.gate", { gate: g.id, title: g.title, state: g.state }, g.reasons));
    }
    for (const s of input.signoffs) {
        if (s.state !== "given")
            blockers.push(reason("go.signoff", { signoff: s.id, title: s.title, state: s.state }, s.reasons));
    }
    for (const i of input.incidents)
        if (i.blocksGo)
            blockers.push(reason("go.incident", { incident: i.id, severity: i.severity, title: i.title }));
    for (const c of input.checkpoints) {
        if (c.decision === "no_go")
            blockers.push(c.reasons[0] ?? reason("go.checkpoint_no_go", { checkpoint: c.id, title: c.title }));
        // A decision point whose time has come (or cannot be placed without a date) and nobody
        // decided: the cutover may not run past it.
        else if (c.decision === "pending" && (c.overdue || c.at === undefined))
            blockers.push(reason("go.checkpoint_undecided", { checkpoint: c.id, title: c.title }, c.reasons));
    }
    for (const s of input.steps) {
        if (s.state === "failed" || s.state === "rolling_back")
            blockers.push(s.reasons[0] ?? reason("go.step", { step: s.id, title: s.title, state: s.state }));
    }
    if (input.forecastBlocker)
        blockers.push(input.forecastBlocker);
    if (blockers.length)
        return { go: false, reasons: blockers };
    const waived = input.gates.filter((g) => g.state === "waived").map((g) => g.id);
    const decided = input.checkpoints.filter((c) => c.decision === "go").length;
    const reasons = [
        input.gates.length ? reason("go.gates_pass", { count: input.gates.length, waived }) : reason("go.no_gates", {}),
        input.signoffs.length ? reason("go.signoffs_given", { count: input.signoffs.length }) : reason("go.no_signoffs", {}),
    ];
    if (input.checkpoints.length)
        reasons.push(reason("go.checkpoints_go", { decided, total: input.checkpoints.length }));
    reasons.push(reason("go.no_blocking_incident", {}));
    return { go: true, reasons };
}
