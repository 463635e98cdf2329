import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
// Passwords are hashed with scrypt (node:crypto); the parameters travel with the hash so they can
// be raised later without invalidating stored ones.
// N=2^17, r=8, p=1: OWASP's minimum for scrypt (128 MiB per hash).
const PARAMS = { N: 131_072, r: 8, p: 1 };
const KEYLEN = 64;
function derive(password, salt, opts) {
    return new Promise((resolve, reject) => {
        scrypt(password.normalize("NFKC"), salt, KEYLEN, { ...opts, maxmem: 256 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
    });
}
/** `scrypt$N$r$p$salt$hash` (base64url parts). */
export async function hashPassword(password) {
    const salt = randomBytes(16);
    const key = await derive(password, salt, PARAMS);
    return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}
/** Whether `password` matches a hash from hashPassword (constant-time comparison). */
export async function verifyPassword(password, stored) {
    const [alg, n, r, p, salt, hash] = stored.split("$");
    if (alg !== "scrypt" || !n || !r || !p || !salt || !hash)
        return false;
    const expected = Buffer.from(hash, "base64url");
    const key = await derive(password, Buffer.from(salt, "base64url"), { N: Number(n), r: Number(r), p: Number(p) });
    return key.length === expected.length && timingSafeEqual(key, expected);
}
/** Whether a stored hash was made with weaker parameters than today's (upgraded at the next login). */
export function needsRehash(stored) {
    const [alg, n, r, p] = stored.split("$");
    return alg !== "scrypt" || Number(n) < PARAMS.N || Number(r) < PARAMS.r || Number(p) < PARAMS.p;
}
/** A hash that no password matches, to spend the same time on unknown users. */
export const DUMMY_HASH = `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${Buffer.alloc(16).toString("base64url")}$${Buffer.alloc(KEYLEN).toString("base64url")}`;
