// Readable causes for the errors Node and undici throw, shared by the network providers
// (a helper, not a provider: providers still never import each other).
import { ProbeError } from "./provider.js";
const TLS_CAUSES = {
    CERT_HAS_EXPIRED: "TLS: certificate expired",
    CERT_NOT_YET_VALID: "TLS: certificate not yet valid",
    DEPTH_ZERO_SELF_SIGNED_CERT: "TLS: self-signed certificate",
    SELF_SIGNED_CERT_IN_CHAIN: "TLS: self-signed certificate in the chain",
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS: certificate chain not trusted (unable to verify the first certificate)",
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "TLS: certificate chain not trusted (unknown issuer)",
    UNABLE_TO_GET_ISSUER_CERT: "TLS: certificate chain not trusted (unknown issuer)",
    ERR_TLS_CERT_ALTNAME_INVALID: "TLS: certificate does not match the host name",
    CERT_REVOKED: "TLS: certificate revoked",
    ERR_SSL_WRONG_VERSION_NUMBER: "TLS: the server did not answer with TLS",
};
const NET_CAUSES = {
    ECONNREFUSED: "connection refused",
    ECONNRESET: "connection reset by the server",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    EPIPE: "connection closed by the server",
    ETIMEDOUT: "connection timed out",
    EAI_AGAIN: "DNS lookup failed (temporary failure)",
    UND_ERR_SOCKET: "connection closed by the server",
    UND_ERR_CONNECT_TIMEOUT: "connect timeout",
    UND_ERR_HEADERS_TIMEOUT: "no response headers in time",
    UND_ERR_BODY_TIMEOUT: "response body stalled",
    UND_ERR_HEADERS_OVERFLOW: "response headers too large",
    HPE_INVALID_CONSTANT: "not an HTTP response",
    HPE_INVALID_STATUS: "invalid HTTP status line",
};
/** The innermost error that has a code (undici and AggregateError wrap the real one). */
function coded(e, depth = 0) {
    if (depth > 5 || e === null || typeof e !== "object")
        return undefined;
    const err = e;
    const inner = coded(err.cause, depth + 1) ?? (Array.isArray(err.errors) ? coded(err.errors[0], depth + 1) : undefined);
    if (inner)
        return inner;
    return typeof err.code === "string" ? err : undefined;
}
/** A short readable cause for a network error: `connection refused (127.0.0.1:9)`, `TLS: self-signed certificate`. */
export function describeNetError(e, target) {
    const err = coded(e);
    const code = typeof err?.code === "string" ? err.code : undefined;
    const where = target ? ` (${target})` : "";
    if (code && TLS_CAUSES[code])
        return TLS_CAUSES[code] + where;
    if (code === "ENOTFOUND")
        return `DNS: host not found${typeof err?.hostname === "string" ? ` '${err.hostname}'` : where}`;
    if (code && NET_CAUSES[code])
        return NET_CAUSES[code] + where;
    const message = typeof err?.message === "string" ? err.message : e instanceof Error ? e.message : String(e);
    return `${message}${code ? ` [${code}]` : ""}${where}`;
}
/** Whether an error is a TLS verification failure (so `insecure: true` is the suggestion). */
export function isTlsError(e) {
    const code = coded(e)?.code;
    return typeof code === "string" && code in TLS_CAUSES;
}
/** Port number from config (a `${env:…}` port arrives as a string of digits). */
export function portOf(port) {
    const n = typeof port === "number" ? port : Number(port);
    if (!Number.isInteger(n) || n < 1 || n > 65535)
        throw new ProbeError(`invalid port '${String(port)}'`);
    return n;
}
