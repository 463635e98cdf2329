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
 * WebAssembly flags are read when a module is compiled, the growth factor when new space grows, so
 * setting them after start takes effect (measured by `npm run bench:idle-rss`).
 */
export const SERVE_V8_FLAGS: readonly string[] = ["--semi-space-growth-factor=1", "--liftoff-only", "--wasm-lazy-compilation"];

/** Applies {@link SERVE_V8_FLAGS} unless `GOLIVE_LOW_MEMORY=0`; answers the flags applied. */
export function applyServeV8Flags(env: NodeJS.ProcessEnv = process.env): readonly string[] {
  if (env.GOLIVE_LOW_MEMORY === "0") return [];
  for (const flag of SERVE_V8_FLAGS) setFlagsFromString(flag);
  return SERVE_V8_FLAGS;
}
