// What of the host a runbook's checks may see: environment variables (for `${env:NAME}` and a
// command's environment) only by name or prefix on an operator's allowlist, files only under one
// folder. A runbook is data an editor wrote: it must not borrow the server's own secrets.
import { realpath } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
/** The setting that lists what checks may read of the environment, as users know it. */
export const CHECK_ENV_SETTING = "--check-env (or GOLIVE_CHECK_ENV)";
/** The setting that names the folder checks may read files from. */
export const CHECK_FILES_SETTING = "--check-files (or GOLIVE_CHECK_FILES)";
/** golive's own settings and secrets (GOLIVE_ADMIN_PASSWORD, ...): never exposed to a check. */
export const RESERVED_PREFIX = "GOLIVE_";
const PATTERN = /^[A-Za-z_][A-Za-z0-9_]*\*?$/;
/**
 * Parses an allowlist: names (`SHOP_URL`) and prefixes (`PANCAKE_*`), separated by commas or
 * spaces. Throws a readable Error for anything else, and for a GOLIVE_ name or prefix (or a
 * prefix that would match one, such as `G*`).
 */
export function parseCheckEnv(text) {
    const out = [];
    for (const raw of text.split(/[\s,]+/)) {
        if (raw === "")
            continue;
        if (!PATTERN.test(raw))
            throw new Error(`${CHECK_ENV_SETTING}: '${raw}' is not a variable name or a NAME_* prefix`);
        const stem = raw.endsWith("*") ? raw.slice(0, -1) : raw;
        const reserved = raw.endsWith("*") ? RESERVED_PREFIX.startsWith(stem.toUpperCase()) || stem.toUpperCase().startsWith(RESERVED_PREFIX) : stem.toUpperCase().startsWith(RESERVED_PREFIX);
        if (reserved)
            throw new Error(`${CHECK_ENV_SETTING}: '${raw}' would expose golive's own ${RESERVED_PREFIX}* settings, which checks never see`);
        out.push(raw);
    }
    return out;
}
/** Whether a variable name is on the allowlist (never a GOLIVE_* one). */
export function isExposed(name, allow) {
    if (name.toUpperCase().startsWith(RESERVED_PREFIX))
        return false;
    return allow.some((p) => (p.endsWith("*") ? name.startsWith(p.slice(0, -1)) : name === p));
}
/** The variables of `source` that the allowlist exposes: what checks see, and nothing else. */
export function exposedEnv(source, allow) {
    const out = {};
    for (const [k, v] of Object.entries(source))
        if (v !== undefined && isExposed(k, allow))
            out[k] = v;
    return out;
}
/**
 * The CLI's `check` on a person's own machine: their shell's environment, less golive's own
 * GOLIVE_* settings. An allowlist narrows it.
 */
export function shellEnv(source, allow) {
    if (allow !== undefined)
        return exposedEnv(source, allow);
    const out = {};
    for (const [k, v] of Object.entries(source))
        if (v !== undefined && !k.toUpperCase().startsWith(RESERVED_PREFIX))
            out[k] = v;
    return out;
}
/** A path as a check may use it, or why not: relative paths are taken from the root. Lexical only. */
export function placeUnderRoot(path, root) {
    if (root === "any")
        return { ok: true, path: resolve(path) };
    if (root === null)
        return { ok: false, message: `checks may not read files on this server: its operator names a folder with ${CHECK_FILES_SETTING}` };
    const full = isAbsolute(path) ? resolve(path) : resolve(root, path);
    if (!inside(resolve(root), full))
        return { ok: false, message: `'${path}' is outside the folder checks may read (${CHECK_FILES_SETTING})` };
    return { ok: true, path: full };
}
function inside(root, full) {
    const rel = relative(root, full);
    return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}
/**
 * The real path of a file a check may read, or a ProbeError-ready message that says nothing about
 * the file when it is outside the root (no "not found" for paths an editor probes).
 */
export async function resolveUnderRoot(path, root) {
    const placed = placeUnderRoot(path, root);
    if (!placed.ok || root === "any" || root === null)
        return placed;
    let real;
    let realRoot;
    try {
        realRoot = await realpath(root);
        real = await realpath(placed.path);
    }
    catch {
        return { ok: false, message: `cannot read '${path}' under the folder checks may read` };
    }
    if (!inside(realRoot, real))
        return { ok: false, message: `'${path}' is outside the folder checks may read (${CHECK_FILES_SETTING})` };
    return { ok: true, path: real };
}
