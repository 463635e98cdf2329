import { expandRunbook } from "../../core/model/expand.js";
import { Runbook } from "../../core/model/runbook.js";
import { validateRunbook } from "../../core/model/validate.js";
// The last word before a runbook leaves the importer: it is checked with the very schema and
// validation the loader uses, and whatever still fails (a check of an unknown kind, a config or a
// condition that does not hold, a reference to something left out) is removed and reported. So an
// import always gives a runbook that loads as it is, and says what it had to leave out.
/** Keys whose value may go without the object that holds them becoming invalid. */
const REQUIRED = new Set(["id", "title", "kind", "role", "action", "issue", "severity", "rollback", "approvers", "at", "start", "by", "golive", "meta", "name", "value", "targets", "grantors", "max_duration"]);
const MAX_ROUNDS = 20;
/** Removes what does not validate from `data`, in place; returns a line per removal. */
export function settle(data, kinds) {
    const removed = [];
    for (let round = 0; round < MAX_ROUNDS; round++) {
        const problems = problemsOf(data, kinds);
        if (!problems.length)
            return removed;
        // Every problem of the round at once, later list positions first so that earlier indexes stay
        // valid; removing a check leaves references to it for the next round.
        const ordered = [...problems].sort((a, b) => comparePaths(b.path, a.path));
        let done = 0;
        for (const p of ordered) {
            const what = remove(data, p.path);
            if (what) {
                removed.push(`${what}: ${p.message}`);
                done++;
            }
        }
        if (!done)
            throw new Error(`cannot repair imported runbook at ${ordered[0]?.path.join(".") ?? "?"}: ${ordered[0]?.message ?? "?"}`);
    }
    throw new Error("imported runbook did not settle");
}
function comparePaths(a, b) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
        const x = a[i];
        const y = b[i];
        if (x === y)
            continue;
        if (typeof x === "number" && typeof y === "number")
            return x - y;
        return String(x).localeCompare(String(y));
    }
    return a.length - b.length;
}
function problemsOf(data, kinds) {
    const parsed = Runbook.safeParse(data);
    if (!parsed.success)
        return parsed.error.issues.map((i) => ({ path: i.path.map((k) => (typeof k === "symbol" ? String(k) : k)), message: i.message }));
    return validateRunbook(expandRunbook(parsed.data), kinds).problems;
}
/** Removes the optional field at `path`, or the list element that holds it; describes what went. */
function remove(data, path) {
    const nodes = [data];
    for (const k of path) {
        const cur = nodes[nodes.length - 1];
        if (cur === null || typeof cur !== "object" || !(k in cur))
            break;
        nodes.push(cur[k]);
    }
    const depth = nodes.length - 1;
    const leaf = path[depth - 1];
    const parent = nodes[depth - 1];
    if (typeof leaf === "string" && parent && !Array.isArray(parent) && !REQUIRED.has(leaf) && depth > 1) {
        delete parent[leaf];
        return path.slice(0, depth).join(".");
    }
    for (let i = depth - 1; i >= 0; i--) {
        const k = path[i];
        const holder = nodes[i];
        if (typeof k === "number" && Array.isArray(holder)) {
            holder.splice(k, 1);
            return path.slice(0, i + 1).join(".");
        }
    }
    return undefined;
}
