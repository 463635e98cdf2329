import { PGlite } from "@electric-sql/pglite";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startPostgres, type TestPostgres } from "../testing/postgres.ts";
import { openPgliteStore } from "./pglite.ts";
import { openPostgresStore } from "./postgres.ts";
import type { CheckResultFact } from "../core/model/facts.ts";
import type { SampleBucket, SampleWidth, Store } from "./store.ts";

// Test harness for the contract suite: one fresh database per test on each driver, and a way to
// change rows behind the store's back (as an attacker with database access would).

/** A fresh store plus raw SQL access to its database. */
export interface StoreFixture {
  store: Store;
  /** Where `golive audit verify --db` would point. */
  location: string;
  /** Runs SQL directly on the database (the store is closed and reopened around it for PGlite). */
  tamper(sqlText: string): Promise<void>;
  /** Closes and reopens the store on the same database. */
  reopen(): Promise<void>;
  teardown(): Promise<void>;
}

export interface StoreDriverHarness {
  name: "pglite" | "postgres";
  start(): Promise<void>;
  fresh(): Promise<StoreFixture>;
  stop(): Promise<void>;
}

/** PGlite in a temporary data directory per fixture. */
export function pgliteHarness(): StoreDriverHarness {
  return {
    name: "pglite",
    async start() {},
    async fresh() {
      const dir = await mkdtemp(join(tmpdir(), "golive-pglite-"));
      const fx: StoreFixture = {
        store: await openPgliteStore(dir),
        location: dir,
        async tamper(sqlText) {
          await fx.store.close();
          const raw = await PGlite.create(dir);
          try {
            await raw.exec(sqlText);
          } finally {
            await raw.close();
          }
          fx.store = await openPgliteStore(dir);
        },
        async reopen() {
          await fx.store.close();
          fx.store = await openPgliteStore(dir);
        },
        async teardown() {
          await fx.store.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
      return fx;
    },
    async stop() {},
  };
}

/** One PostgreSQL server for the suite (started by the setup, never skipped), one database per fixture. */
export function postgresHarness(): StoreDriverHarness {
  let server: TestPostgres | undefined;
  let n = 0;
  const admin = () => {
    if (!server) throw new Error("postgres harness not started");
    return server.url;
  };
  return {
    name: "postgres",
    async start() {
      server = await startPostgres();
    },
    async fresh() {
      const dbName = `golive_t${process.pid}_${++n}`;
      const client = new pg.Client({ connectionString: admin() });
      await client.connect();
      await client.query(`CREATE DATABASE ${dbName}`);
      await client.end();
      const url = admin().replace(/\/postgres$/, `/${dbName}`);
      const fx: StoreFixture = {
        store: await openPostgresStore(url),
        location: url,
        async tamper(sqlText) {
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          try {
            await c.query(sqlText);
          } finally {
            await c.end();
          }
        },
        async reopen() {
          await fx.store.close();
          fx.store = await openPostgresStore(url);
        },
        async teardown() {
          await fx.store.close();
        },
      };
      return fx;
    },
    async stop() {
      await server?.stop();
    },
  };
}

/** Both drivers, for `describe.each`. */
export const storeHarnesses = (): StoreDriverHarness[] => [pgliteHarness(), postgresHarness()];

/**
 * A check's history as sampleHistory must answer it, computed from the samples themselves: the
 * whole buckets of `width` from the one holding fromMs to the one holding toMs - 1.
 */
export function expectedBuckets(list: readonly CheckResultFact[], check: string, fromMs: number, toMs: number, width: SampleWidth): SampleBucket[] {
  const w = width === "1h" ? 3_600_000 : 60_000;
  const from = Math.floor(fromMs / w) * w;
  const to = Math.ceil(toMs / w) * w;
  const byStart = new Map<number, SampleBucket>();
  for (const s of list) {
    const at = Date.parse(s.at);
    if (s.check !== check || at < from || at >= to) continue;
    const start = Math.floor(at / w) * w;
    const b = byStart.get(start) ?? { start, n: 0, pass: 0, fail: 0, inconclusive: 0, error: 0, durSum: 0, durMax: 0 };
    b.n++;
    b[s.outcome]++;
    b.durSum += s.duration_ms;
    b.durMax = Math.max(b.durMax, s.duration_ms);
    byStart.set(start, b);
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}
