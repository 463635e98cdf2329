import { parseDuration } from "../../core/engine/time.js";
import { describeNetError } from "../net-errors.js";
import { ProbeError } from "../provider.js";
/** The value at a percentile of sorted numbers (nearest rank). */
export function percentile(sorted, p) {
    if (sorted.length === 0)
        return 0;
    const rank = Math.ceil((p / 100) * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}
/** Load test: `rate` requests per second for `duration` (autocannon), latency percentiles and errors. */
export const loadProvider = {
    kind: "load",
    async probe(config, ctx) {
        const durationMs = parseDuration(config.duration);
        if (durationMs === undefined || durationMs <= 0)
            throw new ProbeError(`invalid duration '${config.duration}'`);
        let url;
        try {
            url = new URL(config.url);
        }
        catch {
            throw new ProbeError(`invalid URL '${config.url}'`);
        }
        // Imported on first use: load checks are rare, and a CI gate without one need not load it.
        let autocannon;
        try {
            ({ default: autocannon } = await import("autocannon"));
        }
        catch {
            throw new ProbeError("load checks need the autocannon package (npm install autocannon)");
        }
        const headers = { ...config.headers };
        let body;
        if (typeof config.body === "string")
            body = config.body;
        else if (config.body !== undefined) {
            body = JSON.stringify(config.body);
            if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type"))
                headers["content-type"] = "application/json";
        }
        const latencies = [];
        let failedStatus = 0;
        let firstError;
        const started = performance.now();
        const result = await new Promise((resolve, reject) => {
            const instance = autocannon({
                url: url.href,
                method: config.method,
                headers,
                ...(body === undefined ? {} : { body }),
                connections: Math.max(1, Math.min(config.connections, Math.ceil(config.rate))),
                overallRate: config.rate,
                duration: durationMs / 1000,
                timeout: Math.max(1, Math.ceil(Math.min(ctx.timeoutMs, 10_000) / 1000)),
            }, (err, res) => {
                ctx.signal.removeEventListener("abort", onAbort);
                if (err)
                    reject(new ProbeError(`load: ${err.message}`));
                else
                    resolve({ errors: res.errors });
            });
            const onAbort = () => instance.stop();
            ctx.signal.addEventListener("abort", onAbort, { once: true });
            instance.on("response", (_client, status, _bytes, ms) => {
                latencies.push(ms);
                if (status >= 400) {
                    failedStatus++;
                    firstError ??= `HTTP ${status}`;
                }
            });
            instance.on("reqError", (e) => {
                firstError ??= describeNetError(e, url.host);
            });
        });
        const elapsedS = (performance.now() - started) / 1000;
        latencies.sort((a, b) => a - b);
        const requests = latencies.length + result.errors;
        const errors = result.errors + failedStatus;
        const mean = latencies.length === 0 ? 0 : latencies.reduce((a, b) => a + b, 0) / latencies.length;
        const values = {
            rate: latencies.length / Math.max(elapsedS, 0.001),
            requests,
            errors,
            error_rate: requests === 0 ? 1 : errors / requests,
            p50: percentile(latencies, 50),
            p90: percentile(latencies, 90),
            p95: percentile(latencies, 95),
            p99: percentile(latencies, 99),
            mean,
            max: latencies[latencies.length - 1] ?? 0,
        };
        if (firstError !== undefined)
            values.first_error = firstError;
        return values;
    },
    explain(values) {
        const errors = typeof values.errors === "number" ? values.errors : 0;
        if (errors === 0)
            return undefined;
        return `${errors} of ${String(values.requests)} requests failed (first: ${typeof values.first_error === "string" ? values.first_error : "unknown"})`;
    },
};
