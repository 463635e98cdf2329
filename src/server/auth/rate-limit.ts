// Login rate limiting: at most `max` failures per key (address and user name) in a sliding
// window. Kept per instance: it slows guessing, it is not a source of truth.

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
  constructor(private readonly max: number, private readonly windowMs: number) {}

  /** Milliseconds until the key may try again; 0 when it may try now. */
  retryAfter(key: string, nowMs: number): number {
    const recent = this.recent(key, nowMs);
    if (recent.length < this.max) return 0;
    return Math.max(1, (recent[0] ?? nowMs) + this.windowMs - nowMs);
  }

  fail(key: string, nowMs: number): void {
    const recent = this.recent(key, nowMs);
    recent.push(nowMs);
    this.failures.set(key, recent);
    if (this.failures.size > 10_000) this.prune(nowMs);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, nowMs: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > nowMs - this.windowMs);
  }

  private prune(nowMs: number): void {
    for (const [k, v] of this.failures) if (!v.some((t) => t > nowMs - this.windowMs)) this.failures.delete(k);
  }
}
