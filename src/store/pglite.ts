import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { execFile } from "node:child_process";
import { access, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { lockDataDir, type DirLock } from "./dir-lock.ts";
import { sparseBundle } from "./pglite-bundle.ts";
import { migrate, SqlStore, type Db } from "./sql-store.ts";

/**
 * Settings for the embedded database: small buffers (see docs/decisions.md, "Idle memory"); shared
 * memory sized for 20 connections instead of 100 (PGlite runs one backend; PostgreSQL sizes its
 * lock tables and per-backend arrays by it: 4 MB of WASM memory less); and two WAL segments kept
 * for reuse after a checkpoint instead of five (the default 80 MB sat in pg_wal for good; golive
 * checkpoints at every rollup, every 10 minutes: see reclaimSamples).
 */
export const PGLITE_CONF = ["shared_buffers = 2MB", "temp_buffers = 1MB", "work_mem = 2MB", "maintenance_work_mem = 8MB", "max_connections = 20", "min_wal_size = 32MB"];

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
    if (dataDir) await initDataDir(dataDir);
    // PostgreSQL's default 128 MB of shared buffers live in PGlite's WASM memory, which never
    // shrinks: golive's working set is small, and the operating system caches the files anyway.
    // On a data directory (created above, in a process of its own) PostgreSQL reads only a few
    // of the bundle's files: the others stay out of memory (src/store/pglite-bundle.ts).
    const fsBundle = dataDir ? sparseBundle() : undefined;
    client = await PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(fsBundle ? { fsBundle } : {}), postgresqlconf: PGLITE_CONF });
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

/**
 * Creates a new data directory in a child process: initdb grows PGlite's WASM memory to several
 * hundred MB, and WASM memory is never given back, so the server would carry it for its life.
 */
async function initDataDir(dataDir: string): Promise<void> {
  if (await access(join(dataDir, "PG_VERSION")).then(() => true, () => false)) return;
  const code = `const { PGlite } = await import(${JSON.stringify(import.meta.resolve("@electric-sql/pglite"))});
const db = await PGlite.create({ dataDir: process.argv[1], postgresqlconf: ${JSON.stringify(PGLITE_CONF)} });
await db.close();`;
  await promisify(execFile)(process.execPath, ["--input-type=module", "-e", code, dataDir], { timeout: 300_000 });
}
