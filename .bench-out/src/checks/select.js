import { allItems } from "../core/model/expand.js";
import { closest } from "../core/text/closest.js";
/**
 * The check ids a selection means, in runbook order, with the checks they `need` added (a check
 * cannot run without them). A gate brings its checks, its items' checks, its criteria's checks
 * and its nested gates'; a wave its exit criteria's checks and what it requires.
 */
export function selectChecks(loaded, selection) {
    const { runbook, templates } = loaded;
    const checkIds = new Set(runbook.checks.map((c) => c.id));
    const itemCheck = new Map(allItems(runbook).map((it) => [it.id, it.check]));
    const criterionCheck = new Map(runbook.waves.flatMap((w) => w.exit.map((c) => [c.id, c.check])));
    const gates = new Map(runbook.gates.map((g) => [g.id, g]));
    const waves = new Map(runbook.waves.map((w) => [w.id, w]));
    const expand = (id) => templates.get(id) ?? [id];
    const chosen = new Set();
    const addCheck = (id) => {
        if (id !== undefined)
            for (const x of expand(id))
                if (checkIds.has(x))
                    chosen.add(x);
    };
    const seenGates = new Set();
    const addRequires = (req) => {
        req.checks.forEach(addCheck);
        req.items.flatMap(expand).forEach((i) => addCheck(itemCheck.get(i)));
        req.criteria.forEach((c) => addCheck(criterionCheck.get(c)));
        req.gates.forEach(addGate);
    };
    const addGate = (id) => {
        if (seenGates.has(id))
            return;
        seenGates.add(id);
        const g = gates.get(id);
        if (g)
            addRequires(g.requires);
    };
    const unknown = (what, id, known) => {
        const hint = closest(id, known);
        return { ok: false, message: `unknown ${what} '${id}'${hint ? `; did you mean '${hint}'?` : ""}` };
    };
    for (const id of selection.gates ?? []) {
        if (!gates.has(id))
            return unknown("gate", id, gates.keys());
        addGate(id);
    }
    for (const id of selection.waves ?? []) {
        const w = waves.get(id);
        if (!w)
            return unknown("wave", id, waves.keys());
        w.exit.forEach((c) => addCheck(c.check));
        addRequires(w.requires);
    }
    for (const id of selection.only ?? []) {
        if (!checkIds.has(id) && !templates.has(id))
            return unknown("check", id, [...checkIds, ...templates.keys()]);
        addCheck(id);
    }
    const any = (selection.gates?.length ?? 0) + (selection.waves?.length ?? 0) + (selection.only?.length ?? 0) > 0;
    if (!any)
        for (const id of checkIds)
            chosen.add(id);
    const byId = new Map(runbook.checks.map((c) => [c.id, c]));
    const stack = [...chosen];
    while (stack.length > 0) {
        const id = stack.pop();
        for (const need of (byId.get(id)?.needs ?? []).flatMap(expand)) {
            if (checkIds.has(need) && !chosen.has(need)) {
                chosen.add(need);
                stack.push(need);
            }
        }
    }
    return { ok: true, ids: runbook.checks.map((c) => c.id).filter((id) => chosen.has(id)) };
}
