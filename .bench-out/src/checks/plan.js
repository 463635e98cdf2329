import { parseCondition } from "../core/conditions/index.js";
import { parseDuration } from "../core/engine/time.js";
import { valuesUsed } from "./evaluate.js";
import { checkKinds } from "./kinds.js";
import { secretNames } from "./secrets.js";
/** Timeout of one attempt when neither the check nor its config says. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Time between samples when `count` or `for` asks for several and `interval` is not given. */
export const DEFAULT_INTERVAL_MS = 10_000;
/**
 * What a check with no conditions must show: an HTTP check written as just a URL still fails on
 * a 500, a TLS check on an expired certificate.
 */
export const DEFAULT_CONDITIONS = {
    http: "status < 400",
    tcp: "connected == true",
    tls: "valid == true",
    dns: "count > 0",
    command: "exit_code == 0",
    load: "error_rate == 0%",
};
const defaults = new Map();
function defaultConditions(kind) {
    let list = defaults.get(kind);
    if (!list) {
        const source = DEFAULT_CONDITIONS[kind];
        const r = source === undefined ? undefined : parseCondition(source, checkKinds[kind].values);
        list = r?.ok ? [r.condition] : [];
        defaults.set(kind, list);
    }
    return list;
}
function isKind(kind) {
    return Object.hasOwn(checkKinds, kind);
}
function ms(text) {
    return typeof text === "string" ? parseDuration(text) : undefined;
}
/** A runbook check as the scheduler runs it. */
export function planCheck(check, conditions) {
    if (!isKind(check.kind))
        throw new Error(`unknown check kind '${check.kind}'`);
    const kind = check.kind;
    let timeoutMs = ms(check.timeout) ?? ms(check.config.timeout) ?? DEFAULT_TIMEOUT_MS;
    // A load test runs for its duration; the timeout bounds each request and the wind-down after.
    if (kind === "load")
        timeoutMs += (ms(check.config.duration) ?? 0) + 5_000;
    const forMs = ms(check.for);
    const count = check.count ?? 1;
    const judged = conditions.length > 0 ? conditions : defaultConditions(kind);
    // Parsed once here unless it names secrets (those are resolved, then parsed, at each run).
    const parsed = secretNames(check.config).length === 0 ? parseKindConfig(kind, check.config) : undefined;
    const planned = {
        id: check.id,
        kind,
        config: check.config,
        conditions: judged,
        timeoutMs,
        retries: check.retries ?? 0,
        count,
        intervalMs: ms(check.interval) ?? (forMs !== undefined ? Math.min(DEFAULT_INTERVAL_MS, Math.max(1_000, forMs / 10)) : DEFAULT_INTERVAL_MS),
        failureLimit: check.failure_limit ?? 0,
        inconclusiveLimit: check.inconclusive_limit ?? 0,
        advisory: check.advisory,
        needs: check.needs,
        uses: valuesUsed(judged),
        parsedConfig: parsed?.ok === true ? parsed.config : undefined,
    };
    if (forMs !== undefined)
        planned.forMs = forMs;
    if (check.title !== undefined)
        planned.title = check.title;
    return planned;
}
/** The planned checks for ids of a loaded runbook, in the order given; `needs` templates expanded. */
export function planChecks(loaded, ids) {
    const byId = new Map(loaded.runbook.checks.map((c) => [c.id, c]));
    return ids.flatMap((id) => {
        const check = byId.get(id);
        if (!check)
            return [];
        const planned = planCheck(check, loaded.conditions.get(id) ?? []);
        planned.needs = check.needs.flatMap((n) => loaded.templates.get(n) ?? [n]);
        return [planned];
    });
}
/** Validates a config (secrets resolved) against its kind's schema, giving the parsed form. */
export const parseKindConfig = (kind, config) => {
    const r = checkKinds[kind].config.safeParse(config);
    if (r.success)
        return { ok: true, config: r.data };
    const issue = r.error.issues[0];
    const path = issue?.path.map(String).join(".") ?? "";
    return { ok: false, message: `${path ? `${path}: ` : ""}${issue?.message ?? "invalid"}` };
};
