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
 * - `--optimize-for-size`, for a server started without {@link SERVE_NODE_ARGS} (`node bin/golive
 *   serve`): the heap's sizes were set at start without it, but V8 reads it again when it decides
 *   how far the old generation may grow before the next full collection (the same server held
 *   140-156 MB with the demo's checks running without it, 140-144 MB with it). Started with it, a no-op.
 * WebAssembly flags are read when a module is compiled, the growth factor when new space grows, so
 * setting them after start takes effect (measured by `npm run bench:idle-rss`). Not every flag
 * may change after start: V8 stops the process when its garbage collector's threading changes.
 */
export const SERVE_V8_FLAGS: readonly string[] = ["--semi-space-growth-factor=1", "--liftoff-only", "--wasm-lazy-compilation", "--optimize-for-size"];

/**
 * Settings read only when the process starts (V8's heap is configured once; glibc reads its malloc
 * settings at its first allocation), so they are on the command's first line: bin/golive starts
 * with `#!/usr/bin/env -S MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 node --optimize-for-size`
 * (see {@link SHEBANG}), which is how the installed `golive` command and the container's entrypoint
 * run. `--optimize-for-size` keeps V8's heap close to what is live (a small young generation, slow
 * heap growth): in the 4-week bench (`npm run bench:long-run`) the embedded store's process held
 * 188-200 MB with it and 255-345 MB without. Two malloc arenas instead of one per core and thread.
 * A fixed mmap threshold of 128 KB: glibc otherwise raises it to the size of the largest block it
 * gave back (compiling PGlite's 9 MB WebAssembly frees several), after which blocks of up to that
 * size come from the main heap and stay there, freed but resident (about 8 MB of an idle server).
 * Running `node bin/golive` skips them.
 */
export const SERVE_NODE_ARGS: readonly string[] = ["--optimize-for-size"];
export const SERVE_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "131072" };
export const SHEBANG = `#!/usr/bin/env -S ${Object.entries(SERVE_ENV).map(([k, v]) => `${k}=${v}`).join(" ")} node ${SERVE_NODE_ARGS.join(" ")}`;

/** Whether this process was started with {@link SERVE_NODE_ARGS} and {@link SERVE_ENV}. */
export function startedLean(execArgv: readonly string[] = process.execArgv, env: NodeJS.ProcessEnv = process.env): boolean {
  return SERVE_NODE_ARGS.every((a) => execArgv.includes(a)) && Object.entries(SERVE_ENV).every(([k, v]) => env[k] === v);
}

/** Applies {@link SERVE_V8_FLAGS} unless `GOLIVE_LOW_MEMORY=0`; answers the flags applied. */
export function applyServeV8Flags(env: NodeJS.ProcessEnv = process.env): readonly string[] {
  if (env.GOLIVE_LOW_MEMORY === "0") return [];
  for (const flag of SERVE_V8_FLAGS) setFlagsFromString(flag);
  return SERVE_V8_FLAGS;
}
