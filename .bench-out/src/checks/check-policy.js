import { CHECK_ENV_SETTING, isExposed, placeUnderRoot, RESERVED_PREFIX } from "./check-env.js";
/** The setting that lists the domains runbooks may e-mail. */
export const EMAIL_DOMAINS_SETTING = "--notify-email-domains / GOLIVE_NOTIFY_EMAIL_DOMAINS";
/** Whether `address` is in one of `domains` or below one (`ops.example.com` is under `example.com`). */
export function emailDomainAllowed(address, domains) {
    const domain = address.slice(address.lastIndexOf("@") + 1).trim().toLowerCase();
    return domain.length > 0 && domains.some((d) => {
        const want = d.trim().toLowerCase().replace(/^@/, "");
        return want.length > 0 && (domain === want || domain.endsWith(`.${want}`));
    });
}
/** Why a runbook may not e-mail `address`. */
export function emailDomainRefused(address, domains) {
    return domains.length
        ? `'${address}' is outside the domains runbooks may e-mail (${domains.join(", ")}; the operator sets them in ${EMAIL_DOMAINS_SETTING})`
        : `runbooks may not send e-mail from this server until the operator lists the domains they may write to (${EMAIL_DOMAINS_SETTING})`;
}
/** Config fields that name files on the host, per kind. */
const FILE_FIELDS = { http: ["ca"], tls: ["ca"], command: ["cwd"] };
const REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;
function walk(v, path, visit) {
    if (typeof v === "string")
        visit(v, path);
    else if (Array.isArray(v))
        v.forEach((x, i) => walk(x, [...path, i], visit));
    else if (v !== null && typeof v === "object")
        for (const [k, x] of Object.entries(v))
            walk(x, [...path, k], visit);
}
/**
 * The policy of a host that exposes `allow` (names, NAME_* prefixes; `undefined`: every variable
 * but GOLIVE_*, the CLI on one's own shell) and files under `files`.
 */
export function checkConfigPolicy(allow, files, opts = {}) {
    return (check) => {
        const problems = [];
        // A runbook's e-mail route sends through the server's SMTP account: only to domains the operator allows.
        if (check.kind === "notify" && opts.emailDomains && Array.isArray(check.config.email)) {
            check.config.email.forEach((a, j) => {
                if (typeof a === "string" && !emailDomainAllowed(a, opts.emailDomains ?? []))
                    problems.push({ path: ["email", j], message: emailDomainRefused(a, opts.emailDomains ?? []) });
            });
        }
        walk(check.config, [], (s, path) => {
            if (!s.includes("${env:"))
                return;
            for (const m of s.matchAll(REF)) {
                const name = m[1] ?? "";
                if (allow === undefined ? name.toUpperCase().startsWith(RESERVED_PREFIX) : !isExposed(name, allow))
                    problems.push({ path, message: `\${env:${name}}: environment variable '${name}' is not exposed to checks (the operator lists what checks may read in ${CHECK_ENV_SETTING}; GOLIVE_* never)` });
            }
        });
        for (const field of FILE_FIELDS[check.kind] ?? []) {
            const value = check.config[field];
            if (typeof value !== "string")
                continue;
            const placed = placeUnderRoot(value, files);
            if (!placed.ok)
                problems.push({ path: [field], message: placed.message });
        }
        return problems;
    };
}
