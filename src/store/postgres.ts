import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { migrate, SqlStore, type Db } from "./sql-store.ts";

/** Connects to PostgreSQL at `url` (a pool) and migrates the schema. */
export async function openPostgresStore(url: string, opts: { max?: number } = {}): Promise<SqlStore> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10 });
  // An idle client losing its connection must not crash the server; the next query reconnects.
  pool.on("error", () => undefined);
  const db = drizzle(pool) as unknown as Db;
  try {
    await migrate(db);
  } catch (e) {
    await pool.end();
    throw e;
  }
  const store = new SqlStore("postgres", db, () => pool.end());
  store.listen = async (onChange) => {
    // A connection of its own: LISTEN holds it for as long as the server runs.
    const client = new pg.Client({ connectionString: url });
    client.on("error", () => undefined);
    client.on("notification", () => onChange());
    await client.connect();
    await client.query("LISTEN golive_audit");
    return () => client.end();
  };
  return store;
}
