import { request } from "../http-client.js";
import { ProbeError } from "../provider.js";
import { withDeadline } from "../deadline.js";
import { describeFetchError } from "./failures.js";
import { sampleNumber } from "./response.js";
/** Bytes of a response body we read at most: a Prometheus answer bigger than this is not a check. */
const BODY_CAP = 8 * 1024 * 1024;
/**
 * Prometheus: an instant query through the HTTP API (value = the scalar or the single series' value,
 * values = every series' value, series = their count), and with `rules: true` the loaded rules and
 * the firing alerts. PromQL errors end as a ProbeError carrying Prometheus's own message.
 */
export const prometheusProvider = {
    kind: "prometheus",
    async probe(config, ctx) {
        return withDeadline(ctx, async (deadline) => {
            const base = baseUrl(config.url);
            const started = performance.now();
            const values = {};
            if (config.query !== undefined)
                Object.assign(values, await instantQuery(base, config, ctx, deadline));
            if (config.rules)
                Object.assign(values, await rulesAndAlerts(base, config, deadline));
            values.latency = performance.now() - started;
            return values;
        });
    },
    explain(values) {
        if (values.series === 0)
            return "the query returned no series";
        if (typeof values.series === "number" && values.series > 1 && !("value" in values)) {
            return `the query returned ${values.series} series; \`value\` needs exactly one (aggregate with sum/max, or use \`values\`)`;
        }
        if ("value" in values && values.value === null)
            return "the query returned NaN (no data in the range)";
        return undefined;
    },
};
/** Splits `user:pass@` out of the URL into an Authorization header (undici does not send it). */
function baseUrl(raw) {
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        throw new ProbeError("invalid Prometheus URL");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
        throw new ProbeError(`unsupported URL scheme ${url.protocol}`);
    const headers = {};
    if (url.username !== "" || url.password !== "") {
        const user = decodeURIComponent(url.username);
        const pass = decodeURIComponent(url.password);
        headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;
        url.username = "";
        url.password = "";
    }
    if (!url.pathname.endsWith("/"))
        url.pathname += "/";
    return { url, headers };
}
async function getJson(base, path, config, deadline, params) {
    const url = new URL(path, base.url);
    for (const [k, v] of Object.entries(params ?? {}))
        url.searchParams.set(k, v);
    let res;
    try {
        res = await request(url, {
            method: "GET",
            headers: { accept: "application/json", ...base.headers, ...config.headers },
            signal: deadline.signal,
        });
    }
    catch (err) {
        throw new ProbeError(describeFetchError(err, deadline, url));
    }
    let text = "";
    try {
        for await (const chunk of res.body) {
            text += chunk.toString("utf8");
            if (text.length > BODY_CAP) {
                res.body.destroy();
                throw new ProbeError(`Prometheus answer larger than ${BODY_CAP / 1024 / 1024} MB`);
            }
        }
    }
    catch (err) {
        if (err instanceof ProbeError)
            throw err;
        throw new ProbeError(describeFetchError(err, deadline, url));
    }
    let body;
    try {
        body = JSON.parse(text);
    }
    catch {
        if (res.statusCode !== 200)
            throw new ProbeError(`Prometheus answered HTTP ${res.statusCode}`);
        throw new ProbeError("Prometheus answered with a body that is not JSON");
    }
    if (body.status === "error") {
        throw new ProbeError(`Prometheus: ${body.errorType ? `${body.errorType}: ` : ""}${body.error ?? "error"}`);
    }
    if (res.statusCode !== 200 || body.status !== "success") {
        throw new ProbeError(`Prometheus answered HTTP ${res.statusCode}`);
    }
    return body;
}
async function instantQuery(base, config, ctx, deadline) {
    // Prometheus stops evaluating at its own timeout, which we keep inside ours.
    const serverTimeout = `${Math.max(1, Math.floor(ctx.timeoutMs * 0.9))}ms`;
    const body = await getJson(base, "api/v1/query", config, deadline, { query: config.query ?? "", timeout: serverTimeout });
    const data = body.data;
    switch (data?.resultType) {
        case "scalar": {
            const value = sampleNumber(data.result);
            return { value, values: [value], series: 1 };
        }
        case "string": {
            const [, value] = data.result;
            return { value, values: [value], series: 1 };
        }
        case "vector": {
            const result = data.result;
            const values = result.map((s) => sampleNumber(s.value));
            // With several series there is no single value: a condition on `value` is then inconclusive.
            return result.length === 1 ? { value: values[0], values, series: 1 } : { values, series: result.length };
        }
        case "matrix":
            throw new ProbeError("the query returns a range vector; use an instant vector (e.g. wrap it in rate() or last_over_time())");
        default:
            throw new ProbeError(`Prometheus answered an unknown result type ${String(data?.resultType)}`);
    }
}
async function rulesAndAlerts(base, config, deadline) {
    const rulesBody = await getJson(base, "api/v1/rules", config, deadline);
    const alertsBody = await getJson(base, "api/v1/alerts", config, deadline);
    const groups = rulesBody.data?.groups ?? [];
    const rules = groups.flatMap((g) => (g.rules ?? []).map((r) => r.name));
    const alerts = alertsBody.data?.alerts ?? [];
    const firing = [...new Set(alerts.filter((a) => a.state === "firing").map((a) => a.labels?.alertname ?? ""))].filter((n) => n !== "");
    return { rules, rule_count: rules.length, firing };
}
