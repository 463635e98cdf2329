import { createHmac, timingSafeEqual } from "node:crypto";
/** The header that carries the signature: `t=UNIX_SECONDS,v1=HEX`. */
export const SIGNATURE_HEADER = "x-golive-signature";
/** HMAC-SHA256 over `${t}.${body}`: the timestamp is signed too, so a captured delivery cannot be replayed later with a new one. */
export function signature(secret, tSeconds, body) {
    return `t=${tSeconds},v1=${createHmac("sha256", secret).update(`${tSeconds}.${body}`).digest("hex")}`;
}
/**
 * Checks a signature header as a receiver would: right secret, body unchanged, timestamp within
 * `toleranceS` of `nowS`. Receivers in other languages do the same three steps (docs/notifications.md).
 */
export function verifySignature(secret, header, body, nowS, toleranceS = 300) {
    const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? "");
    if (!m)
        return false;
    const t = Number(m[1]);
    if (Math.abs(nowS - t) > toleranceS)
        return false;
    const want = Buffer.from(signature(secret, t, body).slice(`t=${t},v1=`.length), "hex");
    return timingSafeEqual(want, Buffer.from(m[2] ?? "", "hex"));
}
