/** A readable cause for an undici failure, naming host:port but never credentials or the query. */
export function describeFetchError(err, deadline, url) {
    if (deadline.signal.aborted)
        return deadline.reason();
    const where = url.host;
    const e = err;
    const code = e.code ?? e.cause?.code;
    switch (code) {
        case "ECONNREFUSED":
            return `connection refused (${where})`;
        case "ENOTFOUND":
            return `host not found (${url.hostname})`;
        case "ECONNRESET":
        case "UND_ERR_SOCKET":
            return `connection reset by ${where}`;
        case "UND_ERR_HEADERS_TIMEOUT":
        case "UND_ERR_BODY_TIMEOUT":
            return `no answer from ${where}`;
        default:
            return `cannot reach Prometheus at ${where}: ${e.cause?.message ?? e.message ?? String(err)}`;
    }
}
