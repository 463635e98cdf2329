import { durationIn, isId, slug } from "./text.js";
import { HEADING_WORDS, normalizeWord } from "./vocabulary.js";
/** A template's blank for a name ("[TODO]", "[Name]", "<owner>", "TBD", "____"): it names nobody. */
const PLACEHOLDER = /^(?:\[\s*(?:todo|tbd|tba|name|names|nome|nombre|nom|owner|who|person|pic|tên|nama|\.\.\.|…)?\s*\]|<[^>]*>|todo|tbd|tba|_{2,}|\?+|\.{3}|…)$/iu;
/** The default role for what a document asks a person to attest without naming who. */
export const DEFAULT_ROLE = { id: "release-manager", title: "Release manager" };
export class Draft {
    rb = {
        golive: 1,
        meta: { id: "imported", title: "Imported runbook" },
        roles: [], contacts: [], sections: [], checks: [], gates: [], waves: [], steps: [], signoffs: [], procedures: [],
    };
    unplaced = [];
    located = [];
    counts = new Map();
    stack = [];
    ids = new Map();
    /** The next number to try for a kind's base id that is taken. */
    suffixes = new Map();
    roleIds = new Map();
    titled = false;
    /** The document ticks its tasks with checkboxes: its plain bullets are notes, not tasks. */
    boxes = false;
    /** A checklist the document says repeats per value (see repeat.ts). */
    repeat;
    count(kind, n = 1) {
        this.counts.set(kind, (this.counts.get(kind) ?? 0) + n);
    }
    skip(line, block, reason, text) {
        this.unplaced.push({ line, block, reason, text: text.length > 120 ? `${text.slice(0, 117)}...` : text });
    }
    /** Records that the row at `line` became `id` (shown in the report, so a reader can go back to it). */
    locate(line, what, id) {
        this.located.push({ line, what, id });
    }
    /** A unique id of `kind`: `wanted` when valid and free, else `fallback` numbered until free. */
    id(kind, wanted, fallback) {
        let used = this.ids.get(kind);
        if (!used)
            this.ids.set(kind, (used = new Set()));
        let id = wanted && isId(wanted) && !used.has(wanted) ? wanted : undefined;
        if (!id) {
            const base = isId(fallback) ? fallback : `x-${fallback.replace(/[^\p{L}\p{N}_.-]/gu, "") || "1"}`;
            id = base;
            if (used.has(id)) {
                // Ids are never freed, so numbering goes on from the last number this base got: a
                // document made of many copies asks for the same base thousands of times.
                const key = `${kind}\u0000${base}`;
                let n = this.suffixes.get(key) ?? 2;
                while (used.has((id = `${base}-${n}`)))
                    n++;
                this.suffixes.set(key, n + 1);
            }
        }
        used.add(id);
        return id;
    }
    has(kind, id) {
        return this.ids.get(kind)?.has(id) ?? false;
    }
    /** The role for a name as written ("Tech Lead" -> tech-lead), declared on first mention. */
    role(name) {
        const title = name.replace(/[*_`]/g, "").trim();
        if (!title || PLACEHOLDER.test(title))
            return undefined;
        if (this.has("role", title))
            return title;
        const wanted = isId(title) && title.length <= 24 && !/\s/.test(title) ? title.toLowerCase() : slug(title, 32);
        if (!wanted)
            return undefined;
        const known = this.roleIds.get(wanted);
        if (known)
            return known;
        const id = this.id("role", wanted, "role");
        this.roleIds.set(wanted, id);
        this.rb.roles.push(title === id ? { id } : { id, title });
        return id;
    }
    /** Roles named in an owner cell: "BE + DevOps", "Tech Lead, DBA". */
    roles(cell) {
        const out = [];
        for (const part of cell.split(/\s*(?:\+|,|;|&|\band\b|\bvà\b|\bdan\b|\bund\b|\bet\b)\s*/i)) {
            const r = this.role(part);
            if (r && !out.includes(r))
                out.push(r);
        }
        return out;
    }
    defaultRole() {
        if (!this.has("role", DEFAULT_ROLE.id)) {
            this.id("role", DEFAULT_ROLE.id, DEFAULT_ROLE.id);
            this.rb.roles.push({ ...DEFAULT_ROLE });
        }
        return DEFAULT_ROLE.id;
    }
    /** The nearest frame (innermost first) that satisfies `pick`. */
    find(pick) {
        for (let i = this.stack.length - 1; i >= 0; i--) {
            const v = pick(this.stack[i]);
            if (v !== undefined)
                return v;
        }
        return undefined;
    }
    top() {
        return this.stack[this.stack.length - 1];
    }
    /** The checklist section of the innermost heading, created with its ancestors' on first use. */
    section() {
        const frames = this.stack.filter((f) => !f.title);
        if (!frames.length) {
            const first = this.rb.sections.find((s) => s.id === "checklist");
            if (first)
                return first;
            return this.addSection(undefined, "Checklist");
        }
        let parent;
        for (const f of frames) {
            if (!f.section)
                f.section = this.addSection(parent, f.text);
            parent = f.section;
        }
        return parent;
    }
    addSection(parent, title) {
        const { id, text } = splitId(title);
        const s = { id: this.id("section", id, slug(text, 32) || "section"), title: text || "Section", items: [], sections: [] };
        const due = /\b(within|trong vòng|trong|dalam|innerhalb)\b/i.test(text) ? durationIn(text) : undefined;
        if (due)
            s.due = `+${due}`;
        (parent ? parent.sections : this.rb.sections).push(s);
        this.count("sections");
        return s;
    }
    /** Every section, depth first. */
    *allSections(list = this.rb.sections) {
        for (const s of list) {
            yield s;
            yield* this.allSections(s.sections);
        }
    }
    /** Builds the checklist item list for an entry in `section`. */
    itemId(section, wanted) {
        return this.id("item", wanted, `${section.id}-${section.items.length + 1}`);
    }
    rollback() {
        this.rb.rollback ??= { tiers: [], triggers: [], decision_matrix: [], procedure: [], notes: [] };
        return this.rb.rollback;
    }
    timeline() {
        this.rb.timeline ??= { phases: [] };
        return this.rb.timeline;
    }
    incidents() {
        this.rb.incidents ??= { severities: [], immediate_actions: [] };
        return this.rb.incidents;
    }
    /** The severity `id`, declared (titled by its id) when the document uses it before defining it. */
    severity(id, title) {
        const inc = this.incidents();
        const found = inc.severities.find((s) => s.id === id);
        if (found) {
            if (title && found.title === found.id)
                found.title = title;
            return found;
        }
        const s = { id: this.id("severity", id, "SEV"), title: title ?? id };
        inc.severities.push(s);
        this.count("severities");
        return s;
    }
    monitoring() {
        this.rb.monitoring ??= { windows: [], alerts: [] };
        return this.rb.monitoring;
    }
}
/** A heading or cell text, its explicit `{#id}` and attributes (`{#id check=c owner=a,b cmd=`x y`}`). */
export function splitId(text) {
    const m = /^(.*?)\s*\{#([^}\s]+)((?:\s+[a-z_]+=(?:`[^`]*`|[^\s}`]+))*)\s*\}\s*$/s.exec(text);
    if (!m || !isId(m[2] ?? ""))
        return { text: text.trim() };
    const out = { text: (m[1] ?? "").trim(), id: m[2] ?? "" };
    if (m[3]) {
        const attrs = {};
        for (const a of m[3].matchAll(/([a-z_]+)=(?:`([^`]*)`|([^\s}`]+))/g))
            attrs[a[1] ?? ""] = a[2] ?? a[3] ?? "";
        out.attrs = attrs;
    }
    return out;
}
/** What a heading announces, from its words. */
export function headingKind(text) {
    const n = normalizeWord(text);
    for (const [kind, words] of HEADING_WORDS)
        if (words.some((w) => n.includes(w)))
            return kind;
    return undefined;
}
