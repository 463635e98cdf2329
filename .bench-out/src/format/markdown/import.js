import { stringify } from "yaml";
import { readYamlData } from "../yaml-bounded.js";
import { toBlocks } from "./blocks.js";
import { build } from "./build.js";
import { MAX_NESTING } from "./parser.js";
import { Draft } from "./draft.js";
import { repairMojibake } from "./mojibake.js";
import { repairMarkdown } from "./repair.js";
import { settle } from "./settle.js";
import { linkHypercare } from "./build-hypercare.js";
import { titleId } from "./text.js";
/**
 * Turns a Markdown go-live document into a runbook that validates against `kinds` (the check
 * kinds the loader will use). Never throws on any input text.
 */
export function importMarkdown(source, kinds) {
    const moji = repairMojibake(source.replace(/^\uFEFF/, ""));
    const front = frontMatter(moji.text);
    const repaired = repairMarkdown(front.text);
    const d = new Draft();
    const tooDeep = (line, text) => d.skip(line, "text", `nested deeper than ${MAX_NESTING / 2} list levels or ${MAX_NESTING} quotes: not read from here to the end of its container`, text.trim());
    build(d, toBlocks(repaired.text, repaired.lines, tooDeep));
    // The front matter names the document when no top heading did.
    if (front.title && !d.titled) {
        d.rb.meta.title = front.title;
        d.rb.meta.id = titleId(front.title) || "imported";
        d.count("meta");
    }
    linkHypercare(d.rb);
    const dropped = resolveRefs(d.rb);
    const runbook = finish(d.rb);
    let error;
    try {
        dropped.push(...settle(runbook, kinds));
    }
    catch (e) {
        error = e instanceof Error ? e.message : String(e);
    }
    const counts = {};
    for (const [k, v] of [...d.counts.entries()].sort(([a], [b]) => a.localeCompare(b)))
        counts[k] = v;
    counts.roles = d.rb.roles.length;
    const report = { counts, unplaced: d.unplaced.sort((a, b) => a.line - b.line), located: d.located, chrome: repaired.chrome, repairs: repaired.repairs, dropped };
    if (moji.encoding)
        report.mojibake = { encoding: moji.encoding, lines: moji.lines };
    const recognised = Object.entries(counts).some(([k, v]) => k !== "roles" && k !== "meta" && !k.startsWith("status:") && v > 0);
    return error ? { runbook, report, recognised: false, error } : { runbook, report, recognised };
}
/**
 * A leading YAML front matter block (`---` … `---`): its title (or name), and the text with the
 * block's lines left blank so that every later line keeps its number.
 */
function frontMatter(text) {
    const m = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
    if (!m)
        return { text };
    let title;
    const data = readYamlData(m[1] ?? "");
    // Not YAML after all (or hostile YAML): the lines are read as Markdown.
    if (data === undefined)
        return { text };
    if (data && typeof data === "object") {
        const { title: t, name } = data;
        const pick = [t, name].find((v) => typeof v === "string" && v.trim() !== "");
        if (pick)
            title = pick.trim();
    }
    const blank = "\n".repeat(m[0].split("\n").length - 1);
    const out = { text: blank + text.slice(m[0].length) };
    if (title)
        out.title = title;
    return out;
}
/** The runbook as YAML or JSON text. */
export function runbookText(runbook, format) {
    return format === "json" ? `${JSON.stringify(runbook, null, 2)}\n` : stringify(runbook, { lineWidth: 0, aliasDuplicateObjects: false });
}
/** The report as lines people read. */
export function reportText(r) {
    const out = ["recognised:"];
    for (const [k, v] of Object.entries(r.counts))
        out.push(`  ${k}: ${v}`);
    if (r.mojibake)
        out.push(`repaired mis-decoded text (${r.mojibake.encoding}) in ${r.mojibake.lines} line(s)`);
    if (r.chrome.length)
        out.push(`dropped page chrome: line(s) ${r.chrome.join(", ")}`);
    if (r.repairs)
        out.push(`repaired flattened Markdown: ${r.repairs} change(s)`);
    for (const x of r.dropped)
        out.push(`left out reference: ${x}`);
    for (const x of r.located)
        out.push(`line ${x.line}: ${x.what} -> item ${x.id}`);
    out.push(`not placed: ${r.unplaced.length} block(s)`);
    for (const u of r.unplaced)
        out.push(`  line ${u.line}: ${u.block}: ${u.reason}: ${u.text.replace(/\s+/g, " ")}`);
    return `${out.join("\n")}\n`;
}
/** Every id a requires list may name, then each written reference sorted into its kind or dropped. */
function resolveRefs(rb) {
    const dropped = [];
    const kinds = [
        ["gates", new Set(rb.gates.map((g) => g.id))],
        ["waves", new Set(rb.waves.map((w) => w.id))],
        ["criteria", new Set(rb.waves.flatMap((w) => w.exit.map((c) => c.id)))],
        ["checks", new Set(rb.checks.map((c) => c.id))],
        ["items", new Set(allSections(rb.sections).flatMap((s) => s.items.map((i) => i.id)))],
        ["signoffs", new Set(rb.signoffs.map((s) => s.id))],
    ];
    const resolve = (req, self, selfKind, where) => {
        if (!req)
            return undefined;
        const out = {};
        const add = (kind, t) => {
            const list = (out[kind] ??= []);
            if (!list.includes(t))
                list.push(t);
        };
        for (const [kind, ids] of kinds) {
            for (const t of req[kind] ?? []) {
                if (ids.has(t) && !(kind === selfKind && t === self))
                    add(kind, t);
                else
                    dropped.push(`${where} -> ${kind} ${t}`);
            }
        }
        for (const t of req.any ?? []) {
            const hit = kinds.find(([kind, ids]) => ids.has(t) && !(kind === selfKind && t === self));
            if (hit)
                add(hit[0], t);
            else if (/^[A-Z]+-?\d+[a-z]?$/.test(t))
                dropped.push(`${where} -> ${t}`);
        }
        return Object.keys(out).length ? out : undefined;
    };
    for (const g of rb.gates) {
        const r = resolve(g.requires, g.id, "gates", `gate ${g.id}`);
        if (r)
            g.requires = r;
        else
            delete g.requires;
    }
    for (const s of rb.signoffs) {
        const r = resolve(s.requires, s.id, "signoffs", `sign-off ${s.id}`);
        if (r)
            s.requires = r;
        else
            delete s.requires;
    }
    for (const w of rb.waves) {
        const r = resolve(w.requires, w.id, "waves", `wave ${w.id}`);
        if (r)
            w.requires = r;
        else
            delete w.requires;
    }
    for (const p of rb.timeline?.phases ?? []) {
        const cp = p.checkpoint;
        if (!cp)
            continue;
        const r = resolve(cp.requires, cp.id, undefined, `checkpoint ${cp.id}`);
        if (r)
            cp.requires = r;
        else
            delete cp.requires;
    }
    const checks = new Set(rb.checks.map((c) => c.id));
    for (const w of rb.waves) {
        for (const c of w.exit) {
            if (c.check && !checks.has(c.check)) {
                dropped.push(`criterion ${c.id} -> check ${c.check}`);
                delete c.check;
            }
        }
    }
    for (const s of allSections(rb.sections))
        for (const i of s.items)
            if (i.check && !checks.has(i.check))
                delete i.check;
    return dropped;
}
function allSections(list) {
    return list.flatMap((s) => [s, ...allSections(s.sections)]);
}
/** Drops empty lists and parts, so that the YAML holds only what the document said. */
function finish(rb) {
    const clean = (v) => {
        if (Array.isArray(v))
            return v.map(clean);
        if (v && typeof v === "object") {
            const out = {};
            for (const [k, x] of Object.entries(v)) {
                if (x === undefined)
                    continue;
                // A step's `after: []` says it waits for nothing (not even the step before): kept.
                if (Array.isArray(x) && x.length === 0 && k !== "after")
                    continue;
                const c = clean(x);
                if (c && typeof c === "object" && !Array.isArray(c) && Object.keys(c).length === 0)
                    continue;
                out[k] = c;
            }
            return out;
        }
        return v;
    };
    const out = clean(rb);
    const order = ["golive", "meta", "vars", "roles", "contacts", "sections", "checks", "gates", "waves", "steps", "timeline", "rollback", "signoffs", "monitoring", "incidents", "hypercare", "notify", "procedures"];
    const sorted = {};
    for (const k of order)
        if (k in out)
            sorted[k] = out[k];
    for (const k of Object.keys(out))
        if (!(k in sorted))
            sorted[k] = out[k];
    return sorted;
}
