import { routeTakes } from "../../core/notify/routes.js";
import { emailDomainAllowed, emailDomainRefused } from "../../checks/check-policy.js";
import { Redactor, resolveSecrets } from "../../checks/secrets.js";
import { emailChannel, recipients } from "./email.js";
import { slackChannel } from "./slack.js";
import { webhookChannel } from "./webhook.js";
/** The channel id of a runbook's route: the runbook's id and the route's (unique within it). */
export function routeChannelId(rb, route) {
    return `runbook:${rb.meta.id}:${route.id}`;
}
const kindOf = (r) => (r.email ? "email" : r.slack ? "slack" : "webhook");
/** The runbook's routes as channels to route to. */
export function routeInfos(rb, emailDomains = []) {
    return (rb.notify?.routes ?? []).map((route) => ({
        id: routeChannelId(rb, route),
        kind: kindOf(route),
        test: route.test,
        route,
        ratePerMinute: route.rate_per_minute,
        accepts: (e) => routeTakes(route, e) && (route.email === undefined || recipients(route.email, e, emailDomains).length > 0),
    }));
}
/**
 * The channel that sends for a route: secrets resolved now (a MissingSecretError names the
 * variable when the operator no longer exposes it; its value never appears anywhere).
 */
export function buildRouteChannel(info, renv) {
    const r = resolveSecrets({ webhook: info.route.webhook, secret: info.route.secret, slack: info.route.slack }, renv.env(), new Redactor());
    const base = (() => {
        if (info.route.email) {
            if (!renv.smtp)
                throw new Error("e-mail is not set up on this server (GOLIVE_SMTP_URL or GOLIVE_SMTP_HOST, and GOLIVE_SMTP_FROM)");
            // A runbook stored before the operator narrowed the domains is held to today's list.
            const refused = info.route.email.find((a) => !emailDomainAllowed(a, renv.emailDomains ?? []));
            if (refused !== undefined)
                throw new Error(emailDomainRefused(refused, renv.emailDomains ?? []));
            return emailChannel({ id: info.id, smtp: renv.smtp, to: info.route.email, peopleDomains: renv.emailDomains ?? [], language: info.route.language, test: info.test });
        }
        if (r.slack !== undefined)
            return slackChannel({ id: info.id, url: r.slack, test: info.test });
        if ((r.secret ?? "").length < 16)
            throw new Error("the webhook's signing secret is shorter than 16 characters");
        return webhookChannel({ id: info.id, url: r.webhook ?? "", secret: r.secret ?? "", test: info.test });
    })();
    return { ...base, accepts: info.accepts };
}
