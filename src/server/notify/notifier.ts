import { createHash, randomUUID } from "node:crypto";
import { Redactor, secretNames } from "../../checks/secrets.ts";
import { computeStatus } from "../../core/engine/index.ts";
import { clockEvents, forecastCrossing, transitionEvents, type ClockLeads, type NotifyEvent, type Snapshot } from "../../core/notify/events.ts";
import { withFact } from "../../store/fold.ts";
import type { DeliveryOutcome, FactInput, OutboxInput, OutboxRecord, Store } from "../../store/store.ts";
import type { Clock } from "../clock.ts";
import type { RunContext } from "../runs.ts";
import { engineOptions } from "../run-cache.ts";
import type { Channel } from "./channel.ts";
import { runUrl, type Envelope } from "./envelope.ts";
import { buildRouteChannel, routeInfos, type ChannelInfo, type RouteEnv } from "./routes.ts";

export interface NotifierOptions {
  /** Server-wide channels (--notify-webhook, --notify-slack): every event of every live run. */
  channels: Channel[];
  /** The dashboard's public address, for links in messages. */
  publicUrl?: string | undefined;
  /** Deliveries per channel per minute; more wait for the next minute. */
  ratePerMinute?: number;
  /** Attempts before a delivery is given up as failed. */
  maxAttempts?: number;
  leads?: ClockLeads;
  instanceId?: string;
  /** Runbooks' own routes (`notify.routes`): what their `${env:…}` may read, and the SMTP settings. Without it they are ignored. */
  routes?: RouteEnv;
  /** Values never to show in the delivery log (the server's own GOLIVE_* secrets). */
  secrets?: readonly string[];
  /** A run's current state, to build a runbook route's channel at delivery. */
  context?: (runId: string) => Promise<RunContext>;
}

/** A channel in the dashboard's list: where a run's events go, without secrets. */
export interface ChannelView {
  id: string;
  kind: Channel["kind"];
  scope: "server" | "runbook";
  test: boolean;
  events: string[];
  severities: string[];
  rate_per_minute: number;
  /** Where it sends as the runbook writes it (`${env:…}` unresolved); none for the server's own. */
  target?: string;
}

const LEASE_MS = 60_000;
/** Backoff between attempts: 5 s, 30 s, 2 min, 10 min, then every 30 min. */
const BACKOFF_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000];

/** What the events compare: the status, the facts, and each sampled check's failures in a row. */
function snapshot(ctx: RunContext, now: Date): Snapshot {
  const streaks = new Map<string, number>();
  for (const [check, list] of ctx.segments) {
    const last = list.at(-1);
    streaks.set(check, last && (last.outcome === "fail" || last.outcome === "error") ? last.count : 0);
  }
  return { status: computeStatus(ctx.loaded, ctx.facts, now, engineOptions(ctx)), facts: ctx.facts, streaks };
}

/** The run's kind, from its record: a rehearsal sends to test channels only. */
function kindOf(ctx: RunContext): "live" | "rehearsal" {
  return ctx.run.kind === "rehearsal" ? "rehearsal" : "live";
}

/**
 * Turns what happens in runs into outbox rows (with the fact that caused them, or from the clock)
 * and delivers the outbox to the channels: claimed under a lease, retried with backoff, rate
 * limited per channel, every attempt in the delivery log.
 */
export class Notifier {
  readonly holder: string;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private working: Promise<number> | null = null;
  private readonly channels: Map<string, Channel>;
  /** Per run, whether the forecast fitted the rollback deadline at the last sweep. */
  private readonly fitted = new Map<string, boolean>();

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly opts: NotifierOptions) {
    this.holder = opts.instanceId ?? randomUUID();
    this.channels = new Map(opts.channels.map((c) => [c.id, c]));
  }

  /** Whether any channel can exist (server channels, or runbooks' routes taken into account). */
  get enabled(): boolean {
    return this.channels.size > 0 || this.opts.routes !== undefined;
  }

  /** The channels an event of this run may go to: the server's and its runbook's; a rehearsal's only test channels. */
  private route(ctx: RunContext): ChannelInfo[] {
    const kind = kindOf(ctx);
    const all: ChannelInfo[] = [...this.channels.values(), ...(this.opts.routes ? routeInfos(ctx.loaded.runbook, this.opts.routes?.emailDomains) : [])];
    return all.filter((c) => kind === "live" || c.test);
  }

  /** Outbox rows for events, one per channel, with stable ids (the same event gives the same id on every instance). */
  rows(ctx: RunContext, events: readonly NotifyEvent[], now: Date): OutboxInput[] {
    if (!events.length) return [];
    const channels = this.route(ctx);
    const at = now.toISOString();
    const rb = ctx.loaded.runbook;
    const url = runUrl(this.opts.publicUrl, ctx.run.id);
    return events.flatMap((e) => channels.filter((c) => c.accepts?.(e) ?? true).map((c): OutboxInput => {
      const id = `ntf_${createHash("sha256").update(`${ctx.run.id}\n${c.id}\n${e.key}`).digest("hex").slice(0, 24)}`;
      const payload: Envelope = {
        id, type: e.type, version: e.version, key: e.key, at,
        run: { id: ctx.run.id, name: ctx.run.name, kind: kindOf(ctx), ...(url ? { url } : {}) },
        runbook: { id: rb.meta.id, title: rb.meta.title, ...(rb.meta.language ? { language: rb.meta.language } : {}) },
        subject: e.subject, title: e.title, data: e.data,
        ...(e.severity !== undefined ? { severity: e.severity } : {}), ...(e.to ? { to: e.to } : {}),
      };
      return { id, runId: ctx.run.id, channel: c.id, eventType: e.type, dedupKey: `${ctx.run.id}:${e.key}`, payload, createdAt: at, nextAtMs: now.getTime() };
    }));
  }

  /** The rows a fact causes: the transitions between the run before and after it, at `now`. */
  forFact(ctx: RunContext, fact: FactInput, now: Date): OutboxInput[] {
    if (!this.enabled || !this.route(ctx).length) return [];
    return this.forTransition(ctx, { ...ctx, facts: withFact(ctx.facts, fact) }, now, ctx.run.version + 1);
  }

  /** The rows for what changed between two states of a run (`at`: the version the change made). */
  forTransition(before: RunContext, after: RunContext, now: Date, at: number): OutboxInput[] {
    if (!this.enabled || !this.route(after).length) return [];
    return this.rows(after, transitionEvents(after.loaded.runbook, snapshot(before, now), snapshot(after, now), at), now);
  }

  /** Queues the clock's events for a run (due, overdue, expiring); the dedup key makes repeats free. */
  async sweep(ctx: RunContext): Promise<number> {
    if (!this.enabled || !this.route(ctx).length) return 0;
    const now = this.clock.now();
    const status = computeStatus(ctx.loaded, ctx.facts, now, engineOptions(ctx));
    const events = clockEvents(status, now, this.opts.leads);
    // The forecast crossing the deadline as time passes: against what this instance saw last.
    const crossing = forecastCrossing(this.fitted.get(ctx.run.id), status, ctx.run.version);
    if (crossing) events.push(crossing);
    if (status.forecast?.fitsDeadline !== undefined) this.fitted.set(ctx.run.id, status.forecast.fitsDeadline);
    return this.store.enqueue(this.rows(ctx, events, now));
  }

  /**
   * Queues a test event to one channel (the dashboard's test send); a new id each time. Audited
   * with it (`notification.test`: who, which channel, queued), and again when delivery ends
   * (`notification.test_result`); the events name the channel by id, never its URL or secret.
   */
  async test(ctx: RunContext, channelId: string, by: string): Promise<string> {
    const now = this.clock.now();
    const event: NotifyEvent = { type: "test", version: 1, subject: "run", title: `Test notification sent by ${by}`, data: { by }, key: `test:${randomUUID()}` };
    const row = this.rows({ ...ctx, run: { ...ctx.run } }, [event], now).find((r) => r.channel === channelId);
    if (!row) throw new Error(`no channel '${channelId}' for this run`);
    const kind = this.list(ctx).find((c) => c.id === channelId)?.kind;
    // `version`: the run's, unchanged (a test send changes no state), so readers keep their copy.
    await this.store.enqueue([row], { at: now.toISOString(), actor: by, action: "notification.test", runId: ctx.run.id, subject: `channel:${channelId}`, after: { channel: channelId, kind, delivery: row.id, outcome: "queued", version: ctx.run.version } });
    this.kick();
    return row.id;
  }

  /** A run's channels, for the dashboard: the server's, then its runbook's routes; `test` marks those a rehearsal sends to. */
  list(ctx: RunContext): ChannelView[] {
    const rate = this.opts.ratePerMinute ?? 30;
    const server = [...this.channels.values()].map((c): ChannelView => ({ id: c.id, kind: c.kind, scope: "server", test: c.test, events: ["*"], severities: [], rate_per_minute: rate }));
    const own = this.opts.routes ? routeInfos(ctx.loaded.runbook, this.opts.routes?.emailDomains) : [];
    return [...server, ...own.map((c): ChannelView => {
      const r = c.route;
      const target = r?.email?.join(", ") ?? r?.slack ?? r?.webhook;
      return { id: c.id, kind: c.kind, scope: "runbook", test: c.test, events: r?.events ?? ["*"], severities: r?.severities ?? [], rate_per_minute: c.ratePerMinute ?? rate, ...(target ? { target } : {}) };
    })];
  }

  /**
   * What cuts secrets out of a run's delivery log before anyone sees it: the server's own, the
   * SMTP password, and the values of the variables the run's routes read (channels already hide
   * what they know; this is the second lock).
   */
  redactor(ctx: RunContext): Redactor {
    const r = new Redactor();
    for (const v of this.opts.secrets ?? []) r.add(v);
    if (this.opts.routes?.smtp?.pass) r.add(this.opts.routes.smtp.pass);
    const env = this.opts.routes?.env() ?? {};
    for (const name of secretNames(ctx.loaded.runbook.notify ?? {})) {
      const v = env[name];
      if (v && v.length >= 4) r.add(v);
    }
    return r;
  }

  /** The channel that sends a row, and its rate limit; or why there is none. */
  private async sender(row: OutboxRecord): Promise<{ channel: Channel; rate: number } | { error: string }> {
    const rate = this.opts.ratePerMinute ?? 30;
    const server = this.channels.get(row.channel);
    if (server) return { channel: server, rate };
    if (!row.channel.startsWith("runbook:") || !this.opts.routes || !this.opts.context || !row.runId) return { error: `channel '${row.channel}' is not configured on this server` };
    const ctx = await this.opts.context(row.runId);
    const info = routeInfos(ctx.loaded.runbook, this.opts.routes?.emailDomains).find((c) => c.id === row.channel);
    if (!info?.route) return { error: `the run's runbook has no route '${row.channel}' any more` };
    try {
      return { channel: buildRouteChannel({ ...info, route: info.route }, this.opts.routes), rate: info.ratePerMinute ?? rate };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }

  /** Delivers what is due now; returns how many attempts were made. Concurrent calls share one round. */
  deliver(): Promise<number> {
    this.working ??= this.round().finally(() => {
      this.working = null;
    });
    return this.working;
  }

  private async round(): Promise<number> {
    let attempts = 0;
    for (;;) {
      const nowMs = this.clock.now().getTime();
      const claimed = await this.store.claimOutbox(this.holder, nowMs, LEASE_MS, 20);
      if (!claimed.length) return attempts;
      for (const row of claimed) attempts += await this.attempt(row);
    }
  }

  private async attempt(row: OutboxRecord): Promise<number> {
    const nowMs = this.clock.now().getTime();
    const found = await this.sender(row);
    if ("error" in found) {
      await this.finish(row, { ok: false, error: found.error, durationMs: 0, atMs: nowMs });
      return 1;
    }
    const { channel, rate: limit } = found;
    // The window is the last minute, (now - 60 s, now]: a delivery a minute ago no longer counts.
    if ((await this.store.countDeliveries(row.channel, nowMs - 60_000 + 1)) >= limit) {
      await this.store.postponeDelivery(row, this.holder, nowMs + 60_000);
      return 0;
    }
    const started = performance.now();
    const r = await channel.send(row.payload as Envelope, nowMs);
    const outcome: DeliveryOutcome = { ok: r.ok, durationMs: performance.now() - started, atMs: this.clock.now().getTime(), status: r.status, error: r.error };
    if (!r.ok && r.retry && row.attempts < (this.opts.maxAttempts ?? 8)) outcome.retryAtMs = outcome.atMs + (BACKOFF_MS[row.attempts - 1] ?? 1_800_000);
    await this.finish(row, outcome);
    return 1;
  }

  /**
   * Records an attempt; a test send's last one (sent, or failed for good) is audited with it:
   * the outcome and HTTP status, not the error text (a receiver's answer may carry anything).
   */
  private finish(row: OutboxRecord, o: DeliveryOutcome): Promise<boolean> {
    const final = o.ok || o.retryAtMs === undefined;
    if (row.eventType !== "test" || !final) return this.store.finishDelivery(row, this.holder, o);
    const by = (row.payload as Partial<Envelope>).data?.by;
    return this.store.finishDelivery(row, this.holder, o, {
      at: new Date(o.atMs).toISOString(), actor: "golive:notify", action: "notification.test_result", runId: row.runId, subject: `channel:${row.channel}`,
      after: { channel: row.channel, delivery: row.id, requested_by: typeof by === "string" ? by : null, outcome: o.ok ? "sent" : "failed", status: o.status ?? null, attempts: row.attempts },
    });
  }

  /** Delivers soon (after a write queued rows), without waiting for the timer. */
  kick(): void {
    if (!this.enabled || this.stopped) return;
    void this.deliver().catch(() => undefined);
  }

  /**
   * Delivers every `everyMs` and sweeps active runs for the clock's events every `sweepMs` until
   * stop(). Every instance may run this: claims are exclusive and the clock's events dedupe.
   */
  start(everyMs: number, sweep: () => Promise<void>, onError: (e: unknown) => void, sweepMs = 30_000): void {
    if (!this.enabled) return;
    this.stopped = false;
    let lastSweep = 0;
    const loop = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        const now = this.clock.now().getTime();
        const swept = now - lastSweep >= sweepMs ? ((lastSweep = now), sweep()) : Promise.resolve();
        swept.then(() => this.deliver()).catch(onError).finally(loop);
      }, everyMs);
      this.timer.unref();
    };
    loop();
  }

  /** Stops the timer and waits for a round in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.working?.catch(() => undefined);
  }
}
