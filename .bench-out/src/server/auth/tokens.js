import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
// API tokens and session ids: random secrets shown once, stored as SHA-256 hashes.
/** SHA-256 hex of a secret. */
export function secretHash(secret) {
    return createHash("sha256").update(secret).digest("hex");
}
/** Compares two hex hashes in constant time. */
export function sameHash(a, b) {
    const x = Buffer.from(a, "hex");
    const y = Buffer.from(b, "hex");
    return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
export const randomSecret = (bytes = 32) => randomBytes(bytes).toString("base64url");
/** A new API token: `glv_<id>_<secret>`; only the id and the secret's hash are stored. */
export function newApiToken() {
    const id = randomBytes(6).toString("hex");
    const secret = randomSecret();
    return { id, secret, token: `glv_${id}_${secret}` };
}
/** Splits a presented token; undefined when it has not the shape of one. */
export function parseApiToken(token) {
    const m = /^glv_([0-9a-f]{12})_([A-Za-z0-9_-]{20,100})$/.exec(token);
    return m?.[1] && m[2] ? { id: m[1], secret: m[2] } : undefined;
}
