import { monitorEventLoopDelay } from "node:perf_hooks";

/** How late this process's event loop ran while it was watched (timers fire that much late). */
export interface LoopLag {
  /** The time the loop lost in all, in ms: on a quiet machine a few ms, under load much more. */
  lostMs(): number;
  stop(): void;
}

const RESOLUTION_MS = 10;

/**
 * Watches the event loop's delay, sampled every 10 ms. A test holding a timeout to a bound (a
 * check ends within its timeout + 10 %) adds what the loop lost meanwhile: a loaded machine makes
 * timers late, which is the machine's doing, not the product's; on a quiet one the bound stays tight.
 */
export function watchLoopLag(): LoopLag {
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  h.enable();
  return {
    // Each sample is the interval between two 10 ms ticks (ns); beyond 10 ms it is time lost.
    lostMs: () => (h.count === 0 ? 0 : Math.max(0, (h.mean * h.count) / 1e6 - RESOLUTION_MS * h.count)),
    stop: () => h.disable(),
  };
}
