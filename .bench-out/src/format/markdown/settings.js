import { cellOf } from "./tables.js";
import { durationIn } from "./text.js";
// Settings a team's table has no column for (a check's timeout and retries, a sign-off's quorum,
// a wave's soak, a tier's budget) travel as `key=value` words: in a heading's `{#id key=value}`
// attribute, or in a table's Settings column. Export writes them, import reads them back.
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/;
export const CHECK_SETTINGS = { timeout: "duration", retries: "int", interval: "duration", count: "int", for: "duration", failure_limit: "int", inconclusive_limit: "int", advisory: "bool", needs: "ids" };
export const SIGNOFF_SETTINGS = { quorum: "int", separate_from: "ids" };
export const CHECKPOINT_SETTINGS = { quorum: "int" };
export const WAVE_SETTINGS = { soak: "duration", cumulative: "bool" };
export const TIER_SETTINGS = { budget: "duration", downtime: "bool", only_after: "ids" };
export const METRIC_SETTINGS = { check: "id", alert_check: "id" };
/** Which Alertmanager severity labels map to a severity, and what a resolved alert group does. */
export const SEVERITY_SETTINGS = { alerts: "ids", on_alert_resolved: "id" };
/** The Alertmanager alert that fires a rollback trigger. */
export const TRIGGER_SETTINGS = { alert: "text" };
export const ALERT_SETTINGS = { expr: "text", for: "duration", severity: "text", runbook_url: "text" };
/** A deploy step's verify and rollback checks and commands (the table shows their text). */
export const STEP_SETTINGS = { verify_checks: "ids", verify_cmd: "text", rollback_checks: "ids", rollback_cmd: "text", duration: "duration", not_before: "text", stream: "text" };
export const FORECAST_SETTINGS = { finish: "id", past_deadline: "id" };
/** A timeline task's links (check, item, step) and its plan: predecessors, duration, fixed start, stream. */
export const TASK_SETTINGS = { check: "id", item: "id", step: "id", after: "ids", duration: "duration", not_before: "text", stream: "text" };
/** Where a notification route sends (its "Send to" cell): secrets only as `${env:NAME}` (the validator insists). */
export const NOTIFY_SEND_SETTINGS = { webhook: "text", secret: "text", slack: "text", email: "ids" };
/** A notification route's other settings. */
export const NOTIFY_SETTINGS = { language: "id", test: "bool", rate_per_minute: "int" };
/** `key=value` words for the settings of `spec` that `obj` holds and that differ from the defaults. */
export function settingsText(obj, spec) {
    const o = obj;
    const out = [];
    for (const [k, kind] of Object.entries(spec)) {
        const v = o[k];
        if (v === undefined || (kind === "ids" && Array.isArray(v) && !v.length) || (k === "quorum" && v === 1) || (k === "past_deadline" && v === "warn") || (k === "on_alert_resolved" && v === "resolve") || (k === "rate_per_minute" && v === 30) || (kind === "bool" && v === false && k !== "downtime"))
            continue;
        if (Array.isArray(v))
            out.push(`${k}=${v.join(",")}`);
        else if (kind === "text" && typeof v === "string")
            out.push(`${k}=\`${v.replace(/`/g, "'")}\``);
        else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean")
            out.push(`${k}=${v}`);
    }
    return out.join(" ");
}
/** Reads `key=value` words (from a Settings cell or heading attributes) of `spec` into `into`. */
export function applySettings(into, words, spec) {
    const pairs = typeof words === "string" ? Object.fromEntries([...words.matchAll(/([a-z_]+)=(`[^`]*`|\S+)/g)].map((m) => [m[1] ?? "", m[2] ?? ""])) : (words ?? {});
    const o = into;
    for (const [k, raw] of Object.entries(pairs)) {
        const kind = spec[k];
        const v = raw.replace(/^`|`$/g, "");
        if (kind === "duration") {
            const dur = DURATION.test(v) ? v : durationIn(v);
            if (dur)
                o[k] = dur;
        }
        else if (kind === "int" && /^\d+$/.test(v))
            o[k] = Number(v);
        else if (kind === "bool" && /^(true|false)$/.test(v))
            o[k] = v === "true";
        else if (kind === "ids")
            o[k] = v.split(",").filter(Boolean);
        else if ((kind === "text" || kind === "id") && v)
            o[k] = v;
    }
}
/** A waivers table (`Waiver | Targets | Grantors | Max duration`) to the runbook's waiver policies. */
export function placeWaivers(d, t, c) {
    const cell = (row, f) => cellOf(t, c, row.cells, f);
    for (const row of t.rows) {
        const title = cell(row, "waiver");
        const targets = cell(row, "targets").split(/[\s,]+/).filter(Boolean);
        const grantors = d.roles(cell(row, "approver"));
        const maxText = cell(row, "max_duration");
        const max = DURATION.test(maxText) ? maxText : durationIn(maxText);
        if (!title || !targets.length || !grantors.length || !max) {
            d.skip(row.line, "table row", "waiver without targets, grantors or a maximum duration", row.cells.join(" | "));
            continue;
        }
        const waivers = (d.rb.waivers ??= []);
        waivers.push({ id: d.id("waiver", cell(row, "id"), `waiver-${waivers.length + 1}`), title, targets, grantors: grantors.length === 1 ? grantors[0] : grantors, max_duration: max });
        d.count("waivers");
    }
    return true;
}
