import { EMAIL_ADDRESS } from "../../core/notify/routes.ts";

// SMTP settings come from the environment only (the password is a secret: never in a flag, a
// log or an API answer). Kept apart from the channel so the CLI reads them without nodemailer.

/** The server's SMTP settings (from the environment): where mail goes out and as whom. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (smtps, port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string | undefined;
  /** Never logged, never returned by the API: cut out of every error. */
  pass?: string | undefined;
  from: string;
}

/** A readable problem with the SMTP settings (serve exits 2 with it). */
export class SmtpSettingsError extends Error {
  override name = "SmtpSettingsError";
}

/** A plausible single address (core's one rule). */
export const EMAIL = EMAIL_ADDRESS;

/**
 * Reads SMTP settings from the environment: GOLIVE_SMTP_URL (`smtp://user:pass@host:587`,
 * `smtps://…:465`) or GOLIVE_SMTP_HOST, _PORT, _SECURE, _USER, _PASS; GOLIVE_SMTP_FROM is the
 * sender. Undefined when none is set. Messages never show the password.
 */
export function smtpFromEnv(env: Readonly<Record<string, string | undefined>>): SmtpSettings | undefined {
  const raw = env.GOLIVE_SMTP_URL;
  if (!raw && !env.GOLIVE_SMTP_HOST) return undefined;
  const from = env.GOLIVE_SMTP_FROM;
  if (!from || !EMAIL.test(from.replace(/^.*<([^>]+)>\s*$/, "$1"))) throw new SmtpSettingsError("GOLIVE_SMTP_FROM: the sender's e-mail address is needed (e.g. golive@example.com or \"golive <golive@example.com>\")");
  if (raw) {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new SmtpSettingsError("GOLIVE_SMTP_URL: not a URL (smtp://user:password@host:587 or smtps://…:465)");
    }
    if (u.protocol !== "smtp:" && u.protocol !== "smtps:") throw new SmtpSettingsError("GOLIVE_SMTP_URL: smtp:// or smtps:// is expected");
    const secure = u.protocol === "smtps:";
    return { host: u.hostname.replace(/^\[|\]$/g, ""), port: u.port ? Number(u.port) : secure ? 465 : 587, secure, user: u.username ? decodeURIComponent(u.username) : undefined, pass: u.password ? decodeURIComponent(u.password) : undefined, from };
  }
  const secure = /^(1|true|yes)$/i.test(env.GOLIVE_SMTP_SECURE ?? "");
  const port = env.GOLIVE_SMTP_PORT ? Number(env.GOLIVE_SMTP_PORT) : secure ? 465 : 587;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new SmtpSettingsError(`GOLIVE_SMTP_PORT: not a port: ${env.GOLIVE_SMTP_PORT ?? ""}`);
  return { host: env.GOLIVE_SMTP_HOST ?? "", port, secure, user: env.GOLIVE_SMTP_USER, pass: env.GOLIVE_SMTP_PASS, from };
}
