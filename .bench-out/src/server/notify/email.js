import { emailDomainAllowed } from "../../checks/check-policy.js";
import { emailMessage } from "./email-message.js";
import { EMAIL } from "./smtp-settings.js";
export { EMAIL, smtpFromEnv, SmtpSettingsError } from "./smtp-settings.js";
/**
 * The recipients of an event on an e-mail route: its addresses, and the addressed people who are
 * e-mail addresses (a sign-off's role members) in `peopleDomains`: members are written in the
 * runbook by any editor, so only the domains the operator allows (none when not given) are mailed.
 */
export function recipients(to, e, peopleDomains = []) {
    const people = (e.to ?? []).filter((x) => EMAIL.test(x) && emailDomainAllowed(x, peopleDomains));
    return [...new Set([...to, ...people].map((x) => x.trim().toLowerCase()))];
}
/** SMTP reply codes 5xx are permanent (a refused recipient, a refused login): retrying cannot help. */
function smtpRetry(code) {
    return code === undefined || code < 500;
}
/**
 * E-mail over SMTP: a plain-text and an HTML part in the route's or runbook's language, with the
 * run's link, to the route's addresses plus, for an event addressed to people, those of them that
 * are e-mail addresses. One connection per message; bounded in time.
 */
export function emailChannel(opts) {
    const { smtp } = opts;
    const timeout = opts.timeoutMs ?? 15_000;
    // nodemailer loads with the first message, not with the server: a server that sends no e-mail
    // never holds it (about 700 KB of modules; see docs/performance.md, "Idle memory").
    let transport;
    const transporter = () => (transport ??= import("nodemailer").then(({ createTransport }) => createTransport({
        host: smtp.host, port: smtp.port, secure: smtp.secure,
        ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? "" } } : {}),
        connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout, logger: false, debug: false,
    })));
    const hide = (s) => (smtp.pass ? s.split(smtp.pass).join("***").split(encodeURIComponent(smtp.pass)).join("***") : s);
    return {
        id: opts.id,
        kind: "email",
        test: opts.test ?? false,
        accepts: (e) => recipients(opts.to, e, opts.peopleDomains).length > 0,
        async send(e) {
            const to = recipients(opts.to, e, opts.peopleDomains);
            const m = emailMessage(e, opts.language);
            try {
                const info = await (await transporter()).sendMail({
                    from: smtp.from, to, subject: m.subject, text: m.text, html: m.html,
                    headers: { "X-Golive-Event": e.type, "X-Golive-Delivery": e.id },
                    // The delivery id makes the Message-ID: a retry of one delivery is the same message.
                    messageId: `<${e.id}@golive>`,
                });
                const refused = info.rejected.length;
                if (refused)
                    return { ok: false, error: `${refused} of ${to.length} recipients refused`, retry: false };
                return { ok: true, retry: false };
            }
            catch (err) {
                const x = err;
                const what = x.responseCode ? `SMTP ${x.responseCode}: ${x.response ?? x.message}` : `${x.code ?? "error"}: ${x.message}`;
                return { ok: false, ...(x.responseCode ? { status: x.responseCode } : {}), error: hide(what).slice(0, 500), retry: smtpRetry(x.responseCode) };
            }
        },
    };
}
