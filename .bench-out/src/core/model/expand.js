/** `sections[0].items[2].title`: a path as people read it. */
export function pathText(path) {
    let out = "";
    for (const k of path)
        out += typeof k === "number" ? `[${k}]` : out ? `.${k}` : k;
    return out;
}
function fill(text, vars) {
    return text.replace(/\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/g, (whole, name) => vars[name] ?? whole);
}
/** Replace {{var}} in every string of a JSON-like value. */
function fillDeep(value, vars) {
    if (typeof value === "string")
        return fill(value, vars);
    if (Array.isArray(value))
        return value.map((v) => fillDeep(v, vars));
    if (value !== null && typeof value === "object") {
        const out = {};
        for (const [k, v] of Object.entries(value))
            out[k] = fillDeep(v, vars);
        return out;
    }
    return value;
}
function suffix(vars) {
    return Object.values(vars).join(",");
}
/**
 * Expands `for_each` on sections and checks: the per-service list of a checklist is written once
 * and applied to each service. Expanded ids are `ID[value]`; a reference to `ID` means all of them.
 */
export function expandRunbook(input) {
    const origins = new WeakMap();
    const templates = new Map();
    const problems = [];
    const combos = (forEach, path) => {
        if (!forEach)
            return [{}];
        let out = [{}];
        for (const [name, spec] of Object.entries(forEach)) {
            let values;
            if (Array.isArray(spec))
                values = spec;
            else {
                values = input.vars[spec];
                if (!values) {
                    const known = Object.keys(input.vars);
                    problems.push({
                        path: [...path, "for_each", name],
                        message: `unknown list '${spec}' in vars${known.length ? ` (known: ${known.join(", ")})` : ""}`,
                    });
                    values = [];
                }
            }
            out = out.flatMap((b) => values.map((v) => ({ ...b, [name]: v })));
        }
        return out;
    };
    const record = (template, id) => {
        const list = templates.get(template) ?? [];
        if (!list.includes(id))
            list.push(id);
        templates.set(template, list);
    };
    const expandItems = (items, vars, path, section) => items.map((item, i) => {
        const templated = Object.keys(vars).length > 0;
        // Items take their section's owner and due time unless they say otherwise.
        // Keys added only when there is a value: no `delete`, which turns an object into a slow
        // dictionary for everything that reads it later (thousands of items in a large import).
        const withDefaults = { ...item };
        if (item.owner === undefined && section.owner !== undefined)
            withDefaults.owner = section.owner;
        if (item.due === undefined && section.due !== undefined)
            withDefaults.due = section.due;
        const out = templated
            ? { ...fillDeep(withDefaults, vars), id: `${item.id}[${suffix(vars)}]` }
            : withDefaults;
        if (templated)
            record(item.id, out.id);
        origins.set(out, [...path, i]);
        return out;
    });
    const expandSection = (section, inherited, path) => {
        const list = combos(section.for_each, path);
        return list.map((own) => {
            const vars = { ...inherited, ...own };
            const templated = Object.keys(own).length > 0;
            const base = templated ? fillDeep({ ...section, items: [], sections: [] }, vars) : section;
            const out = {
                ...base,
                id: templated ? `${section.id}[${suffix(own)}]` : section.id,
                for_each: undefined,
                items: expandItems(section.items, vars, [...path, "items"], section),
                sections: section.sections.flatMap((s, i) => expandSection({ ...s, owner: s.owner ?? section.owner, due: s.due ?? section.due }, vars, [...path, "sections", i])),
            };
            if (!section.for_each)
                delete out.for_each;
            origins.set(out, path);
            return out;
        });
    };
    const sections = input.sections.flatMap((s, i) => expandSection(s, {}, ["sections", i]));
    const checks = input.checks.flatMap((check, i) => {
        const path = ["checks", i];
        if (!check.for_each) {
            origins.set(check, path);
            return [check];
        }
        return combos(check.for_each, path).map((vars) => {
            const { for_each: _unused, ...rest } = check;
            const out = { ...fillDeep(rest, vars), id: `${check.id}[${suffix(vars)}]` };
            record(check.id, out.id);
            origins.set(out, path);
            return out;
        });
    });
    return { runbook: { ...input, sections, checks }, origins, templates, problems };
}
/** Every item of the runbook, sections flattened in document order. */
export function allItems(runbook) {
    const out = [];
    const walk = (sections) => {
        for (const s of sections) {
            out.push(...s.items);
            walk(s.sections);
        }
    };
    walk(runbook.sections);
    return out;
}
/** Every section, flattened, with its parent chain. */
export function allSections(runbook) {
    const out = [];
    const walk = (sections, parents) => {
        for (const s of sections) {
            out.push({ section: s, parents });
            walk(s.sections, [...parents, s]);
        }
    };
    walk(runbook.sections, []);
    return out;
}
