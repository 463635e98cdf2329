import { formatMs } from "../deadline.js";
/** `host:port` of a connection URL, for messages: never the user's password. */
export function targetOf(url) {
    try {
        const u = new URL(url);
        return `${u.hostname || "localhost"}:${u.port || "5432"}`;
    }
    catch {
        return "the database";
    }
}
/** A readable cause for a pg failure: connection, authentication, timeout or the SQL error itself. */
export function describePgError(err, where) {
    return scrub(cause(err, where), where.url);
}
function cause(err, { target, timeoutMs }) {
    const e = err;
    const message = e.message ?? String(err);
    switch (e.code) {
        case "ECONNREFUSED":
            return `connection refused (${target})`;
        case "ENOTFOUND":
        case "EAI_AGAIN":
            return `host not found (${target})`;
        case "ECONNRESET":
            return `connection reset by ${target}`;
        case "57014":
            return `statement timeout after ${formatMs(timeoutMs)}`;
        case "55P03":
            return `lock timeout after ${formatMs(timeoutMs)}`;
        case "25006":
            return `the query tried to write; checks run read-only (${message})`;
        case "28P01":
        case "28000":
            return `authentication failed at ${target}: ${message}`;
        case "3D000":
            return `${message} (${target})`;
    }
    if (/connection timeout/i.test(message))
        return `timeout after ${formatMs(timeoutMs)} connecting to ${target}`;
    if (/client password must be a string/i.test(message))
        return `the server at ${target} asks for a password and the URL has none`;
    if (/Connection terminated/i.test(message))
        return `connection to ${target} closed unexpectedly`;
    if (e.severity !== undefined)
        return `SQL error: ${message}`;
    return `cannot query ${target}: ${message}`;
}
function scrub(text, url) {
    let out = text.split(url).join("***");
    try {
        const password = decodeURIComponent(new URL(url).password);
        if (password.length > 0)
            out = out.split(password).join("***");
    }
    catch {
        // Not a URL: nothing more to scrub.
    }
    return out;
}
