import { writeFile } from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startPostgres, type TestPostgres } from "../../testing/postgres.ts";
import { ProbeError } from "../provider.ts";
import { SqlConfig } from "./config.ts";
import { sqlProvider } from "./provider.ts";
import { expectProbeError } from "../test-plan.ts";

let db: TestPostgres;

beforeAll(async () => {
  db = await startPostgres();
  const client = new pg.Client(db.url);
  await client.connect();
  await client.query(`
    CREATE TABLE account (id bigserial PRIMARY KEY, normalized_phone text, created_at timestamptz NOT NULL DEFAULT '2026-05-15T00:00:00Z');
    INSERT INTO account (normalized_phone) SELECT '+849' || lpad(g::text, 8, '0') FROM generate_series(1, 20000) g;
    CREATE INDEX account_normalized_phone_idx ON account (normalized_phone);
    CREATE TABLE note (body text);
    ANALYZE;
  `);
  await client.end();
});

afterAll(async () => {
  await db?.stop();
});

function ctx(timeoutMs = 5000, signal = new AbortController().signal) {
  return { signal, timeoutMs, allowCommands: false, env: {}, files: "any" as const };
}

function probe(config: Record<string, unknown>, timeoutMs?: number) {
  return sqlProvider.probe(SqlConfig.parse({ url: db.url, ...config }), ctx(timeoutMs));
}

function probeError(config: Record<string, unknown>, timeoutMs?: number): Promise<ProbeError> {
  return expectProbeError(probe(config, timeoutMs));
}

async function accountCount(): Promise<number> {
  const client = new pg.Client(db.url);
  await client.connect();
  const res = await client.query<{ n: string }>("SELECT count(*) AS n FROM account");
  await client.end();
  return Number(res.rows[0]?.n);
}

describe("sql provider against a real PostgreSQL", () => {
  it("reports the first value as a number, the row count and the rows", async () => {
    const v = await probe({ query: "SELECT count(*) AS n FROM account" });
    expect(v).toMatchObject({ value: 20000, rows: 1, result: [{ n: 20000 }] });
    expect(typeof v.latency).toBe("number");
  });

  it("binds parameters and returns dates as ISO strings", async () => {
    const v = await probe({ query: "SELECT id, created_at FROM account WHERE normalized_phone = $1", params: ["+84900000042"] });
    expect(v).toMatchObject({ rows: 1, value: 42, result: [{ id: 42, created_at: "2026-05-15T00:00:00.000Z" }] });
  });

  it("counts every row but keeps the first 100", async () => {
    const v = await probe({ query: "SELECT g FROM generate_series(1, 1000) g" });
    expect(v.rows).toBe(1000);
    expect((v.result as unknown[]).length).toBe(100);
    expect(v.value).toBe(1);
  });

  it("reports zero rows without a value", async () => {
    const v = await probe({ query: "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'pancake_%'" });
    expect(v).toMatchObject({ rows: 0, result: [] });
    expect(v).not.toHaveProperty("value");
    expect(sqlProvider.explain?.(v)).toBe("the query returned no rows");
  });

  it("runs statements a cursor cannot hold", async () => {
    const v = await probe({ query: "SHOW transaction_read_only" });
    expect(v).toMatchObject({ rows: 1, value: "on" });
  });

  it("gives the plan: an index scan, or a sequential scan", async () => {
    const indexed = await probe({ query: "SELECT id FROM account WHERE normalized_phone = $1", params: ["+84900000042"], explain: true });
    expect(indexed.plan).toContain("account_normalized_phone_idx");
    expect(indexed.plan).not.toContain("Seq Scan on account");
    const scanned = await probe({ query: "SELECT id FROM account WHERE lower(normalized_phone) = 'x'", explain: true });
    expect(scanned.plan).toContain("Seq Scan on account");
  });

  it("runs EXPLAIN ANALYZE read-only", async () => {
    const v = await probe({ query: "SELECT count(*) FROM account", analyze: true });
    expect(v.plan).toMatch(/actual time=/);
  });

  it("refuses writes: the transaction is read-only", async () => {
    const err = await probeError({ query: "INSERT INTO note VALUES ('x')" });
    expect(err.message).toMatch(/^the query tried to write; checks run read-only \(cannot execute INSERT in a read-only transaction\)$/);
  });

  it("refuses a second statement that would end the read-only transaction", async () => {
    const err = await probeError({ query: "COMMIT; DELETE FROM account" });
    expect(err.message).toMatch(/^SQL error: .*multiple commands/);
    expect(await accountCount()).toBe(20000);
    const viaCte = await probeError({ query: "WITH gone AS (DELETE FROM account RETURNING id) SELECT count(*) FROM gone" });
    expect(viaCte.message).toMatch(/^SQL error: /);
    expect(await accountCount()).toBe(20000);
  });

  it("reports a SQL error with PostgreSQL's message", async () => {
    const err = await probeError({ query: "SELECT * FROM pancake_webhook_event" });
    expect(err.message).toBe('SQL error: relation "pancake_webhook_event" does not exist');
  });
});

describe("sql provider against hostile targets", () => {
  it("ends a statement that runs too long at the check's timeout", async () => {
    const started = performance.now();
    const err = await probeError({ query: "SELECT pg_sleep(30)" }, 2000);
    const elapsed = performance.now() - started;
    expect(err.message).toBe("statement timeout after 2s");
    // Ended by the timeout, not by the statement (30 s); generous for a loaded machine.
    expect(elapsed).toBeLessThan(20_000);
  });

  it("names a refused port and never shows the password", async () => {
    const port = await freePort();
    const url = `postgres://golive:canary-pw-7731@127.0.0.1:${port}/app`;
    const err = await sqlProvider
      .probe(SqlConfig.parse({ url, query: "SELECT 1" }), ctx())
      .then(() => undefined, (e: unknown) => e as Error);
    expect(err?.message).toBe(`connection refused (127.0.0.1:${port})`);
    expect(JSON.stringify(err)).not.toContain("canary-pw-7731");
  });

  it("names a database that does not exist, without the password", async () => {
    const url = db.url.replace("postgres@", "postgres:canary-pw-7731@").replace(/\/postgres$/, "/nope");
    const err = await sqlProvider
      .probe(SqlConfig.parse({ url, query: "SELECT 1" }), ctx())
      .then(() => undefined, (e: unknown) => e as Error);
    expect(err?.message).toBe(`database "nope" does not exist (127.0.0.1:${db.port})`);
    expect(String(err?.stack)).not.toContain("canary-pw-7731");
  });

  it("stops when the run is cancelled", async () => {
    const controller = new AbortController();
    const pending = sqlProvider.probe(SqlConfig.parse({ url: db.url, query: "SELECT pg_sleep(30)" }), ctx(60_000, controller.signal));
    setTimeout(() => controller.abort(), 300);
    await expect(pending).rejects.toThrow(/^cancelled$/);
  });
});

describe("sql provider authentication", () => {
  beforeAll(async () => {
    // The test server trusts everyone; require a password from one role, as production does.
    const client = new pg.Client(db.url);
    await client.connect();
    const hba = (await client.query<{ hba_file: string }>("SHOW hba_file")).rows[0]?.hba_file ?? "";
    await writeFile(hba, "host all checker 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.1/32 trust\nlocal all all trust\n");
    await client.query("SET password_encryption = 'scram-sha-256'");
    await client.query("CREATE ROLE checker LOGIN PASSWORD 'right-pw-4410'");
    await client.query("SELECT pg_reload_conf()");
    await client.end();
  });

  const asChecker = (password: string) => db.url.replace("postgres@", `checker${password ? `:${password}` : ""}@`);

  it("says the password was refused, without showing it", async () => {
    const err = await sqlProvider
      .probe(SqlConfig.parse({ url: asChecker("canary-wrong-9917"), query: "SELECT 1" }), ctx())
      .then(() => undefined, (e: unknown) => e as Error);
    expect(err).toBeInstanceOf(ProbeError);
    expect(err?.message).toBe(`authentication failed at 127.0.0.1:${db.port}: password authentication failed for user "checker"`);
    expect(`${err?.message} ${err?.stack}`).not.toContain("canary-wrong-9917");
  });

  it("says the URL has no password when the server asks for one", async () => {
    const err = await sqlProvider
      .probe(SqlConfig.parse({ url: asChecker(""), query: "SELECT 1" }), ctx())
      .then(() => undefined, (e: unknown) => e as Error);
    expect(err?.message).toBe(`the server at 127.0.0.1:${db.port} asks for a password and the URL has none`);
  });

  it("connects with the right password", async () => {
    const v = await sqlProvider.probe(SqlConfig.parse({ url: asChecker("right-pw-4410"), query: "SELECT current_user" }), ctx());
    expect(v.value).toBe("checker");
  });
});
