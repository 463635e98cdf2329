// Minimal cookie parsing and serialising: two cookies (session and CSRF) need no plugin.
/** Cookies of a request header. */
export function parseCookies(header) {
    const out = new Map();
    if (!header)
        return out;
    for (const part of header.split(";")) {
        const eq = part.indexOf("=");
        if (eq < 0)
            continue;
        const name = part.slice(0, eq).trim();
        const value = part.slice(eq + 1).trim();
        if (!name || out.has(name))
            continue;
        try {
            out.set(name, decodeURIComponent(value));
        }
        catch {
            out.set(name, value);
        }
    }
    return out;
}
/** A Set-Cookie value; SameSite=Strict and Path=/ always. */
export function serializeCookie(name, value, opts) {
    const parts = [`${name}=${encodeURIComponent(value)}`, "Path=/", "SameSite=Strict", `Max-Age=${opts.maxAgeSeconds}`];
    if (opts.httpOnly)
        parts.push("HttpOnly");
    if (opts.secure)
        parts.push("Secure");
    return parts.join("; ");
}
