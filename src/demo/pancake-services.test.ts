import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type TestPostgres } from "../testing/postgres.ts";
import { applyPancakeMigrations, createDatabase, createPancakeDatabase } from "./pancake-db.ts";
import { DEMO_HMAC_SECRET, PANCAKE_SWITCHES, type PancakeServices, startPancakeServices } from "./pancake-services.ts";
import { Switches } from "./switches.ts";

let db: TestPostgres;
let services: PancakeServices;
const switches = new Switches(PANCAKE_SWITCHES);

beforeAll(async () => {
  db = await startPostgres();
  const url = await createDatabase(db.url, "pancake");
  await createPancakeDatabase(url);
  await applyPancakeMigrations(url);
  services = await startPancakeServices(url, switches);
});

afterAll(async () => {
  await services?.stop();
  await db?.stop();
});

async function post(body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: { status?: string } }> {
  const res = await fetch(`${services.webhook.url}/api/pancake/record/token-1`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return { status: res.status, body: (await res.json()) as { status?: string } };
}

describe("Pancake webhook stand-in", () => {
  it("stores a record once and reports a replay as a duplicate", async () => {
    const body = JSON.stringify({ record_id: "r-1", modified_on: "2026-05-28T01:00:00Z", phone: "+84900000001" });
    expect(await post(body)).toEqual({ status: 200, body: { status: "received" } });
    expect(await post(body)).toEqual({ status: 200, body: { status: "duplicate" } });
    expect((await post("{not json")).status).toBe(400);
  });

  it("verifies X-Pancake-Signature when sent, failing open with a status body (E7.2)", async () => {
    const body = JSON.stringify({ record_id: "r-2", modified_on: "2026-05-28T02:00:00Z" });
    const ts = String(Math.floor(Date.now() / 1000));
    const good = createHmac("sha256", DEMO_HMAC_SECRET).update(`${ts}.${body}`).digest("hex");
    expect((await post(body, { "x-pancake-timestamp": ts, "x-pancake-signature": good })).body.status).toBe("received");
    expect(await post(body, { "x-pancake-timestamp": ts, "x-pancake-signature": "00" })).toEqual({ status: 200, body: { status: "hmac_invalid" } });
    expect((await post(body, { "x-pancake-timestamp": "0", "x-pancake-signature": good })).body.status).toBe("timestamp_out_of_window");
  });

  it("breaks and heals over HTTP", async () => {
    const healthz = async () => (await fetch(`${services.webhook.url}/healthz`)).status;
    expect(await healthz()).toBe(200);
    const broke = await fetch(`${services.crmApi.url}/__demo/break?what=webhook-healthz`, { method: "POST" });
    expect(((await broke.json()) as { broken: string[] }).broken).toEqual(["webhook-healthz"]);
    expect(await healthz()).toBe(500);
    await fetch(`${services.webhook.url}/__demo/heal`, { method: "POST" });
    expect(await healthz()).toBe(200);
    const unknown = await fetch(`${services.webhook.url}/__demo/break?what=everything`, { method: "POST" });
    expect(unknown.status).toBe(400);
  });

  it("exposes the metric names seed 000's PromQL reads", async () => {
    const webhook = await (await fetch(`${services.webhook.url}/metrics`)).text();
    expect(webhook).toContain("pancake_webhook_latency_seconds_bucket");
    expect(webhook).toContain("pancake_webhook_requests_total");
    expect(webhook).toMatch(/container_memory_working_set_bytes\{container="webhook"\} \d+/);
    const crm = await (await fetch(`${services.crmApi.url}/metrics`)).text();
    expect(crm).toContain("pancake_event_process_duration_seconds_bucket");
    expect(crm).toContain('pancake_circuit_breaker_state{name="pancake_rest"} 0');
    const pgExporter = await (await fetch(`${services.postgresExporter.url}/metrics`)).text();
    expect(pgExporter).toMatch(/pg_stat_activity_max_tx_duration\{datname="pancake",state="active"\} /);
    expect((await fetch(`${services.webhook.url}/readyz`)).status).toBe(200);
  });
});
