/**
 * A small deterministic random source (an LCG), so the simulated traffic is the same on every run
 * and a test's figures do not depend on luck.
 */
export class Lcg {
  private state: number;

  constructor(seed = 42) {
    this.state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (Math.imul(this.state, 1664525) + 1013904223) >>> 0;
    return this.state / 2 ** 32;
  }

  /** A number in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
}

/** Calls `tick` every `everyMs` until stopped; the timer never keeps the process alive. */
export function every(everyMs: number, tick: () => void): () => void {
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
