import { EMAIL_ADDRESS, typesOf } from "../notify/routes.js";
import { closest } from "../text/closest.js";
const ENV_REF = /\$\{env:[A-Za-z_][A-Za-z0-9_]*\}/;
/**
 * What the schema cannot say about `notify.routes`: unique ids, exactly one channel each, event
 * types and severities that exist, addresses that are addresses, http(s) URLs, and secrets (a
 * webhook's signing secret, a Slack URL) written as `${env:NAME}`: a runbook is readable by every
 * viewer, so a secret written in it would not be one.
 */
export function validateNotify(runbook) {
    const problems = [];
    const severities = (runbook.incidents?.severities ?? []).map((s) => s.id);
    const seen = new Map();
    (runbook.notify?.routes ?? []).forEach((r, i) => {
        const at = (...rest) => ["notify", "routes", i, ...rest];
        const first = seen.get(r.id);
        if (first !== undefined)
            problems.push({ path: at("id"), message: `duplicate notify route id '${r.id}' (first at notify.routes[${first}])` });
        else
            seen.set(r.id, i);
        const channels = ["webhook", "slack", "email"].filter((k) => r[k] !== undefined);
        if (channels.length !== 1)
            problems.push({ path: at(), message: channels.length ? `a route has one channel; this one has ${channels.join(" and ")}` : "a route needs a channel: webhook, slack or email" });
        const url = (key, v) => {
            if (v === undefined || ENV_REF.test(v))
                return;
            if (!/^https?:\/\/[^\s/]+/i.test(v))
                problems.push({ path: at(key), message: "an http(s) URL, or ${env:NAME} for one kept secret" });
        };
        url("webhook", r.webhook);
        url("slack", r.slack);
        if (r.slack !== undefined && !ENV_REF.test(r.slack))
            problems.push({ path: at("slack"), message: "a Slack incoming webhook URL is a secret and a runbook is readable by every viewer: write ${env:NAME} and expose NAME to the server" });
        if (r.webhook !== undefined && r.secret === undefined)
            problems.push({ path: at(), message: "a webhook route needs its signing secret: secret: ${env:NAME}" });
        if (r.secret !== undefined && r.webhook === undefined)
            problems.push({ path: at("secret"), message: "secret signs webhook deliveries; this route has no webhook" });
        if (r.secret !== undefined && !ENV_REF.test(r.secret))
            problems.push({ path: at("secret"), message: "a signing secret written in the runbook is readable by every viewer: write ${env:NAME}" });
        r.email?.forEach((a, j) => {
            if (!EMAIL_ADDRESS.test(a))
                problems.push({ path: at("email", j), message: `'${a}' is not an e-mail address` });
        });
        r.events.forEach((p, j) => {
            if (typesOf(p).length)
                return;
            const hint = closest(p, [...typesOf("*"), "incident.*", "gate.*", "check.*", "wave.*", "signoff.*"]);
            problems.push({ path: at("events", j), message: `unknown event '${p}'${hint ? `; did you mean '${hint}'?` : ""}` });
        });
        r.severities.forEach((s, j) => {
            if (severities.some((x) => x.toLowerCase() === s.toLowerCase()))
                return;
            const hint = closest(s, severities);
            problems.push({ path: at("severities", j), message: `unknown severity '${s}' (incidents.severities)${hint ? `; did you mean '${hint}'?` : ""}` });
        });
    });
    return problems;
}
