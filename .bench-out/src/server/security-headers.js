/** The headers every response carries (seed 001's Network & Transport list). */
export function securityHeaders(secure) {
    const h = {
        "content-security-policy": "default-src 'self'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'; object-src 'none'",
        "x-frame-options": "DENY",
        "x-content-type-options": "nosniff",
        "referrer-policy": "strict-origin-when-cross-origin",
        "cross-origin-opener-policy": "same-origin",
        "cross-origin-resource-policy": "same-origin",
    };
    if (secure)
        h["strict-transport-security"] = "max-age=31536000; includeSubDomains";
    return h;
}
/**
 * Adds the security headers to every response, errors and 404s included. CORS stays closed:
 * no Access-Control-Allow-* header is ever sent, and preflights get 404 like any unknown route.
 */
export function installSecurityHeaders(app, secure) {
    const headers = securityHeaders(secure);
    app.addHook("onRequest", async (_req, reply) => {
        reply.headers(headers);
    });
}
