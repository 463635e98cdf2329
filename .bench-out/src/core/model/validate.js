import { parseCondition } from "../conditions/index.js";
import { closest } from "../text/closest.js";
import { asList, flattenSteps, verifyParts } from "./access.js";
import { parseDuration } from "../engine/time.js";
import { allItems, pathText } from "./expand.js";
import { validateNotify } from "./validate-notify.js";
import { validatePlan } from "./validate-plan.js";
/**
 * Checks what a schema cannot: unique ids, references that resolve, no cycles, check configs
 * valid for their kind, conditions that parse and type-check. Returns every problem at once.
 */
export function validateRunbook(expanded, kinds) {
    const { runbook, origins, templates } = expanded;
    const problems = [...expanded.problems];
    const at = (obj, fallback, ...rest) => [...(origins.get(obj) ?? fallback), ...rest];
    // ---- ids, per kind -------------------------------------------------------------------------
    const ids = {
        item: new Map(), check: new Map(), gate: new Map(), wave: new Map(), criterion: new Map(),
        signoff: new Map(), role: new Map(), step: new Map(), severity: new Map(), tier: new Map(),
    };
    const declare = (kind, id, path) => {
        const first = ids[kind].get(id);
        if (first)
            problems.push({ path: [...path, "id"], message: `duplicate ${kind} id '${id}' (first at ${pathText(first)})` });
        else
            ids[kind].set(id, path);
    };
    runbook.roles.forEach((r, i) => declare("role", r.id, ["roles", i]));
    const items = allItems(runbook);
    items.forEach((it, i) => declare("item", it.id, at(it, ["items", i])));
    runbook.checks.forEach((c, i) => declare("check", c.id, at(c, ["checks", i])));
    runbook.gates.forEach((g, i) => declare("gate", g.id, ["gates", i]));
    runbook.waves.forEach((w, i) => {
        declare("wave", w.id, ["waves", i]);
        w.exit.forEach((c, j) => declare("criterion", c.id, ["waves", i, "exit", j]));
    });
    runbook.signoffs.forEach((s, i) => declare("signoff", s.id, ["signoffs", i]));
    const stepPath = new Map();
    const walkSteps = (steps, path) => steps.forEach((s, i) => {
        declare("step", s.id, [...path, i]);
        stepPath.set(s.id, [...path, i]);
        walkSteps(s.steps, [...path, i, "steps"]);
    });
    walkSteps(runbook.steps, ["steps"]);
    runbook.incidents?.severities.forEach((s, i) => declare("severity", s.id, ["incidents", "severities", i]));
    runbook.rollback?.tiers.forEach((t, i) => declare("tier", t.id, ["rollback", "tiers", i]));
    const others = new Map();
    const declareOther = (what, id, path) => {
        const key = `${what}:${id}`;
        const first = others.get(key);
        if (first)
            problems.push({ path: [...path, "id"], message: `duplicate ${what} id '${id}' (first at ${pathText(first)})` });
        else
            others.set(key, path);
    };
    runbook.timeline?.phases.forEach((p, i) => {
        declareOther("phase", p.id, ["timeline", "phases", i]);
        p.tasks.forEach((t, j) => declareOther("task", t.id, ["timeline", "phases", i, "tasks", j]));
        if (p.checkpoint)
            declareOther("checkpoint", p.checkpoint.id, ["timeline", "phases", i, "checkpoint"]);
    });
    runbook.waivers.forEach((w, i) => declareOther("waiver", w.id, ["waivers", i]));
    runbook.procedures.forEach((p, i) => declareOther("procedure", p.id, ["procedures", i]));
    runbook.monitoring?.windows.forEach((w, i) => {
        declareOther("monitoring window", w.id, ["monitoring", "windows", i]);
        w.metrics.forEach((m, j) => declareOther("metric", `${w.id}/${m.id}`, ["monitoring", "windows", i, "metrics", j]));
    });
    // ---- references ----------------------------------------------------------------------------
    const exists = (kind, id) => ids[kind].has(id) || (templates.get(id)?.some((x) => ids[kind].has(x)) ?? false);
    const ref = (kind, id, path) => {
        if (exists(kind, id))
            return;
        const hint = closest(id, [...ids[kind].keys(), ...templates.keys()]);
        problems.push({ path, message: `unknown ${kind} '${id}'${hint ? `; did you mean '${hint}'?` : ""}` });
    };
    const refRoles = (value, path) => {
        const list = asList(value);
        list.forEach((r, i) => ref("role", r, Array.isArray(value) ? [...path, i] : path));
    };
    const refRequires = (req, path) => {
        req.items.forEach((x, i) => ref("item", x, [...path, "items", i]));
        req.checks.forEach((x, i) => ref("check", x, [...path, "checks", i]));
        req.gates.forEach((x, i) => ref("gate", x, [...path, "gates", i]));
        req.waves.forEach((x, i) => ref("wave", x, [...path, "waves", i]));
        req.criteria.forEach((x, i) => ref("criterion", x, [...path, "criteria", i]));
        req.signoffs.forEach((x, i) => ref("signoff", x, [...path, "signoffs", i]));
    };
    runbook.contacts.forEach((c, i) => ref("role", c.role, ["contacts", i, "role"]));
    items.forEach((it, i) => {
        const p = at(it, ["items", i]);
        refRoles(it.owner, [...p, "owner"]);
        if (it.check)
            ref("check", it.check, [...p, "check"]);
        it.depends_on.forEach((d, j) => ref("item", d, [...p, "depends_on", j]));
    });
    runbook.checks.forEach((c, i) => c.needs.forEach((n, j) => ref("check", n, [...at(c, ["checks", i]), "needs", j])));
    runbook.gates.forEach((g, i) => {
        refRoles(g.owner, ["gates", i, "owner"]);
        refRequires(g.requires, ["gates", i, "requires"]);
    });
    runbook.waves.forEach((w, i) => {
        refRequires(w.requires, ["waves", i, "requires"]);
        w.exit.forEach((c, j) => {
            const p = ["waves", i, "exit", j];
            if (c.check)
                ref("check", c.check, [...p, "check"]);
            if (c.attest)
                refRoles(c.attest.by, [...p, "attest", "by"]);
            if (!c.check && !c.attest)
                problems.push({ path: p, message: `criterion '${c.id}' needs a \`check\` or an \`attest\` (how it is measured)` });
        });
    });
    // One walk of the steps, not one per step (an imported 5 MB document has thousands).
    const stepById = new Map();
    for (const f of flattenSteps(runbook.steps))
        if (!stepById.has(f.step.id))
            stepById.set(f.step.id, f.step);
    for (const [id, path] of stepPath) {
        const s = stepById.get(id);
        if (!s)
            continue;
        refRoles(s.owner, [...path, "owner"]);
        (s.after ?? []).forEach((a, j) => ref("step", a, [...path, "after", j]));
        verifyParts(s.verify).checks.forEach((c, j) => ref("check", c, [...path, "verify", "checks", j]));
        verifyParts(s.rollback).checks.forEach((c, j) => ref("check", c, [...path, "rollback", "checks", j]));
    }
    runbook.timeline?.phases.forEach((ph, i) => {
        const p = ["timeline", "phases", i];
        ph.tasks.forEach((t, j) => {
            refRoles(t.owner, [...p, "tasks", j, "owner"]);
            if (t.check)
                ref("check", t.check, [...p, "tasks", j, "check"]);
            if (t.item)
                ref("item", t.item, [...p, "tasks", j, "item"]);
            if (t.step)
                ref("step", t.step, [...p, "tasks", j, "step"]);
        });
        if (ph.checkpoint) {
            refRoles(ph.checkpoint.approvers, [...p, "checkpoint", "approvers"]);
            refRequires(ph.checkpoint.requires, [...p, "checkpoint", "requires"]);
        }
    });
    const rb = runbook.rollback;
    rb?.triggers.forEach((t, i) => {
        if (t.check)
            ref("check", t.check, ["rollback", "triggers", i, "check"]);
        if (t.severity)
            ref("severity", t.severity, ["rollback", "triggers", i, "severity"]);
    });
    rb?.tiers.forEach((t, i) => {
        t.only_after.forEach((x, j) => ref("tier", x, ["rollback", "tiers", i, "only_after", j]));
        t.actions.forEach((a, j) => {
            if (a.check)
                ref("check", a.check, ["rollback", "tiers", i, "actions", j, "check"]);
        });
    });
    rb?.decision_matrix.forEach((d, i) => {
        ref("severity", d.severity, ["rollback", "decision_matrix", i, "severity"]);
        refRoles(d.approvers, ["rollback", "decision_matrix", i, "approvers"]);
    });
    runbook.signoffs.forEach((s, i) => {
        ref("role", s.role, ["signoffs", i, "role"]);
        refRequires(s.requires, ["signoffs", i, "requires"]);
        s.separate_from.forEach((x, j) => ref("signoff", x, ["signoffs", i, "separate_from", j]));
    });
    runbook.waivers.forEach((w, i) => {
        refRoles(w.grantors, ["waivers", i, "grantors"]);
        w.targets.forEach((t, j) => {
            const kinds = ["gate", "criterion", "check", "item"];
            if (!kinds.some((k) => exists(k, t))) {
                const hint = closest(t, kinds.flatMap((k) => [...ids[k].keys()]));
                problems.push({ path: ["waivers", i, "targets", j], message: `unknown gate, criterion, check or item '${t}'${hint ? `; did you mean '${hint}'?` : ""}` });
            }
        });
    });
    runbook.monitoring?.windows.forEach((w, i) => w.metrics.forEach((m, j) => {
        if (m.check)
            ref("check", m.check, ["monitoring", "windows", i, "metrics", j, "check"]);
        if (m.alert_check)
            ref("check", m.alert_check, ["monitoring", "windows", i, "metrics", j, "alert_check"]);
    }));
    runbook.procedures.forEach((p, i) => refRoles(p.owner, ["procedures", i, "owner"]));
    const hc = runbook.hypercare;
    if (hc) {
        refRoles(hc.owners, ["hypercare", "owners"]);
        if (hc.duration && (parseDuration(hc.duration) ?? 0) > 365 * 86_400_000)
            problems.push({ path: ["hypercare", "duration"], message: `a hypercare of at most 365d (a year), got ${hc.duration}` });
        const s = hc.starts_after;
        const path = ["hypercare", "starts_after", "id"];
        if (s?.kind === "wave" || s?.kind === "step")
            ref(s.kind, s.id, path);
        else if (s && !others.has(`${s.kind}:${s.id}`))
            problems.push({ path, message: `unknown timeline ${s.kind} '${s.id}'` });
    }
    if (hc?.exit) {
        const windows = new Set(runbook.monitoring?.windows.map((w) => w.id) ?? []);
        const e = hc.exit;
        e.windows.forEach((w, j) => {
            if (!windows.has(w))
                problems.push({ path: ["hypercare", "exit", "windows", j], message: `unknown monitoring window '${w}'` });
        });
        e.checks.forEach((x, j) => ref("check", x, ["hypercare", "exit", "checks", j]));
        e.items.forEach((x, j) => ref("item", x, ["hypercare", "exit", "items", j]));
        e.signoffs.forEach((x, j) => ref("signoff", x, ["hypercare", "exit", "signoffs", j]));
    }
    // ---- cycles --------------------------------------------------------------------------------
    const expand = (list) => list.flatMap((x) => templates.get(x) ?? [x]);
    findCycles("gate", runbook.gates.map((g, i) => ({ id: g.id, deps: g.requires.gates, path: ["gates", i, "requires", "gates"] })), problems);
    findCycles("item", items.map((it, i) => ({ id: it.id, deps: expand(it.depends_on), path: [...at(it, ["items", i]), "depends_on"] })), problems);
    findCycles("check", runbook.checks.map((c, i) => ({ id: c.id, deps: expand(c.needs), path: [...at(c, ["checks", i]), "needs"] })), problems);
    findCycles("sign-off", runbook.signoffs.map((s, i) => ({ id: s.id, deps: s.requires.signoffs, path: ["signoffs", i, "requires", "signoffs"] })), problems);
    problems.push(...validatePlan(runbook));
    problems.push(...validateNotify(runbook));
    findCycles("step", flattenSteps(runbook.steps).map((f) => ({ id: f.step.id, deps: f.after, path: [...(stepPath.get(f.step.id) ?? ["steps"]), "after"] })), problems);
    // ---- check configs and conditions ----------------------------------------------------------
    const conditions = new Map();
    runbook.checks.forEach((c, i) => {
        const p = at(c, ["checks", i]);
        const spec = kinds[c.kind];
        if (!spec) {
            const hint = closest(c.kind, Object.keys(kinds));
            problems.push({ path: [...p, "kind"], message: `unknown check kind '${c.kind}'; expected one of ${Object.keys(kinds).join(", ")}${hint ? ` (did you mean '${hint}'?)` : ""}` });
            return;
        }
        const parsed = spec.config.safeParse(c.config);
        if (!parsed.success) {
            for (const issue of parsed.error.issues) {
                const sub = issue.path.map((k) => (typeof k === "symbol" ? String(k) : k));
                const missing = issue.code === "invalid_type" && valueAt(c.config, sub) === undefined;
                problems.push(missing
                    ? { path: [...p, "config", ...sub.slice(0, -1)], message: `${c.kind} config: missing required field '${String(sub[sub.length - 1])}' (expected ${issue.expected})` }
                    : { path: [...p, "config", ...sub], message: `${c.kind} config: ${issue.message.replace(/^Invalid input: /, "")}` });
            }
        }
        const list = Array.isArray(c.conditions) ? c.conditions : [c.conditions];
        const parsedList = [];
        list.forEach((source, j) => {
            const condPath = Array.isArray(c.conditions) ? [...p, "conditions", j] : [...p, "conditions"];
            const r = parseCondition(source, spec.values);
            if (r.ok)
                parsedList.push(r.condition);
            else
                for (const e of r.errors)
                    problems.push({ path: condPath, message: `condition: ${e.message}`, offset: e.offset });
        });
        conditions.set(c.id, parsedList);
    });
    const attestConditions = new Map();
    const attestSig = { value: "any" };
    runbook.waves.forEach((w, i) => w.exit.forEach((c, j) => {
        if (!c.attest?.condition)
            return;
        const r = parseCondition(c.attest.condition, attestSig);
        if (r.ok)
            attestConditions.set(c.id, r.condition);
        else
            for (const e of r.errors)
                problems.push({ path: ["waves", i, "exit", j, "attest", "condition"], message: `condition: ${e.message}`, offset: e.offset });
    }));
    return { problems, loaded: { runbook, templates, conditions, attestConditions } };
}
function valueAt(root, path) {
    let v = root;
    for (const k of path) {
        if (v === null || typeof v !== "object")
            return undefined;
        v = v[k];
    }
    return v;
}
function findCycles(what, nodes, problems) {
    // The first of duplicate ids counts (duplicates are reported on their own).
    const byId = new Map();
    for (const n of nodes)
        if (!byId.has(n.id))
            byId.set(n.id, n);
    const state = new Map();
    const reported = new Set();
    const visit = (id, stack) => {
        const s = state.get(id);
        if (s === "done")
            return;
        if (s === "visiting") {
            const cycle = [...stack.slice(stack.indexOf(id)), id];
            const key = [...cycle].sort().join(",");
            if (!reported.has(key)) {
                reported.add(key);
                const node = byId.get(id);
                if (node)
                    problems.push({ path: node.path, message: `${what} dependency cycle: ${cycle.join(" -> ")}` });
            }
            return;
        }
        state.set(id, "visiting");
        for (const d of byId.get(id)?.deps ?? [])
            if (byId.has(d))
                visit(d, [...stack, id]);
        state.set(id, "done");
    };
    for (const n of nodes)
        visit(n.id, []);
}
