import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { mkdir } from "node:fs/promises";
import { lockDataDir, type DirLock } from "./dir-lock.ts";
import { migrate, SqlStore, type Db } from "./sql-store.ts";

/** Opens (creating when needed) an embedded PGlite database in `dataDir`, or in memory when undefined. */
export async function openPgliteStore(dataDir: string | undefined): Promise<SqlStore> {
  let lock: DirLock | undefined;
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    // One process per directory: a second one would acknowledge writes the first overwrites.
    lock = lockDataDir(dataDir);
  }
  const release = (): void => lock?.release();
  // A process that exits without closing the store (process.exit) leaves no lock behind.
  process.once("exit", release);
  const closeAll = async (): Promise<void> => {
    try {
      await client.close();
    } finally {
      process.off("exit", release);
      release();
    }
  };
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir);
  } catch (e) {
    process.off("exit", release);
    release();
    throw e;
  }
  const db = drizzle(client) as unknown as Db;
  try {
    await migrate(db);
  } catch (e) {
    await closeAll();
    throw e;
  }
  return new SqlStore("pglite", db, closeAll);
}
