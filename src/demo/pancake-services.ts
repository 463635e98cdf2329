import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import pg from "pg";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { type DemoServer, json, listen } from "./http.ts";
import type { Switches } from "./switches.ts";
import { every, Lcg } from "./traffic.ts";

/** The switches the Pancake stand-ins honour. */
export const PANCAKE_SWITCHES = [
  "webhook-healthz",
  "webhook-readyz",
  "webhook-metrics",
  "webhook-latency",
  "webhook-hmac",
  "crm-api-healthz",
  "crm-api-metrics",
] as const;

/** The HMAC secret the stand-in's "Nginx Lua" verifies X-Pancake-Signature with (E7.2). */
export const DEMO_HMAC_SECRET = "demo-pancake-webhook-secret";

export interface PancakeServices {
  webhook: DemoServer;
  crmApi: DemoServer;
  /** A postgres_exporter stand-in: pg_stat_activity_max_tx_duration from the real database. */
  postgresExporter: DemoServer;
  stop(): Promise<void>;
}

function memoryGauge(registry: Registry, container: string): void {
  new Gauge({
    name: "container_memory_working_set_bytes",
    help: "Working set of the container (the stand-in's resident memory).",
    labelNames: ["container"],
    registers: [registry],
    collect() {
      this.set({ container }, process.memoryUsage().rss);
    },
  });
}

async function serveMetrics(res: ServerResponse, registry: Registry, broken: boolean): Promise<void> {
  if (broken) {
    json(res, 503, { error: "metrics endpoint broken (demo switch)" });
    return;
  }
  const text = await registry.metrics();
  res.writeHead(200, { "content-type": registry.contentType }).end(text);
}

/** E7.2: fails open with 200 and a status body, like the Nginx Lua snippet. */
function hmacVerdict(req: IncomingMessage, body: string, nowMs: number): string | undefined {
  const timestamp = req.headers["x-pancake-timestamp"];
  const signature = req.headers["x-pancake-signature"];
  // W1-W3 trust IP + token: only requests that carry the headers are verified.
  if (timestamp === undefined && signature === undefined) return undefined;
  const ts = Number(timestamp);
  if (!Number.isFinite(ts) || Math.abs(nowMs / 1000 - ts) > 300) return "timestamp_out_of_window";
  const expected = createHmac("sha256", DEMO_HMAC_SECRET).update(`${String(timestamp)}.${body}`).digest();
  const given = Buffer.from(typeof signature === "string" ? signature : "", "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "hmac_invalid";
  return undefined;
}

/**
 * The Pancake integration's services: `webhook` (receives Pancake records into
 * pancake_webhook_event, /healthz, /readyz, /metrics) and `crm-api` (/healthz, /metrics with the
 * event processing histogram and the circuit breaker), plus simulated steady pilot traffic in the
 * metrics, so Prometheus quantiles have data.
 */
export async function startPancakeServices(dbUrl: string, switches: Switches): Promise<PancakeServices> {
  const pool = new pg.Pool({ connectionString: dbUrl, max: 10 });
  pool.on("error", () => undefined);
  const random = new Lcg(7);

  const webhookRegistry = new Registry();
  collectDefaultMetrics({ register: webhookRegistry });
  const requests = new Counter({ name: "pancake_webhook_requests_total", help: "Webhook requests.", labelNames: ["status"], registers: [webhookRegistry] });
  const latency = new Histogram({
    name: "pancake_webhook_latency_seconds",
    help: "Webhook handling latency.",
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5],
    registers: [webhookRegistry],
  });
  memoryGauge(webhookRegistry, "webhook");

  const crmRegistry = new Registry();
  collectDefaultMetrics({ register: crmRegistry });
  const processDuration = new Histogram({
    name: "pancake_event_process_duration_seconds",
    help: "Time from webhook receipt to ticket.",
    buckets: [1, 2, 5, 10, 20, 30, 60, 120],
    registers: [crmRegistry],
  });
  const breaker = new Gauge({
    name: "pancake_circuit_breaker_state",
    help: "0 closed, 1 half-open, 2 open.",
    labelNames: ["name"],
    registers: [crmRegistry],
  });
  breaker.set({ name: "pancake_rest" }, 0);
  memoryGauge(crmRegistry, "crm-api");

  // Steady pilot traffic, as the metrics would show it: ~25 events/s.
  const stopTraffic = every(200, () => {
    const slow = switches.isBroken("webhook-latency");
    for (let i = 0; i < 5; i++) {
      latency.observe(slow ? random.between(2.5, 4) : random.between(0.03, 0.4));
      requests.inc({ status: "200" });
      processDuration.observe(random.between(0.5, 8));
    }
  });
  switches.onChange((what, broken) => {
    // A latency spike: enough slow requests at once that the 5-minute p95 moves at the next scrape.
    if (what === "webhook-latency" && broken) {
      for (let i = 0; i < 20_000; i++) latency.observe(random.between(2.5, 4));
    }
  });

  const health = (res: ServerResponse, broken: boolean) =>
    broken ? json(res, 500, { status: "error", error: "broken (demo switch)" }) : json(res, 200, { status: "ok" });

  const webhook = await listen(async (req, res, url, body) => {
    if (switches.serve(req.method ?? "GET", url, res)) return;
    if (url.pathname === "/healthz") return health(res, switches.isBroken("webhook-healthz"));
    if (url.pathname === "/metrics") return serveMetrics(res, webhookRegistry, switches.isBroken("webhook-metrics"));
    if (url.pathname === "/readyz") {
      if (switches.isBroken("webhook-readyz")) return json(res, 503, { status: "not ready", db: "broken (demo switch)" });
      try {
        await pool.query("SELECT 1");
        return json(res, 200, { status: "ready", db: "ok" });
      } catch (err) {
        return json(res, 503, { status: "not ready", db: (err as Error).message });
      }
    }
    const record = /^\/api\/pancake\/record\/([^/]+)$/.exec(url.pathname);
    if (record && req.method === "POST") {
      const started = performance.now();
      const status = await receive(req, res, body);
      requests.inc({ status: String(status) });
      latency.observe((performance.now() - started) / 1000);
      return;
    }
    json(res, 404, { error: "not found" });
  });

  async function receive(req: IncomingMessage, res: ServerResponse, body: string): Promise<number> {
    const verdict = switches.isBroken("webhook-hmac") ? undefined : hmacVerdict(req, body, Date.now());
    if (verdict !== undefined) {
      json(res, 200, { status: verdict });
      return 200;
    }
    let payload: { record_id?: unknown; modified_on?: unknown; phone?: unknown };
    try {
      payload = JSON.parse(body) as typeof payload;
    } catch {
      json(res, 400, { status: "invalid_payload" });
      return 400;
    }
    if (typeof payload.record_id !== "string") {
      json(res, 400, { status: "invalid_payload", error: "record_id missing" });
      return 400;
    }
    const phone = typeof payload.phone === "string" ? payload.phone : null;
    // Pancake always sends modified_on; a record without one counts as one version, so a replayed
    // payload (a load test) is a duplicate, not a new event.
    const modifiedOn = typeof payload.modified_on === "string" ? payload.modified_on : "1970-01-01T00:00:00Z";
    const hash = createHash("sha256").update(body).digest("hex");
    try {
      if (phone !== null) await pool.query("SELECT id FROM account WHERE normalized_phone = $1", [phone]);
      const r = await pool.query(
        `INSERT INTO pancake_webhook_event (record_id, modified_on, payload_hash, normalized_phone, payload, status)
         VALUES ($1, $2, $3, $4, $5, 'ingested') ON CONFLICT ON CONSTRAINT pancake_webhook_event_record_key DO NOTHING`,
        [payload.record_id, modifiedOn, hash, phone, body],
      );
      json(res, 200, { status: r.rowCount === 1 ? "received" : "duplicate" });
      return 200;
    } catch (err) {
      json(res, 503, { status: "error", error: (err as Error).message });
      return 503;
    }
  }

  const crmApi = await listen(async (req, res, url) => {
    if (switches.serve(req.method ?? "GET", url, res)) return;
    if (url.pathname === "/healthz") return health(res, switches.isBroken("crm-api-healthz"));
    if (url.pathname === "/readyz") return health(res, switches.isBroken("crm-api-healthz"));
    if (url.pathname === "/metrics") return serveMetrics(res, crmRegistry, switches.isBroken("crm-api-metrics"));
    json(res, 404, { error: "not found" });
  });

  const pgRegistry = new Registry();
  const txDuration = new Gauge({
    name: "pg_stat_activity_max_tx_duration",
    help: "Longest running transaction per database and state, in seconds (postgres_exporter).",
    labelNames: ["datname", "state"],
    registers: [pgRegistry],
    async collect() {
      this.reset();
      const r = await pool.query<{ datname: string; state: string; s: number }>(
        `SELECT datname, state, COALESCE(max(EXTRACT(EPOCH FROM now() - xact_start)), 0)::float8 AS s
         FROM pg_stat_activity WHERE datname IS NOT NULL AND state IS NOT NULL GROUP BY datname, state`,
      );
      for (const row of r.rows) this.set({ datname: row.datname, state: row.state }, row.s);
    },
  });
  void txDuration;
  const postgresExporter = await listen(async (req, res, url) => {
    if (url.pathname === "/metrics") return serveMetrics(res, pgRegistry, false);
    json(res, 404, { error: "not found" });
  });

  return {
    webhook,
    crmApi,
    postgresExporter,
    async stop() {
      stopTraffic();
      await Promise.all([webhook.close(), crmApi.close(), postgresExporter.close()]);
      await pool.end();
    },
  };
}
