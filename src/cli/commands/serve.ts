import type { Command } from "commander";
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { parseCheckEnv } from "../../checks/check-env.ts";
import { applyServeV8Flags } from "../low-memory.ts";
import { UsageError } from "../usage-error.ts";

interface Opts {
  db?: string;
  port: string;
  host: string;
  adminUser?: string;
  allowCommands?: boolean;
  checkEnv?: string;
  checkFiles?: string;
  secure?: boolean;
  checkEvery: string;
  keepRaw: string;
  keepMinutes: string;
  checks: boolean;
  notifyWebhook?: string;
  notifySlack?: string;
  notifyEmail?: string;
  notifyEmailDomains?: string;
  publicUrl?: string;
  demo: boolean;
}

export function register(program: Command): void {
  program
    .command("serve")
    .description("Run the server and dashboard: embedded database in .golive/data unless --db postgres://… is given.")
    .argument("[runbooks...]", "runbook files to load (default: the demo runbook); a run is created for each runbook without one")
    .option("--db <url>", "postgres://… URL, or a PGlite data directory (default .golive/data)")
    .option("--port <n>", "port", "8080")
    .option("--host <addr>", "address to listen on", "127.0.0.1")
    .option("--admin-user <name>", "create this admin account if missing; password from GOLIVE_ADMIN_PASSWORD")
    .option("--allow-commands", "let command checks run (off by default)")
    .option("--check-env <names>", "environment variables checks may read, by name or NAME_* prefix, comma-separated (default GOLIVE_CHECK_ENV; none if unset; GOLIVE_* never)")
    .option("--check-files <dir>", "folder checks may read files from (ca:, a command's cwd) (default GOLIVE_CHECK_FILES; none if unset)")
    .option("--secure", "served over TLS (or behind a TLS proxy): Secure cookies and HSTS")
    .option("--check-every <duration>", "how often a check without an interval of its own runs on schedule (at least 5s)", "5m")
    .option("--keep-raw <duration>", "how long raw check samples are kept; older ones live on as per-minute and per-hour aggregates", "2d")
    .option("--keep-minutes <duration>", "how long per-minute aggregates of check samples are kept (per-hour ones stay)", "35d")
    .option("--no-checks", "do not run checks on schedule (and no demo stand-ins)")
    .option("--no-demo", "without runbooks: do not start the demo's stand-ins (PostgreSQL, Prometheus, services on loopback)")
    .option("--notify-webhook <url>", "send every event of every live run to this URL as signed JSON (secret from GOLIVE_NOTIFY_SECRET)")
    .option("--notify-slack <url>", "send every event of every live run to this Slack incoming webhook")
    .option("--notify-email <addresses>", "e-mail every event of every live run to these addresses, comma-separated (SMTP from GOLIVE_SMTP_URL or GOLIVE_SMTP_HOST…, sender GOLIVE_SMTP_FROM)")
    .option("--notify-email-domains <domains>", "domains a runbook's own e-mail routes may write to, comma-separated (default GOLIVE_NOTIFY_EMAIL_DOMAINS; none if unset: runbooks send no e-mail)")
    .option("--public-url <url>", "the dashboard's address, for links in notifications (default http://HOST:PORT)")
    .action(async (runbooks: string[], opts: Opts) => {
      // Before the server's modules and PGlite's WebAssembly load: they are what the flags shape.
      applyServeV8Flags();
      const [{ parseDuration }, { DEMO_RUNBOOK, ServeInputError, startServer }] = await Promise.all([import("../../core/engine/index.ts"), import("../../server/serve.ts")]);
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: not a port: ${opts.port}`);
      const every = parseDuration(opts.checkEvery);
      if (every === undefined || every < 5000) throw new UsageError(`--check-every: a duration of at least 5s, e.g. 5m (got ${opts.checkEvery})`);
      const rawMs = parseDuration(opts.keepRaw);
      if (rawMs === undefined || rawMs < 3_600_000) throw new UsageError(`--keep-raw: a duration of at least 1h, e.g. 2d (got ${opts.keepRaw})`);
      const minuteMs = parseDuration(opts.keepMinutes);
      if (minuteMs === undefined || minuteMs < rawMs) throw new UsageError(`--keep-minutes: a duration no shorter than --keep-raw, e.g. 35d (got ${opts.keepMinutes})`);
      let checkEnv: string[];
      try {
        checkEnv = parseCheckEnv(opts.checkEnv ?? process.env.GOLIVE_CHECK_ENV ?? "");
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const filesDir = opts.checkFiles ?? process.env.GOLIVE_CHECK_FILES;
      const checkFiles = filesDir ? resolve(filesDir) : null;
      if (checkFiles !== null && !statSync(checkFiles, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--check-files: not a folder: ${filesDir ?? ""}`);
      const { smtpFromEnv } = await import("../../server/notify/smtp-settings.ts");
      let smtp: ReturnType<typeof smtpFromEnv>;
      try {
        smtp = smtpFromEnv(process.env);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const email = (opts.notifyEmail ?? process.env.GOLIVE_NOTIFY_EMAIL ?? "").split(/[\s,;]+/).filter(Boolean);
      const emailDomains = (opts.notifyEmailDomains ?? process.env.GOLIVE_NOTIFY_EMAIL_DOMAINS ?? "").split(/[\s,;]+/).filter(Boolean);
      const badDomain = emailDomains.find((d) => !/^@?[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(d));
      if (badDomain !== undefined) throw new UsageError(`--notify-email-domains: not a domain: ${badDomain}`);
      try {
        const server = await startServer({
          db: opts.db,
          host: opts.host,
          port,
          runbooks: runbooks.length ? runbooks : [DEMO_RUNBOOK],
          adminUser: opts.adminUser,
          adminPassword: process.env.GOLIVE_ADMIN_PASSWORD,
          allowCommands: opts.allowCommands ?? false,
          checkEnvAllow: checkEnv,
          checkFiles,
          secure: opts.secure ?? false,
          checkEveryMs: opts.checks ? every : 0,
          keepSamples: { rawMs, minuteMs },
          ...(process.env.GOLIVE_JOB_MAINTENANCE_SECONDS ? { jobMaintenanceSeconds: Number(process.env.GOLIVE_JOB_MAINTENANCE_SECONDS) } : {}),
          // The demo comes alive only when asked for nothing else: no runbooks, checks on.
          demo: runbooks.length === 0 && opts.demo && opts.checks,
          log: (line) => process.stderr.write(`golive: ${line}\n`),
          notify: { webhook: opts.notifyWebhook, slack: opts.notifySlack ?? process.env.GOLIVE_NOTIFY_SLACK, secret: process.env.GOLIVE_NOTIFY_SECRET, publicUrl: opts.publicUrl, email, smtp, emailDomains },
        });
        process.stdout.write(`golive serving on ${server.url} (store: ${server.store.driver}${opts.db ? "" : ", .golive/data"}; API docs ${server.url}/docs)\n`);
        const stop = () => {
          server.close().then(() => process.exit(0), () => process.exit(1));
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      } catch (e) {
        if (e instanceof ServeInputError) throw new UsageError(e.message);
        throw e;
      }
    });
}
