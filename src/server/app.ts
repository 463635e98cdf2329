import swagger from "@fastify/swagger";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { MAX_BODY_BYTES } from "../api/limits.ts";
import { exposedEnv, RESERVED_PREFIX } from "../checks/check-env.ts";
import { checkConfigPolicy } from "../checks/check-policy.ts";
import type { CheckKind } from "../checks/kinds.ts";
import { selfGuard } from "../checks/target-guard.ts";
import type { Provider } from "../checks/provider.ts";
import type { Store } from "../store/store.ts";
import { assertDeclared, installAccessControl } from "./auth/access.ts";
import { PrincipalCache } from "./auth/principal-cache.ts";
import { LoginLimiter } from "./auth/rate-limit.ts";
import { randomUUID } from "node:crypto";
import { MemoryJobQueue } from "../jobs/memory-queue.ts";
import type { JobQueue } from "../jobs/queue.ts";
import { CheckSchedule, type CheckScheduleOptions } from "./check-schedule.ts";
import { RunNow } from "./run-now.ts";
import { CheckService } from "./checks-service.ts";
import type { DemoStatus } from "./demo-status.ts";
import { systemClock, type Access, type Actor, type Clock, type ServerContext } from "./context.ts";
import { installErrorHandling } from "./errors.ts";
import { ChangeFeed } from "./feed.ts";
import { ServerMetrics } from "./metrics.ts";
import { notificationRoutes } from "./routes/notifications.ts";
import { alertRoutes } from "./routes/alerts.ts";
import { attestationRoutes } from "./routes/attestations.ts";
import { auditRoutes } from "./routes/audit.ts";
import { authRoutes } from "./routes/auth.ts";
import { checkHistoryRoutes } from "./routes/check-history.ts";
import { checkpointRoutes } from "./routes/checkpoints.ts";
import { docsRoutes } from "./routes/docs.ts";
import { eventRoutes } from "./routes/events.ts";
import { healthRoutes } from "./routes/health.ts";
import { incidentRoutes } from "./routes/incidents.ts";
import { itemRoutes } from "./routes/items.ts";
import { phaseRoutes } from "./routes/phases.ts";
import { reviewRoutes } from "./routes/review.ts";
import { runbookPreviewRoutes } from "./routes/runbook-preview.ts";
import { demoRoutes } from "./routes/demo.ts";
import { runbookRoutes } from "./routes/runbooks.ts";
import { runRoutes } from "./routes/runs.ts";
import { signoffRoutes } from "./routes/signoffs.ts";
import { stepRoutes } from "./routes/steps.ts";
import { userRoutes } from "./routes/users.ts";
import { waiverRoutes } from "./routes/waivers.ts";
import { waveRoutes } from "./routes/waves.ts";
import { hypercareRoutes } from "./routes/hypercare.ts";
import { Notifier, type NotifierOptions } from "./notify/notifier.ts";
import type { SmtpSettings } from "./notify/smtp-settings.ts";
import { RunService } from "./runs.ts";
import { installSecurityHeaders } from "./security-headers.ts";
import { installZodValidation, toOpenApiSchema } from "./validation.ts";
import { webStaticRoutes } from "./web-static.ts";

export interface AppOptions {
  store: Store;
  clock?: Clock;
  /** Served over TLS (or behind a TLS proxy): Secure cookies and HSTS. */
  secure?: boolean;
  allowCommands?: boolean;
  /**
   * Variables exposed to checks, by name or NAME_* prefix (never GOLIVE_*); default none. Read at
   * each run and upload: serve adds the demo stand-ins' names once they are up.
   */
  checkEnvAllow?: readonly string[];
  /** The folder checks may read files from; default none. */
  checkFiles?: string | null;
  /** How long raw check samples and their per-minute aggregates are kept (default DEFAULT_KEEP_SAMPLES). */
  keepSamples?: { rawMs: number; minuteMs: number };
  providers?: Readonly<Record<CheckKind, Provider>>;
  logger?: FastifyServerOptions["logger"];
  /** How often the change feed reads the database for changes made by other instances. */
  feedPollMs?: number;
  /** Start the feed's poll timer (tests leave it off and call ctx.feed.poll()). */
  pollFeed?: boolean;
  sseHeartbeatMs?: number;
  loginLimit?: { max: number; windowMs: number };
  /** Process metrics (CPU, memory, event loop) in /metrics. */
  processMetrics?: boolean;
  instanceId?: string;
  /** The job queue (default: in-process); the app stops it when it closes. */
  jobs?: JobQueue;
  /** Limits and defaults of scheduled checks. */
  schedule?: Pick<CheckScheduleOptions, "concurrency" | "perRun" | "perTarget" | "defaultEveryMs">;
  /** How often an unchanged run's status is recomputed for the time (overdue, expiries). */
  statusRefreshMs?: number;
  /** How long a resolved session or token is trusted without reading the store (0: never). */
  principalTtlMs?: number;
  trustProxy?: boolean;
  /**
   * The environment `checkEnvAllow` picks from (default process.env); serve adds the demo
   * stand-ins' URLs. Checks never see it whole.
   */
  checkEnv?: Readonly<Record<string, string | undefined>>;
  /** Runs the scheduler leaves alone (the demo's, when its stand-ins could not start). */
  skipRuns?: ReadonlySet<string>;
  /** The demo stand-ins' state, shown by GET /api/demo (off when not given). */
  demo?: DemoStatus;
  /** Notification channels and their settings (none: nothing is queued). */
  notify?: NotifierOptions;
  /** The server's SMTP settings (GOLIVE_SMTP_*), for e-mail routes. */
  smtp?: SmtpSettings | undefined;
  /** Domains a runbook's `notify` e-mail routes may write to (default none: runbooks send no e-mail). */
  notifyEmailDomains?: readonly string[] | undefined;
}

/** A registered route and who may call it. */
export interface RouteInfo {
  method: string;
  url: string;
  access: Access | undefined;
  actor: Actor | undefined;
}

/** The composition root: one Fastify app over a store; routes are one plugin per resource. */
export async function buildApp(opts: AppOptions): Promise<{ app: FastifyInstance; ctx: ServerContext; routes: RouteInfo[] }> {
  const clock = opts.clock ?? systemClock;
  const app = Fastify({ logger: opts.logger ?? false, trustProxy: opts.trustProxy ?? false, bodyLimit: MAX_BODY_BYTES, return503OnClosing: true });
  const metrics = new ServerMetrics({ defaults: opts.processMetrics ?? false });
  const runs = new RunService(opts.store, clock, opts.statusRefreshMs, opts.allowCommands ?? false);
  // The log stays the truth: a bad snapshot costs one full read and is replaced, but is worth a line.
  runs.onSnapshotRejected = (runId, reason) => app.log.warn({ run: runId }, `snapshot rejected, rebuilt from the fact log: ${reason}`);
  runs.onRefreshFailed = (runId, e) => app.log.warn({ run: runId, err: e }, "reading other instances' check segments failed; the next status tries again");
  const environment = opts.checkEnv ?? process.env;
  const allow = opts.checkEnvAllow ?? [];
  const feed = new ChangeFeed(opts.store, opts.feedPollMs ?? 500);
  feed.onEvent((e) => {
    // The version the change made (facts and run updates carry it): a change held already costs nothing.
    const version = (e.after as { version?: unknown } | null)?.version;
    if (e.runId) runs.invalidate(e.runId, typeof version === "number" ? version : undefined);
    // An approval (on any instance) lets the command checks of every run of that runbook run.
    else if (e.action === "runbook.approve") runs.invalidateAll();
    // A withdrawal (on any instance) holds them again: the approval held here goes too.
    else if (e.action === "runbook.approval_withdraw") runs.approvalWithdrawn(e.subject.slice("runbook:".length));
  });
  const instanceId = opts.instanceId ?? randomUUID();
  const ownSecrets = Object.entries(environment).flatMap(([k, v]) => (k.toUpperCase().startsWith(RESERVED_PREFIX) && v !== undefined && v.length >= 8 ? [v] : []));
  const checks = new CheckService(opts.store, runs, clock, metrics, {
    allowCommands: opts.allowCommands ?? false,
    ...(opts.keepSamples ? { keepSamples: opts.keepSamples } : {}),
    env: environment,
    envAllow: allow,
    files: opts.checkFiles ?? null,
    // Checks never reach this server's own API (it listens once buildApp returns).
    guard: selfGuard(() => {
      const a = app.server.address();
      return a !== null && typeof a === "object" ? [a.port] : [];
    }),
    // golive's own secrets are cut out of results even if a command finds them (e.g. in /proc).
    knownSecrets: ownSecrets,
    ...(opts.providers ? { providers: opts.providers } : {}),
    instanceId,
  });
  runs.onApprovalWithdrawn = (hash) => checks.cancelCommands(hash);
  const jobs = opts.jobs ?? new MemoryJobQueue({ onError: (e) => app.log.error({ err: e }, "background job failed") });
  const schedule = new CheckSchedule(opts.store, runs, checks, jobs, clock, {
    ...opts.schedule,
    allowCommands: opts.allowCommands ?? false,
    instanceId,
    ...(opts.skipRuns ? { skipRuns: opts.skipRuns } : {}),
  });
  const runNow = new RunNow(opts.store, runs, checks, jobs, { ...(opts.schedule?.perRun ? { perRun: opts.schedule.perRun } : {}), ...(opts.schedule?.perTarget ? { perTarget: opts.schedule.perTarget } : {}) });
  await runNow.start();
  const notifier = new Notifier(opts.store, clock, {
    channels: [],
    ...opts.notify,
    // Runbooks' own routes read `${env:…}` under the checks' allowlist (the same rule the upload enforces).
    routes: { env: () => exposedEnv(environment, allow), smtp: opts.smtp, emailDomains: opts.notifyEmailDomains ?? [] },
    context: (runId) => runs.context(runId),
    secrets: ownSecrets,
    ...(opts.instanceId ? { instanceId: opts.instanceId } : {}),
  });
  runs.notifications = { forFact: (c, f, now) => notifier.forFact(c, f, now), forTransition: (b, a, now, at) => notifier.forTransition(b, a, now, at), queued: () => notifier.kick() };
  const principals = new PrincipalCache(opts.principalTtlMs ?? 5_000);
  feed.onEvent((e) => {
    // Account and token changes reach every instance through the feed: forget what they change.
    if (e.subject.startsWith("token:")) principals.drop({ prefix: `${e.subject}:` });
    if (e.subject.startsWith("user:")) principals.drop({ user: e.subject.slice(5) });
  });
  const checkPolicy = checkConfigPolicy(allow, opts.checkFiles ?? null, { emailDomains: opts.notifyEmailDomains ?? [] });
  const ctx: ServerContext = { store: opts.store, clock, runs, feed, metrics, checks, jobs, schedule, runNow, notifier, principals, checkPolicy, secure: opts.secure ?? false };

  const routes: RouteInfo[] = [];
  app.addHook("onRoute", (r) => {
    // A route that forgets who may call it, or whether a token may, stops the app from starting.
    assertDeclared(r);
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const method of methods) if (method !== "HEAD") routes.push({ method, url: r.url, access: r.config?.access, actor: r.config?.actor });
  });
  installZodValidation(app);
  installErrorHandling(app);
  installSecurityHeaders(app, ctx.secure);
  installAccessControl(app, ctx);
  app.addHook("onResponse", async (req, reply) => {
    const route = req.routeOptions.url ?? "unmatched";
    metrics.requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    metrics.duration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: { title: "golive API", version: "0.1.0", description: "Runs, facts, decisions and audit of golive runbooks." },
      components: {
        securitySchemes: {
          token: { type: "http", scheme: "bearer", description: "API token `glv_…` (POST /api/tokens)." },
          session: { type: "apiKey", in: "cookie", name: "golive_session" },
        },
      },
      security: [{ token: [] }, { session: [] }],
    },
    transform: ({ schema, url }) => {
      const s = (schema ?? {}) as Record<string, unknown>;
      const out: Record<string, unknown> = { ...s };
      for (const key of ["body", "params", "querystring", "headers"]) if (s[key]) out[key] = toOpenApiSchema(s[key]);
      return { schema: out, url };
    },
  });

  // Per account: few guesses. Per address: more, since an office shares one address.
  const windowMs = opts.loginLimit?.windowMs ?? 15 * 60_000;
  const limiters = { user: new LoginLimiter(opts.loginLimit?.max ?? 5, windowMs), address: new LoginLimiter((opts.loginLimit?.max ?? 5) * 10, windowMs) };
  await app.register(healthRoutes(ctx));
  await app.register(docsRoutes());
  await app.register(authRoutes(ctx, limiters));
  await app.register(userRoutes(ctx));
  await app.register(runbookRoutes(ctx));
  await app.register(runbookPreviewRoutes());
  await app.register(demoRoutes(opts.demo ?? { state: "off", systems: [], runs: [] }));
  await app.register(runRoutes(ctx));
  await app.register(checkHistoryRoutes(ctx));
  await app.register(itemRoutes(ctx));
  await app.register(waveRoutes(ctx));
  await app.register(hypercareRoutes(ctx));
  await app.register(stepRoutes(ctx));
  await app.register(checkpointRoutes(ctx));
  await app.register(signoffRoutes(ctx));
  await app.register(waiverRoutes(ctx));
  await app.register(attestationRoutes(ctx));
  await app.register(incidentRoutes(ctx));
  await app.register(alertRoutes(ctx));
  await app.register(notificationRoutes(ctx));
  await app.register(phaseRoutes(ctx));
  await app.register(reviewRoutes(ctx));
  await app.register(auditRoutes(ctx));
  await app.register(eventRoutes(ctx, { heartbeatMs: opts.sseHeartbeatMs ?? 15_000 }));
  await app.register(webStaticRoutes());

  await feed.start({ poll: opts.pollFeed ?? false });
  app.addHook("onClose", async () => {
    schedule.stop();
    await jobs.stop();
    await notifier.stop();
    await feed.stop();
    await runs.settled();
  });
  await app.ready();
  return { app, ctx, routes };
}
