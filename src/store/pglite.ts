import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { mkdir } from "node:fs/promises";
import { migrate, SqlStore, type Db } from "./sql-store.ts";

/** Opens (creating when needed) an embedded PGlite database in `dataDir`, or in memory when undefined. */
export async function openPgliteStore(dataDir: string | undefined): Promise<SqlStore> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir);
  const db = drizzle(client) as unknown as Db;
  try {
    await migrate(db);
  } catch (e) {
    await client.close();
    throw e;
  }
  return new SqlStore("pglite", db, () => client.close());
}
