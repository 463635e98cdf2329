// Login rate limiting: at most `max` attempts that did not succeed per key (address and user name)
// in a sliding window. An attempt is reserved before the password is hashed (hashing takes time:
// counting after it let a burst of concurrent guesses all through); a success gives its
// reservation back. Reserving is synchronous, so concurrent requests are counted exactly. Kept per
// instance: it slows guessing, it is not a source of truth.
export class LoginLimiter {
    max;
    windowMs;
    attempts = new Map();
    constructor(max, windowMs) {
        this.max = max;
        this.windowMs = windowMs;
    }
    /** Milliseconds until the key may try again; 0 when it may try now. */
    retryAfter(key, nowMs) {
        const recent = this.recent(key, nowMs);
        if (recent.length < this.max)
            return 0;
        return Math.max(1, (recent[0] ?? nowMs) + this.windowMs - nowMs);
    }
    /**
     * Takes one attempt for the key now, or says how long to wait (ms) when none is left: 0 means
     * reserved. A reservation counts as a failure until released.
     */
    reserve(key, nowMs) {
        const wait = this.retryAfter(key, nowMs);
        if (wait > 0)
            return wait;
        const recent = this.recent(key, nowMs);
        recent.push(nowMs);
        this.attempts.set(key, recent);
        if (this.attempts.size > 10_000)
            this.prune(nowMs);
        return 0;
    }
    /** Gives back a reservation made at `atMs` (the attempt succeeded, or never ran). */
    release(key, atMs) {
        const list = this.attempts.get(key);
        const i = list?.indexOf(atMs) ?? -1;
        if (list && i >= 0)
            list.splice(i, 1);
    }
    /** A success: the key's failures are forgotten. */
    succeed(key) {
        this.attempts.delete(key);
    }
    recent(key, nowMs) {
        return (this.attempts.get(key) ?? []).filter((t) => t > nowMs - this.windowMs);
    }
    prune(nowMs) {
        for (const [k, v] of this.attempts)
            if (!v.some((t) => t > nowMs - this.windowMs))
                this.attempts.delete(k);
    }
}
