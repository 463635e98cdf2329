/**
 * A sample's value as a number. NaN (e.g. histogram_quantile over no observations) becomes null:
 * "no data" is not a number a condition can compare, so it ends inconclusive instead of failing.
 */
export function sampleNumber(sample) {
    const n = Number(sample[1]);
    return Number.isNaN(n) ? null : n;
}
