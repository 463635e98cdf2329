import { EMAIL_ADDRESS } from "../../core/notify/routes.js";
/** A readable problem with the SMTP settings (serve exits 2 with it). */
export class SmtpSettingsError extends Error {
    name = "SmtpSettingsError";
}
/** A plausible single address (core's one rule). */
export const EMAIL = EMAIL_ADDRESS;
/**
 * Reads SMTP settings from the environment: GOLIVE_SMTP_URL (`smtp://user:pass@host:587`,
 * `smtps://…:465`) or GOLIVE_SMTP_HOST, _PORT, _SECURE, _USER, _PASS; GOLIVE_SMTP_FROM is the
 * sender. Undefined when none is set. Messages never show the password.
 */
export function smtpFromEnv(env) {
    const raw = env.GOLIVE_SMTP_URL;
    if (!raw && !env.GOLIVE_SMTP_HOST)
        return undefined;
    const from = env.GOLIVE_SMTP_FROM;
    if (!from || !EMAIL.test(from.replace(/^.*<([^>]+)>\s*$/, "$1")))
        throw new SmtpSettingsError("GOLIVE_SMTP_FROM: the sender's e-mail address is needed (e.g. golive@example.com or \"golive <golive@example.com>\")");
    if (raw) {
        let u;
        try {
            u = new URL(raw);
        }
        catch {
            throw new SmtpSettingsError("GOLIVE_SMTP_URL: not a URL (smtp://user:password@host:587 or smtps://…:465)");
        }
        if (u.protocol !== "smtp:" && u.protocol !== "smtps:")
            throw new SmtpSettingsError("GOLIVE_SMTP_URL: smtp:// or smtps:// is expected");
        const secure = u.protocol === "smtps:";
        return { host: u.hostname.replace(/^\[|\]$/g, ""), port: u.port ? Number(u.port) : secure ? 465 : 587, secure, user: u.username ? decodeURIComponent(u.username) : undefined, pass: u.password ? decodeURIComponent(u.password) : undefined, from };
    }
    const secure = /^(1|true|yes)$/i.test(env.GOLIVE_SMTP_SECURE ?? "");
    const port = env.GOLIVE_SMTP_PORT ? Number(env.GOLIVE_SMTP_PORT) : secure ? 465 : 587;
    if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new SmtpSettingsError(`GOLIVE_SMTP_PORT: not a port: ${env.GOLIVE_SMTP_PORT ?? ""}`);
    return { host: env.GOLIVE_SMTP_HOST ?? "", port, secure, user: env.GOLIVE_SMTP_USER, pass: env.GOLIVE_SMTP_PASS, from };
}
