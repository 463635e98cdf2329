/**
 * Resolved callers, kept for a few seconds so a busy dashboard does not read its session and
 * account on every request. Dropped at once on this instance when a token is revoked, an
 * account changes or a session ends, and on other instances when the change feed reports it.
 */
export class PrincipalCache {
    ttlMs;
    max;
    entries = new Map();
    constructor(ttlMs, max = 10_000) {
        this.ttlMs = ttlMs;
        this.max = max;
    }
    get(key, nowMs) {
        const e = this.entries.get(key);
        if (!e)
            return undefined;
        if (e.expiresMs <= nowMs) {
            this.entries.delete(key);
            return undefined;
        }
        return e.principal;
    }
    /** Keeps `principal` for the TTL, never past `untilMs` (e.g. the session's own expiry). */
    set(key, principal, nowMs, untilMs = Infinity) {
        if (this.ttlMs <= 0)
            return;
        if (this.entries.size >= this.max)
            this.entries.clear();
        this.entries.set(key, { principal, expiresMs: Math.min(nowMs + this.ttlMs, untilMs) });
    }
    /** Forgets every entry whose key starts with `prefix` or whose principal is `user`. */
    drop(match) {
        for (const [k, e] of this.entries) {
            if ((match.prefix !== undefined && k.startsWith(match.prefix)) || (match.user !== undefined && e.principal.user === match.user))
                this.entries.delete(k);
        }
    }
}
