import { readFile } from "node:fs/promises";
import { hostname } from "node:os";
import { fileURLToPath } from "node:url";
import { checkKinds } from "../checks/kinds.ts";
import { formatDiagnostic, loadRunbookFile } from "../format/load.ts";
import { openStore } from "../store/open.ts";
import { DuplicateError, type Store } from "../store/store.ts";
import type { JobQueue } from "../jobs/queue.ts";
import { needsApproval } from "./assignments.ts";
import { buildApp } from "./app.ts";
import { hashPassword } from "./auth/passwords.ts";
import { leasePermits } from "./lease-permits.ts";
import type { ServerContext } from "./context.ts";
import type { Channel } from "./notify/channel.ts";
import { EMAIL, emailChannel, type SmtpSettings } from "./notify/email.ts";
import { slackChannel } from "./notify/slack.ts";
import { webhookChannel } from "./notify/webhook.ts";
import type { DemoStatus } from "./demo-status.ts";
import { type StandIns, startStandInsProcess } from "./stand-ins.ts";

/** The runbook `golive serve` loads when none is given. */
export const DEMO_RUNBOOK = fileURLToPath(new URL("../../examples/pancake-crm-pilot.yaml", import.meta.url));

export interface ServeOptions {
  db?: string | undefined;
  host: string;
  port: number;
  runbooks: string[];
  adminUser?: string | undefined;
  /** From GOLIVE_ADMIN_PASSWORD; never printed. */
  adminPassword?: string | undefined;
  allowCommands: boolean;
  /** Variables exposed to checks (names, NAME_* prefixes); none when empty. */
  checkEnvAllow?: readonly string[] | undefined;
  /** The folder checks may read files from; none when null. */
  checkFiles?: string | null | undefined;
  secure: boolean;
  /** How often a check without an `interval` of its own runs; 0 turns scheduled checks off. */
  checkEveryMs: number;
  /** How long raw check samples and per-minute aggregates are kept (`--keep-raw`, `--keep-minutes`). */
  keepSamples?: { rawMs: number; minuteMs: number } | undefined;
  feedPollMs?: number;
  /** How often (seconds) pg-boss fails jobs whose instance died, so they are retried (default 10). */
  jobMaintenanceSeconds?: number;
  /**
   * Start the demo runbook's stand-ins (PostgreSQL, Prometheus, the services, on loopback) and
   * point its checks at them. The CLI sets it when serve is given no runbook (not with --no-demo).
   */
  demo?: boolean;
  log: (line: string) => void;
  /** Server-wide notification channels; the signing secret comes from GOLIVE_NOTIFY_SECRET. */
  notify?: { webhook?: string | undefined; slack?: string | undefined; secret?: string | undefined; publicUrl?: string | undefined; email?: readonly string[] | undefined; smtp?: SmtpSettings | undefined; emailDomains?: readonly string[] | undefined } | undefined;
}

/** The server-wide channels from serve's options; refuses a webhook without a signing secret. */
export function serverChannels(n: ServeOptions["notify"]): Channel[] {
  const out: Channel[] = [];
  const url = (flag: string, v: string) => {
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      throw new ServeInputError(`${flag}: not a URL`);
    }
    if (u.protocol !== "https:" && u.protocol !== "http:") throw new ServeInputError(`${flag}: an http(s) URL is expected`);
    return v;
  };
  if (n?.webhook) {
    if (!n.secret || n.secret.length < 16) throw new ServeInputError("--notify-webhook needs the signing secret in GOLIVE_NOTIFY_SECRET (at least 16 characters)");
    out.push(webhookChannel({ id: "server:webhook", url: url("--notify-webhook", n.webhook), secret: n.secret }));
  }
  if (n?.slack) out.push(slackChannel({ id: "server:slack", url: url("--notify-slack", n.slack) }));
  if (n?.email?.length) {
    if (!n.smtp) throw new ServeInputError("--notify-email needs the SMTP server in GOLIVE_SMTP_URL (or GOLIVE_SMTP_HOST) and the sender in GOLIVE_SMTP_FROM");
    const bad = n.email.filter((a) => !EMAIL.test(a));
    if (bad.length) throw new ServeInputError(`--notify-email: not an e-mail address: ${bad.join(", ")}`);
    out.push(emailChannel({ id: "server:email", smtp: n.smtp, to: n.email, peopleDomains: n.emailDomains ?? [] }));
  }
  return out;
}

/** A problem with what serve was given (bad runbook, missing password): exit 2. */
export class ServeInputError extends Error {
  override name = "ServeInputError";
}

export interface RunningServer {
  url: string;
  store: Store;
  ctx: ServerContext;
  close(): Promise<void>;
}

/** Seeds accounts and runbooks; answers, per runbook file, the ids of its runs. */
async function seed(store: Store, opts: ServeOptions): Promise<Map<string, string[]>> {
  const runsOf = new Map<string, string[]>();
  const at = new Date().toISOString();
  if (opts.adminUser) {
    const existing = await store.getUser(opts.adminUser);
    if (existing) opts.log(`account ${opts.adminUser} exists (${existing.role}); password unchanged`);
    else {
      if (!opts.adminPassword || opts.adminPassword.length < 12) throw new ServeInputError("--admin-user needs the password in GOLIVE_ADMIN_PASSWORD (at least 12 characters)");
      try {
        await store.createUser({ name: opts.adminUser, passwordHash: await hashPassword(opts.adminPassword), role: "admin", disabled: false }, { actor: "golive:serve", at });
        opts.log(`created admin account ${opts.adminUser}`);
      } catch (e) {
        // Another instance starting beside this one created it first: that is the same outcome.
        if (!(e instanceof DuplicateError)) throw e;
        opts.log(`account ${opts.adminUser} exists (created by another instance); password unchanged`);
      }
    }
  } else if ((await store.countUsers()) === 0) {
    opts.log("no accounts yet: restart with --admin-user NAME and GOLIVE_ADMIN_PASSWORD set to create the first admin");
  }
  const runs = await store.listRuns();
  for (const file of opts.runbooks) {
    const loaded = await loadRunbookFile(file, checkKinds);
    if (!loaded.ok) throw new ServeInputError(loaded.diagnostics.map(formatDiagnostic).join("\n"));
    const meta = loaded.loaded.runbook.meta;
    const rb = await store.putRunbook({ source: await readFile(file, "utf8"), runbookId: meta.id, title: meta.title }, { actor: "golive:serve", at });
    // The operator named this file on the command line: its command checks and the members it
    // names are the operator's own (approved as such), unless an admin withdrew that approval: a
    // restart does not undo an admin's withdrawal.
    if (needsApproval(loaded.loaded.runbook)) {
      const withdrawn = (await store.getRunbookApproval(rb.hash)) ? undefined : await store.getRunbookWithdrawal(rb.hash);
      if (withdrawn) opts.log(`${file}: ${withdrawn.withdrawnBy} withdrew the approval of this text (${withdrawn.withdrawnAt}): its command checks wait, and the members it names do not count, until an admin approves it again`);
      else await store.approveRunbook(rb.hash, { actor: "golive:serve", at });
    }
    const hashes = new Set((await store.listRunbooks()).filter((r) => r.runbookId === meta.id).map((r) => r.hash));
    const existing = runs.filter((r) => hashes.has(r.runbookHash)).map((r) => r.id);
    runsOf.set(file, existing);
    if (existing.length) continue;
    const id = `${meta.id.toLowerCase().replace(/[^a-z0-9-]+/g, "-").slice(0, 50)}-demo`;
    try {
      await store.createRun({ id, name: `${meta.title} (demo run)`, runbookHash: rb.hash, meta: meta.date ? { date: meta.date } : {} }, { actor: "golive:serve", at });
      runsOf.set(file, [id]);
      opts.log(`created run ${id} of ${meta.id}`);
    } catch (e) {
      if (!(e instanceof DuplicateError)) throw e;
      runsOf.set(file, [id]);
      opts.log(`run ${id} exists (created by another instance)`);
    }
  }
  return runsOf;
}

/** Opens the store, seeds accounts and runbooks, starts the HTTP server, the check scheduler and (with `demo`) the stand-ins. */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const channels = serverChannels(opts.notify);
  const store = await openStore(opts.db);
  let jobs: JobQueue | undefined;
  try {
    const runsOf = await seed(store, opts);
    // On PostgreSQL the jobs are in the database, so every instance shares them; pg-boss's
    // schema is installed under its own lock, so instances may start together.
    if (store.driver === "postgres" && opts.db) {
      // Loaded only here: the embedded store's server never needs pg-boss.
      const { PgBossJobQueue } = await import("../jobs/pg-boss-queue.ts");
      jobs = await PgBossJobQueue.start(opts.db, { onError: (e) => opts.log(`background jobs: ${e instanceof Error ? e.message : String(e)}`), permits: leasePermits(store), ...(opts.jobMaintenanceSeconds ? { maintenanceSeconds: opts.jobMaintenanceSeconds } : {}) });
    }

    const demo: DemoStatus = { state: opts.demo ? "starting" : "off", systems: opts.demo ? ["pancake"] : [], runs: opts.demo ? (runsOf.get(opts.runbooks[0] ?? "") ?? []) : [] };
    // The stand-ins' URLs join the environment the checks read once they are up.
    const checkEnv: Record<string, string | undefined> = { ...process.env };
    const skipRuns = new Set<string>();
    // The operator's allowlist; the demo's own stand-in URLs join it once they are up.
    const allow = [...(opts.checkEnvAllow ?? [])];
    const { app, ctx } = await buildApp({
      ...(jobs ? { jobs } : {}),
      store,
      secure: opts.secure,
      allowCommands: opts.allowCommands,
      checkEnvAllow: allow,
      checkFiles: opts.checkFiles ?? null,
      ...(opts.keepSamples ? { keepSamples: opts.keepSamples } : {}),
      pollFeed: true,
      ...(opts.checkEveryMs > 0 ? { schedule: { defaultEveryMs: opts.checkEveryMs } } : {}),
      // The pid says which process holds a check's lease (operators, and the multi-instance test).
      instanceId: `${hostname()}-${process.pid}`,
      feedPollMs: opts.feedPollMs ?? 500,
      processMetrics: true,
      logger: { level: "warn" },
      checkEnv,
      skipRuns,
      demo,
      smtp: opts.notify?.smtp,
      notifyEmailDomains: opts.notify?.emailDomains ?? [],
      notify: { channels, publicUrl: opts.notify?.publicUrl ?? (opts.port ? `http://${opts.host.includes(":") ? `[${opts.host}]` : opts.host}:${opts.port}` : undefined) },
    });
    const url = await app.listen({ host: opts.host, port: opts.port });
    const sweep = async () => {
      for (const r of await store.listRuns()) if (r.active) await ctx.notifier.sweep(await ctx.runs.context(r.id));
    };
    ctx.notifier.start(1_000, sweep, (e) => app.log.error({ err: e }, "notification delivery failed"));
    const startChecks = () => {
      if (opts.checkEveryMs > 0) void ctx.schedule.start((e) => app.log.error({ err: e }, "scheduled checks failed")).catch((e: unknown) => app.log.error({ err: e }, "scheduled checks failed to start"));
    };
    let closing = false;
    let standIns: StandIns | undefined;
    let starting: Promise<void> = Promise.resolve();
    if (opts.demo) {
      opts.log("starting the demo's stand-ins (PostgreSQL, Prometheus, the Pancake services) on 127.0.0.1; --no-demo turns them off");
      starting = startStandIns(demo, opts.log).then(async (s) => {
        if (closing) return s?.stop();
        standIns = s;
        if (s) {
          Object.assign(checkEnv, s.env);
          allow.push(...Object.keys(s.env).filter((k) => !allow.includes(k)));
        }
        else for (const r of demo.runs) skipRuns.add(r);
        // Checks start once their systems are there (or known absent): no first round of errors.
        startChecks();
      });
    } else startChecks();
    return {
      url,
      store,
      ctx,
      async close() {
        closing = true;
        await app.close();
        await starting;
        await standIns?.stop();
        await store.close();
      },
    };
  } catch (e) {
    await jobs?.stop(0).catch(() => undefined);
    await store.close();
    throw e;
  }
}

/** Starts the Pancake pilot's stand-ins; on failure records why (one line, with the fix) and answers undefined. */
async function startStandIns(demo: DemoStatus, log: (line: string) => void): Promise<StandIns | undefined> {
  const t0 = performance.now();
  try {
    // In a process of their own (src/demo/stand-ins-process.ts): the server never loads their code.
    const d = await startStandInsProcess();
    demo.state = "ready";
    demo.startMs = Math.round(performance.now() - t0);
    log(`demo stand-ins ready in ${(demo.startMs / 1000).toFixed(1)}s: the demo run's checks now reach them`);
    return d;
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    demo.state = "failed";
    demo.message = (text.split("\n")[0] ?? text).slice(0, 400);
    log(`demo stand-ins could not start: ${demo.message}. The demo run's checks are not scheduled.`);
    return undefined;
  }
}
