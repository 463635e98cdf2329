/** A role reference written as one id or a list. */
export function asList(value) {
    if (value === undefined)
        return [];
    return Array.isArray(value) ? value : [value];
}
/** The text and checks of a step's verify or rollback, written as text or as an object. */
export function verifyParts(v) {
    if (v === undefined)
        return { checks: [] };
    if (typeof v === "string")
        return { text: v, checks: [] };
    const out = { checks: v.checks };
    if (v.text !== undefined)
        out.text = v.text;
    if (v.command !== undefined)
        out.command = v.command;
    return out;
}
/**
 * Steps flattened with their sub-steps. A step waits for the previous step at its level unless it
 * says `after`; the first sub-step waits for what its parent waits for. A parent is done when all
 * its sub-steps are.
 */
export function flattenSteps(steps) {
    const out = [];
    const walk = (list, parent, parentAfter) => {
        list.forEach((step, i) => {
            const prev = list[i - 1];
            const after = step.after ?? (prev ? [prev.id] : parentAfter);
            const flat = { step, index: out.length, after };
            if (parent)
                flat.parent = parent;
            out.push(flat);
            walk(step.steps, step, after);
        });
    };
    walk(steps, undefined, []);
    return out;
}
