// What a check observes is stored, shown to every viewer and exported: it must never keep what
// would let a reader act as someone (a session cookie, a bearer token, a CSRF token, a password a
// target echoes). Such values are learnt as secrets (so every other place they appear, such as a
// condition's observed text or the raw body, is redacted too) and replaced where they stand.
/** Response or request headers that carry credentials. */
export const AUTH_HEADERS = new Set(["set-cookie", "cookie", "authorization", "proxy-authorization", "proxy-authenticate", "www-authenticate-info", "x-csrf-token", "x-api-key", "x-auth-token"]);
/** Field names that hold credentials in a JSON body (`csrf_token`, `sessionId`, `api-key`, ...). */
export const SENSITIVE_NAME = /token|passw|passwd|pwd|secret|session|cookie|csrf|xsrf|api[-_]?key|auth(?!or)|credential|private[-_]?key|signature/i;
/** The shortest value learnt as a secret: shorter ones would redact ordinary words. */
const MIN_LEARNT = 6;
function learn(redactor, value) {
    if (value.length >= MIN_LEARNT)
        redactor.add(value);
}
/** Learns the credentials in a header value: each cookie's value, a scheme's token, the whole. */
function learnHeader(name, value, redactor) {
    learn(redactor, value);
    if (name === "set-cookie" || name === "cookie") {
        for (const part of value.split(/[;,]\s*|\n/)) {
            const eq = part.indexOf("=");
            if (eq > 0)
                learn(redactor, part.slice(eq + 1).trim());
        }
    }
    else {
        const space = value.indexOf(" ");
        if (space > 0)
            learn(redactor, value.slice(space + 1).trim());
    }
}
function learnDeep(value, redactor, sensitive, depth) {
    if (depth > 32)
        return;
    if (typeof value === "string") {
        if (sensitive)
            learn(redactor, value);
    }
    else if (typeof value === "number") {
        if (sensitive)
            learn(redactor, String(value));
    }
    else if (Array.isArray(value)) {
        for (const v of value)
            learnDeep(v, redactor, sensitive, depth + 1);
    }
    else if (value !== null && typeof value === "object") {
        for (const k in value)
            learnDeep(value[k], redactor, sensitive || SENSITIVE_NAME.test(k), depth + 1);
    }
}
/**
 * Learns every credential in a check's observed values (headers named above, body fields named
 * like credentials, at any depth) as a secret of the run, so that redaction cuts them out of
 * everything recorded.
 */
export function learnAuthMaterial(values, redactor) {
    const headers = values.headers;
    if (headers !== null && typeof headers === "object") {
        for (const [name, v] of Object.entries(headers)) {
            if (typeof v === "string" && (AUTH_HEADERS.has(name.toLowerCase()) || SENSITIVE_NAME.test(name)))
                learnHeader(name.toLowerCase(), v, redactor);
        }
    }
    for (const key in values) {
        if (key === "headers")
            continue;
        learnDeep(values[key], redactor, SENSITIVE_NAME.test(key), 0);
    }
    // A body read as text only (not JSON) still shows `"token": "…"` or `token=…`: from each
    // credential-like name, the value that follows it. Only the first 256 KiB (results keep far
    // less of a text), each value at most 512 characters: a hostile body stays cheap.
    for (const key of ["text", "stdout", "stderr"]) {
        const full = values[key];
        if (typeof full !== "string" || full.length === 0)
            continue;
        const text = full.length > 262_144 ? full.slice(0, 262_144) : full;
        const names = new RegExp(SENSITIVE_NAME.source, "gi");
        const follow = /[A-Za-z0-9_.-]{0,32}["']?\s{0,8}[:=]\s{0,8}["']?([^\s"',;&}<]{1,512})/y;
        for (let m = names.exec(text); m !== null; m = names.exec(text)) {
            follow.lastIndex = names.lastIndex;
            const after = follow.exec(text);
            if (after?.[1] !== undefined)
                learn(redactor, after[1]);
        }
    }
}
