import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresStore } from "../store/postgres.ts";
import type { SqlStore } from "../store/sql-store.ts";
import { startPostgres, type TestPostgres } from "../testing/postgres.ts";
import { buildApp } from "./app.ts";

// /readyz on a real PostgreSQL while the LISTEN connection is down: the server still answers
// (ok, degraded) and is whole again once LISTEN is back. The app connects as a role of its own,
// which the test keeps from logging in for a while, so the reconnect fails until let through.

let server: TestPostgres;
let admin: pg.Client;
let store: SqlStore;
let app: Awaited<ReturnType<typeof buildApp>>["app"];

const listeners = async () => Number((await admin.query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE query = 'LISTEN golive_audit'")).rows[0]?.n ?? 0);
const ready = async () => {
  const res = await app.inject("/readyz");
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
};

/** Polls until `pred` holds (every 50 ms, at most `maxMs`); the last value either way. */
async function until<T>(read: () => Promise<T>, pred: (v: T) => boolean, maxMs: number): Promise<T> {
  const deadline = Date.now() + maxMs;
  let v = await read();
  while (!pred(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    v = await read();
  }
  return v;
}

beforeAll(async () => {
  server = await startPostgres();
  admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query("CREATE ROLE golive_app LOGIN");
  await admin.query("CREATE DATABASE golive_app OWNER golive_app");
  store = await openPostgresStore(`postgres://golive_app@127.0.0.1:${server.port}/golive_app`);
  ({ app } = await buildApp({ store, pollFeed: true }));
}, 120_000);

afterAll(async () => {
  await app?.close();
  await store?.close();
  await admin?.end();
  await server?.stop();
});

describe("/readyz and the LISTEN connection", () => {
  it("says degraded while LISTEN is down, and is whole again once it is back", async () => {
    expect(await ready()).toEqual({ status: 200, body: { ok: true, store: "postgres" } });
    expect(await listeners()).toBe(1);

    // The LISTEN connection is cut, and cannot come back while the role may not log in.
    await admin.query("ALTER ROLE golive_app NOLOGIN");
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN golive_audit'");
    // Bounds generous for a loaded machine: each wait ends as soon as the state is reached.
    const down = await until(ready, (r) => r.body.degraded !== undefined, 20_000);
    expect(down).toEqual({ status: 200, body: { ok: true, store: "postgres", degraded: "not listening for changes (reconnecting); reading them by polling" } });
    // It stays so while the reconnects fail (backoff 250 ms, 500 ms, 1 s, …).
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await ready()).body.degraded).toBeDefined();
    // The terminated backend leaves pg_stat_activity as it exits (later on a loaded machine); a
    // reconnect would keep the count at 1.
    await expect.poll(listeners, { timeout: 20_000, interval: 50 }).toBe(0);

    await admin.query("ALTER ROLE golive_app LOGIN");
    // The next reconnect may be up to 10 s away (the backoff's cap), plus a loaded machine's delay.
    const back = await until(ready, (r) => r.body.degraded === undefined, 40_000);
    expect(back).toEqual({ status: 200, body: { ok: true, store: "postgres" } });
    expect(await listeners()).toBe(1);
  }, 90_000);
});
