import type { FileRoot } from "./check-env.ts";
import type { CheckKind } from "./kinds.ts";
import type { TargetGuard } from "./target-guard.ts";

/** What a provider gets besides its config. */
export interface ProbeContext {
  /** Aborted on timeout or cancellation: the provider must stop its I/O and its children. */
  signal: AbortSignal;
  /** The check's timeout in milliseconds (the scheduler also enforces it). */
  timeoutMs: number;
  /** Whether command checks may run (off unless the user allows them). */
  allowCommands: boolean;
  /**
   * The top-level values the check's conditions read, when known: a provider may skip work nobody
   * reads, or fail with a clear cause when a value that is read cannot be made (invalid JSON).
   */
  uses?: ReadonlySet<string>;
  /** The environment variables exposed to checks (a command's environment; never GOLIVE_*). */
  env: Readonly<Record<string, string>>;
  /** Where files (`ca:`, a command's `cwd`) may be read. */
  files: FileRoot;
  /** Refuses targets checks may not reach (golive's own address); a redirect is asked again. */
  guard?: TargetGuard;
}

/**
 * A provider fetches, the evaluator judges: it turns a response into values named by its kind's
 * value signature (durations in ms, bytes as numbers, percent as a ratio). It throws a
 * ProbeError with a readable cause when it cannot observe anything.
 */
export interface Provider<Config = unknown> {
  kind: CheckKind;
  probe(config: Config, ctx: ProbeContext): Promise<Record<string, unknown>>;
  /**
   * Optional: a readable cause for values that did not pass (`TLS: certificate expired 3 days
   * ago`, `connection refused`), shown beside the condition texts.
   */
  explain?(values: Readonly<Record<string, unknown>>): string | undefined;
}

/** A failure to observe: connection refused, timeout after 5s, TLS: certificate expired 3 days ago. */
export class ProbeError extends Error {
  override name = "ProbeError";
}
