import { routeTakes } from "../../core/notify/routes.ts";
import type { NotifyRoute, Runbook } from "../../core/model/runbook.ts";
import { emailDomainAllowed, emailDomainRefused } from "../../checks/check-policy.ts";
import { Redactor, resolveSecrets } from "../../checks/secrets.ts";
import type { Channel } from "./channel.ts";
import { emailChannel, recipients } from "./email.ts";
import type { Envelope } from "./envelope.ts";
import { slackChannel } from "./slack.ts";
import type { SmtpSettings } from "./smtp-settings.ts";
import { webhookChannel } from "./webhook.ts";

// A runbook's own notification routes (`notify.routes`). Routing needs only what the runbook says
// (no secret is read to decide where an event goes); the channel that sends is built at delivery,
// with `${env:…}` resolved from the variables the operator exposes (the checks' allowlist).

/** What routing and the dashboard know of a channel without its secrets. */
export type ChannelInfo = Pick<Channel, "id" | "kind" | "test" | "accepts"> & {
  /** A runbook's route: its filters and where it sends, as written (`${env:…}` unresolved). */
  route?: NotifyRoute;
  /** Deliveries a minute this channel takes. */
  ratePerMinute?: number;
};

/** The channel id of a runbook's route: the runbook's id and the route's (unique within it). */
export function routeChannelId(rb: Runbook, route: NotifyRoute): string {
  return `runbook:${rb.meta.id}:${route.id}`;
}

const kindOf = (r: NotifyRoute): Channel["kind"] => (r.email ? "email" : r.slack ? "slack" : "webhook");

/** The runbook's routes as channels to route to. */
export function routeInfos(rb: Runbook, emailDomains: readonly string[] = []): ChannelInfo[] {
  return (rb.notify?.routes ?? []).map((route) => ({
    id: routeChannelId(rb, route),
    kind: kindOf(route),
    test: route.test,
    route,
    ratePerMinute: route.rate_per_minute,
    accepts: (e: Pick<Envelope, "type" | "severity" | "to">) => routeTakes(route, e) && (route.email === undefined || recipients(route.email, e, emailDomains).length > 0),
  }));
}

/** Where a route's channel gets what it needs: the exposed environment and the server's SMTP settings. */
export interface RouteEnv {
  /** Only the variables the operator exposes (--check-env), never the whole environment; read at each delivery. */
  env: () => Readonly<Record<string, string | undefined>>;
  smtp?: SmtpSettings | undefined;
  /** Domains a runbook's e-mail route may write to (none when unset); checked again at each delivery. */
  emailDomains?: readonly string[] | undefined;
}

/**
 * The channel that sends for a route: secrets resolved now (a MissingSecretError names the
 * variable when the operator no longer exposes it; its value never appears anywhere).
 */
export function buildRouteChannel(info: ChannelInfo & { route: NotifyRoute }, renv: RouteEnv): Channel {
  const r = resolveSecrets({ webhook: info.route.webhook, secret: info.route.secret, slack: info.route.slack }, renv.env(), new Redactor());
  const base = (() => {
    if (info.route.email) {
      if (!renv.smtp) throw new Error("e-mail is not set up on this server (GOLIVE_SMTP_URL or GOLIVE_SMTP_HOST, and GOLIVE_SMTP_FROM)");
      // A runbook stored before the operator narrowed the domains is held to today's list.
      const refused = info.route.email.find((a) => !emailDomainAllowed(a, renv.emailDomains ?? []));
      if (refused !== undefined) throw new Error(emailDomainRefused(refused, renv.emailDomains ?? []));
      return emailChannel({ id: info.id, smtp: renv.smtp, to: info.route.email, peopleDomains: renv.emailDomains ?? [], language: info.route.language, test: info.test });
    }
    if (r.slack !== undefined) return slackChannel({ id: info.id, url: r.slack, test: info.test });
    if ((r.secret ?? "").length < 16) throw new Error("the webhook's signing secret is shorter than 16 characters");
    return webhookChannel({ id: info.id, url: r.webhook ?? "", secret: r.secret ?? "", test: info.test });
  })();
  return { ...base, accepts: info.accepts };
}
