import swagger from "@fastify/swagger";
import Fastify, {} from "fastify";
import { MAX_BODY_BYTES } from "../api/limits.js";
import { exposedEnv, RESERVED_PREFIX } from "../checks/check-env.js";
import { checkConfigPolicy } from "../checks/check-policy.js";
import { selfGuard } from "../checks/target-guard.js";
import { installAccessControl } from "./auth/access.js";
import { PrincipalCache } from "./auth/principal-cache.js";
import { LoginLimiter } from "./auth/rate-limit.js";
import { randomUUID } from "node:crypto";
import { MemoryJobQueue } from "../jobs/memory-queue.js";
import { CheckSchedule } from "./check-schedule.js";
import { RunNow } from "./run-now.js";
import { CheckService } from "./checks-service.js";
import { systemClock } from "./context.js";
import { installErrorHandling } from "./errors.js";
import { ChangeFeed } from "./feed.js";
import { ServerMetrics } from "./metrics.js";
import { notificationRoutes } from "./routes/notifications.js";
import { alertRoutes } from "./routes/alerts.js";
import { attestationRoutes } from "./routes/attestations.js";
import { auditRoutes } from "./routes/audit.js";
import { authRoutes } from "./routes/auth.js";
import { checkHistoryRoutes } from "./routes/check-history.js";
import { checkpointRoutes } from "./routes/checkpoints.js";
import { docsRoutes } from "./routes/docs.js";
import { eventRoutes } from "./routes/events.js";
import { healthRoutes } from "./routes/health.js";
import { incidentRoutes } from "./routes/incidents.js";
import { itemRoutes } from "./routes/items.js";
import { phaseRoutes } from "./routes/phases.js";
import { reviewRoutes } from "./routes/review.js";
import { runbookPreviewRoutes } from "./routes/runbook-preview.js";
import { demoRoutes } from "./routes/demo.js";
import { runbookRoutes } from "./routes/runbooks.js";
import { runRoutes } from "./routes/runs.js";
import { signoffRoutes } from "./routes/signoffs.js";
import { stepRoutes } from "./routes/steps.js";
import { userRoutes } from "./routes/users.js";
import { waiverRoutes } from "./routes/waivers.js";
import { waveRoutes } from "./routes/waves.js";
import { hypercareRoutes } from "./routes/hypercare.js";
import { Notifier } from "./notify/notifier.js";
import { RunService } from "./runs.js";
import { installSecurityHeaders } from "./security-headers.js";
import { installZodValidation, toOpenApiSchema } from "./validation.js";
import { webStaticRoutes } from "./web-static.js";
/** The composition root: one Fastify app over a store; routes are one plugin per resource. */
export async function buildApp(opts) {
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
        const version = e.after?.version;
        if (e.runId)
            runs.invalidate(e.runId, typeof version === "number" ? version : undefined);
        // An approval (on any instance) lets the command checks of every run of that runbook run.
        else if (e.action === "runbook.approve")
            runs.invalidateAll();
        // A withdrawal (on any instance) holds them again: the approval held here goes too.
        else if (e.action === "runbook.approval_withdraw")
            runs.approvalWithdrawn(e.subject.slice("runbook:".length));
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
        if (e.subject.startsWith("token:"))
            principals.drop({ prefix: `${e.subject}:` });
        if (e.subject.startsWith("user:"))
            principals.drop({ user: e.subject.slice(5) });
    });
    const checkPolicy = checkConfigPolicy(allow, opts.checkFiles ?? null, { emailDomains: opts.notifyEmailDomains ?? [] });
    const ctx = { store: opts.store, clock, runs, feed, metrics, checks, jobs, schedule, runNow, notifier, principals, checkPolicy, secure: opts.secure ?? false };
    const routes = [];
    app.addHook("onRoute", (r) => {
        const methods = Array.isArray(r.method) ? r.method : [r.method];
        for (const method of methods)
            if (method !== "HEAD")
                routes.push({ method, url: r.url, access: r.config?.access });
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
            const s = (schema ?? {});
            const out = { ...s };
            for (const key of ["body", "params", "querystring", "headers"])
                if (s[key])
                    out[key] = toOpenApiSchema(s[key]);
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
