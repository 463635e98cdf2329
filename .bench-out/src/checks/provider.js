/** A failure to observe: connection refused, timeout after 5s, TLS: certificate expired 3 days ago. */
export class ProbeError extends Error {
    name = "ProbeError";
}
