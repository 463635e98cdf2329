// `${env:NAME}` references in check configs: resolved just before probing, and every resolved
// value is remembered so it can be cut out of anything golive prints or records.
import { CHECK_ENV_SETTING } from "./check-env.js";
const REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;
/** What a redacted secret is replaced with. */
export const REDACTED = "***";
/** Remembers secret values and replaces them with `***` in texts and JSON-like values. */
export class Redactor {
    secrets = new Set();
    pattern;
    /**
     * Adds a secret and the forms it takes when a target echoes it encoded: URL and JSON escaping,
     * base64 and base64url (at each of the three alignments it can take inside a longer encoded
     * text, such as `Basic base64(user:secret)`), hex; matching ignores case.
     */
    add(secret) {
        if (secret.length === 0)
            return;
        let changed = false;
        for (const f of encodedForms(secret)) {
            if (f.length > 0 && !this.secrets.has(f)) {
                this.secrets.add(f);
                changed = true;
            }
        }
        if (changed)
            this.pattern = undefined;
    }
    /** Whether any secret has been seen. */
    get empty() {
        return this.secrets.size === 0;
    }
    /** The text with every known secret replaced by `***`. */
    redact(text) {
        if (this.secrets.size === 0 || text.length === 0)
            return text;
        this.pattern ??= new RegExp(
        // Longest first, so a secret that contains another is cut out whole.
        [...this.secrets].sort((a, b) => b.length - a.length).map(escapeRegExp).join("|"), "gi");
        return text.replace(this.pattern, REDACTED);
    }
    /** A copy of a JSON-like value with secrets redacted in every string (keys included). */
    redactDeep(value) {
        if (this.secrets.size === 0)
            return value;
        return this.walk(value, 0);
    }
    walk(value, depth) {
        if (typeof value === "string")
            return this.redact(value);
        if (depth > 64 || value === null || typeof value !== "object")
            return value;
        if (Array.isArray(value))
            return value.map((v) => this.walk(v, depth + 1));
        const out = {};
        for (const [k, v] of Object.entries(value))
            out[this.redact(k)] = this.walk(v, depth + 1);
        return out;
    }
}
/** Encoded forms shorter than this are not matched on their own (they would cut ordinary text). */
const MIN_ENCODED = 6;
/** The text forms a secret takes once encoded (the secret itself first). */
export function encodedForms(secret) {
    const bytes = Buffer.from(secret, "utf8");
    const forms = new Set([secret, encodeURIComponent(secret), encodeURI(secret), JSON.stringify(secret).slice(1, -1), bytes.toString("hex")]);
    forms.add(encodeURIComponent(secret).replace(/%20/g, "+"));
    for (let shift = 0; shift < 3; shift++) {
        const padded = Buffer.concat([Buffer.alloc(shift), bytes]);
        const b64 = padded.toString("base64");
        // Characters that depend on the secret's bytes only: skip those mixed with what precedes
        // (the shift) and the last group when it is partial (mixed with what follows).
        const start = Math.ceil((shift * 4) / 3);
        const end = Math.floor(padded.length / 3) * 4;
        if (shift === 0)
            forms.add(b64).add(b64.replace(/=+$/, ""));
        const core = b64.slice(start, end);
        if (core.length >= MIN_ENCODED)
            forms.add(core);
    }
    for (const f of [...forms])
        if (/[+/]/.test(f) && f !== secret)
            forms.add(f.replace(/\+/g, "-").replace(/\//g, "_"));
    return [...forms].filter((f) => f === secret || f.length >= MIN_ENCODED);
}
function escapeRegExp(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
/** A `${env:NAME}` that names no variable exposed to checks. */
export class MissingSecretError extends Error {
    variables;
    name = "MissingSecretError";
    constructor(variables, setting = CHECK_ENV_SETTING) {
        super(`environment variable ${variables.map((v) => `'${v}'`).join(", ")} is not exposed to checks or not set (referenced as \${env:${variables[0] ?? ""}}; checks see only the variables named in ${setting})`);
        this.variables = variables;
    }
}
/** The names a config references with `${env:NAME}`, in order, without duplicates. */
export function secretNames(value) {
    const names = new Set();
    collectNames(value, names);
    return [...names];
}
// A plain function: planning calls this for every check of a runbook.
function collectNames(v, names) {
    if (typeof v === "string") {
        if (v.includes("${env:"))
            for (const m of v.matchAll(REF))
                names.add(m[1] ?? "");
    }
    else if (Array.isArray(v))
        for (const x of v)
            collectNames(x, names);
    else if (v !== null && typeof v === "object")
        for (const k in v)
            collectNames(v[k], names);
}
/**
 * Replaces `${env:NAME}` in every string of a config with the variable's value, and hands each
 * value to the redactor. `env` is what checks are allowed to see (an allowlist applied already),
 * never a process's whole environment. Throws MissingSecretError naming (never showing) what is
 * missing, and `setting`, where the operator exposes variables.
 */
export function resolveSecrets(config, env, redactor, setting) {
    const missing = [];
    const out = substitute(config, env, redactor, missing);
    if (missing.length > 0)
        throw new MissingSecretError(missing, setting);
    return out;
}
// Copy-on-write: a config without references (most of them) is returned as it is. A plain
// function, not a closure: it runs for every check of every run.
function substitute(v, env, redactor, missing) {
    if (typeof v === "string") {
        if (!v.includes("${env:"))
            return v;
        return v.replace(REF, (_whole, name) => {
            const value = Object.hasOwn(env, name) ? env[name] : undefined;
            if (value === undefined) {
                if (!missing.includes(name))
                    missing.push(name);
                return "";
            }
            redactor.add(value);
            return value;
        });
    }
    if (Array.isArray(v)) {
        let out;
        for (let i = 0; i < v.length; i++) {
            const x = v[i];
            const y = substitute(x, env, redactor, missing);
            if (y !== x)
                (out ??= v.slice())[i] = y;
        }
        return out ?? v;
    }
    if (v !== null && typeof v === "object") {
        let out;
        for (const k in v) {
            const x = v[k];
            const y = substitute(x, env, redactor, missing);
            if (y !== x)
                (out ??= { ...v })[k] = y;
        }
        return out ?? v;
    }
    return v;
}
