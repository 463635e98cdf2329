import { setFlagsFromString } from "node:v8";

/**
 * V8 settings for the long-lived server (`golive serve`), set at run time before the server's code
 * and PGlite's WebAssembly load (see docs/decisions.md, "Idle memory"):
 * - `--semi-space-growth-factor=1`: the young generation stays at its first 1 MB semi-spaces
 *   instead of growing to 16 MB each after the startup burst, and keeping them (about 30 MB).
 *   `--max-semi-space-size` would say the same but is read only when the heap is created.
 * - `--liftoff-only`, `--wasm-lazy-compilation`: PGlite's PostgreSQL (a large WebAssembly module)
 *   is compiled function by function when first called, by the baseline compiler only; TurboFan's
 *   optimised code for it took about 70 MB and was never given back.
 * - `--optimize-for-size`: V8's heap heuristics for a small heap (a smaller step before the next full
 *   collection, compaction favoured): with the demo run's checks running, the old space held
 *   33-37 MB of pages instead of 43-46 MB around the same 33-36 MB of live objects.
 * WebAssembly flags are read when a module is compiled, the heap heuristics at each collection, so
 * setting them after start takes effect (measured by `npm run bench:idle-rss`).
 */
export const SERVE_V8_FLAGS: readonly string[] = ["--semi-space-growth-factor=1", "--liftoff-only", "--wasm-lazy-compilation", "--optimize-for-size"];

/** Applies {@link SERVE_V8_FLAGS} unless `GOLIVE_LOW_MEMORY=0`; answers the flags applied. */
export function applyServeV8Flags(env: NodeJS.ProcessEnv = process.env): readonly string[] {
  if (env.GOLIVE_LOW_MEMORY === "0") return [];
  for (const flag of SERVE_V8_FLAGS) setFlagsFromString(flag);
  return SERVE_V8_FLAGS;
}
