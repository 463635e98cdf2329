import { openPgliteStore } from "./pglite.ts";
import { openPostgresStore } from "./postgres.ts";
import type { Store } from "./store.ts";

/** The embedded store's data directory when `--db` is not given. */
export const DEFAULT_DATA_DIR = ".golive/data";

/** Opens the store named by `db`: a postgres:// URL, a PGlite directory (`pglite:DIR` or a path), or the default data directory. */
export function openStore(db: string | undefined): Promise<Store> {
  if (db && /^postgres(ql)?:\/\//.test(db)) return openPostgresStore(db);
  if (db === "memory:" || db === "pglite:memory") return openPgliteStore(undefined);
  const dir = db?.startsWith("pglite:") ? db.slice("pglite:".length) : db;
  return openPgliteStore(dir || DEFAULT_DATA_DIR);
}
