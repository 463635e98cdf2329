/** The envelope of every Prometheus HTTP API answer. */
export interface PromResponse {
  status: "success" | "error";
  data?: unknown;
  errorType?: string;
  error?: string;
}

/** `[unix seconds, "1.25"]`: Prometheus sends sample values as strings. */
export type PromSample = [number, string];

/**
 * A sample's value as a number. NaN (e.g. histogram_quantile over no observations) becomes null:
 * "no data" is not a number a condition can compare, so it ends inconclusive instead of failing.
 */
export function sampleNumber(sample: PromSample): number | null {
  const n = Number(sample[1]);
  return Number.isNaN(n) ? null : n;
}
