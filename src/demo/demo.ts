import { randomBytes } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { startPostgres, type TestPostgres } from "../testing/postgres.ts";
import { startPrometheus } from "../testing/prometheus.ts";
import { createGoodgoDatabase } from "./goodgo-db.ts";
import { GOODGO_SERVICES, GOODGO_SWITCHES, type GoodgoServices, startGoodgoServices } from "./goodgo-services.ts";
import { applyPancakeMigrations, createDatabase, createPancakeDatabase, loadPancakePilot } from "./pancake-db.ts";
import { PANCAKE_SWITCHES, type PancakeServices, startPancakeServices } from "./pancake-services.ts";
import { GOODGO_RULES, PANCAKE_RULES } from "./rules.ts";
import { Switches } from "./switches.ts";

export type DemoSystem = "pancake" | "goodgo";

export interface DemoOptions {
  /** Which stand-ins to start (default both). */
  systems?: readonly DemoSystem[];
  /**
   * Where the Pancake database stands: before the go-live migrations (the pre-flight checks hold),
   * or in the pilot (migrations applied, four weeks of events). Default "pilot".
   */
  pancakeStage?: "pre-migration" | "pilot";
  /** Prometheus scrape and rule evaluation interval (default 2s: a 1s scrape timeout is too tight on a busy CI machine). */
  interval?: string;
}

/** The running stand-ins. */
export interface Demo {
  /** The environment the seed runbooks read: PANCAKE_* and GOODGO_* URLs. Secret: they carry passwords. */
  env: Record<string, string>;
  /** Break and heal parts: names in `switches.list()` / BREAKABLE. */
  switches: Switches;
  /** A superuser URL of the PostgreSQL server, to break the data (drop an index...) in a rehearsal. */
  adminDbUrl: string;
  /** Moves the Pancake database from pre-migration to pilot (deploy steps 1-8, then the pilot's data). */
  advancePancake(): Promise<void>;
  /** Resolves when Prometheus has scraped every target again after now (bounded); with `healthy`, successfully. */
  waitForScrapes(healthy?: boolean): Promise<void>;
  stop(): Promise<void>;
}

/** Every switch of every stand-in. */
export const BREAKABLE: readonly string[] = [...PANCAKE_SWITCHES, ...GOODGO_SWITCHES];

/** Polls a PromQL query until it returns a number (bounded): rate() needs two scrapes first. */
async function waitForNumber(prometheusUrl: string, query: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`, { signal: AbortSignal.timeout(2000) });
    const body = (await res.json()) as { data?: { result?: { value?: [number, string] }[] } };
    const v = body.data?.result?.[0]?.value?.[1];
    if (v !== undefined && !Number.isNaN(Number(v))) return;
    // A real server filling its window: nothing to wait on but time.
    await delay(200);
  }
  throw new Error(`Prometheus at ${prometheusUrl} has no data for ${query}`);
}

/** Waits until every target was scraped after `since` (and, with `healthy`, successfully). */
async function waitForScrapesAfter(prometheusUrl: string, since: number, healthy: boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pending = "";
  while (Date.now() < deadline) {
    const res = await fetch(`${prometheusUrl}/api/v1/targets`, { signal: AbortSignal.timeout(2000) });
    const body = (await res.json()) as {
      data: { activeTargets: { lastScrape: string; lastScrapeDuration: number; health: string; scrapePool: string }[] };
    };
    const waiting = body.data.activeTargets.filter(
      (t) => Date.parse(t.lastScrape) + t.lastScrapeDuration * 1000 <= since || (healthy && t.health !== "up"),
    );
    if (waiting.length === 0) return;
    pending = waiting.map((t) => `${t.scrapePool} (${t.health})`).join(", ");
    await delay(100);
  }
  throw new Error(`Prometheus at ${prometheusUrl}: no fresh scrape of ${pending}`);
}

/**
 * Starts the stand-ins of seeds 000 and 001 on loopback: one PostgreSQL server (databases
 * `pancake` and `goodgo`), the HTTP services, and one Prometheus per system scraping them with the
 * seed's alert rules loaded. Resolves when the Prometheus quantiles have data.
 */
export async function startDemo(opts: DemoOptions = {}): Promise<Demo> {
  const systems = new Set(opts.systems ?? ["pancake", "goodgo"]);
  const switches = new Switches(BREAKABLE);
  const stoppers: (() => Promise<void>)[] = [];
  const env: Record<string, string> = {};
  const prometheusUrls: string[] = [];
  let postgres: TestPostgres | undefined;
  let pancakeDbUrl: string | undefined;
  let stage = opts.pancakeStage ?? "pilot";
  const stop = async (): Promise<void> => {
    for (const s of stoppers.reverse()) await s().catch(() => undefined);
    stoppers.length = 0;
  };
  try {
    postgres = await startPostgres();
    const pg = postgres;
    stoppers.push(() => pg.stop());
    const interval = opts.interval ?? "2s";

    const setUpPancake = async (): Promise<void> => {
      const dbUrl = await createDatabase(pg.url, "pancake");
      pancakeDbUrl = dbUrl;
      const loadData = async (): Promise<void> => {
        await createPancakeDatabase(dbUrl);
        if (stage === "pilot") {
          await applyPancakeMigrations(dbUrl);
          await loadPancakePilot(dbUrl);
        }
      };
      const startServices = async (): Promise<void> => {
        const services: PancakeServices = await startPancakeServices(dbUrl, switches);
        stoppers.push(() => services.stop());
        const p = await startPrometheus({
          interval,
          rules: PANCAKE_RULES,
          jobs: [
            { job: "webhook", targets: [`127.0.0.1:${services.webhook.port}`] },
            { job: "crm-api", targets: [`127.0.0.1:${services.crmApi.port}`] },
            { job: "postgres", targets: [`127.0.0.1:${services.postgresExporter.port}`] },
          ],
        });
        stoppers.push(() => p.stop());
        prometheusUrls.push(p.url);
        await waitForNumber(p.url, "histogram_quantile(0.95, sum by (le) (rate(pancake_webhook_latency_seconds_bucket[5m])))");
        await waitForNumber(p.url, "histogram_quantile(0.95, sum by (le) (rate(pancake_event_process_duration_seconds_bucket[5m])))");
        Object.assign(env, {
          PANCAKE_WEBHOOK_URL: services.webhook.url,
          PANCAKE_CRM_API_URL: services.crmApi.url,
          PANCAKE_DB_URL: dbUrl,
          PANCAKE_PROMETHEUS_URL: p.url,
        });
      };
      // The data loads while Prometheus starts and fills its first window.
      await Promise.all([loadData(), startServices()]);
    };

    const setUpGoodgo = async (): Promise<void> => {
      const goodgoDbUrl = await createGoodgoDatabase(pg.url, `demo-${randomBytes(6).toString("hex")}`);
      const services: GoodgoServices = await startGoodgoServices(switches);
      stoppers.push(() => services.stop());
      const g = await startPrometheus({
        interval,
        rules: GOODGO_RULES,
        jobs: GOODGO_SERVICES.map((service) => ({
          job: service,
          targets: [`127.0.0.1:${services.gateway.port}`],
          metricsPath: `/${service}/metrics`,
          labels: { service },
        })),
      });
      stoppers.push(() => g.stop());
      prometheusUrls.push(g.url);
      await waitForNumber(g.url, 'sum(rate(http_server_requests_total{track="canary"}[1m]))');
      Object.assign(env, {
        GOODGO_GATEWAY_URL: services.gateway.url,
        GOODGO_PUBLIC_URL: services.publicSite.url,
        GOODGO_DB_URL: goodgoDbUrl,
        GOODGO_PROMETHEUS_URL: g.url,
      });
    };

    const setUps: Promise<void>[] = [];
    if (systems.has("pancake")) setUps.push(setUpPancake());
    if (systems.has("goodgo")) setUps.push(setUpGoodgo());
    // Wait for all before judging: a failed one must not leave the other running unstopped.
    const settled = await Promise.allSettled(setUps);
    const failed = settled.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
  } catch (err) {
    await stop();
    throw err;
  }
  const adminDbUrl = postgres.url;
  const waitForFreshScrapes = async (healthy: boolean): Promise<void> => {
    const since = Date.now();
    await Promise.all(prometheusUrls.map((u) => waitForScrapesAfter(u, since, healthy)));
  };
  try {
    // Scrapes taken while the data loaded may have timed out: start from a clean, healthy view.
    await waitForFreshScrapes(true);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    env,
    switches,
    adminDbUrl,
    async advancePancake() {
      if (pancakeDbUrl === undefined) throw new Error("the pancake stand-in is not running");
      if (stage === "pilot") return;
      await applyPancakeMigrations(pancakeDbUrl);
      await loadPancakePilot(pancakeDbUrl);
      stage = "pilot";
      // Monitoring sees the new state (not the migration's long transaction) before anyone checks.
      await waitForFreshScrapes(true);
    },
    waitForScrapes: (healthy = false) => waitForFreshScrapes(healthy),
    stop,
  };
}
