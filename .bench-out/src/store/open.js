/** The embedded store's data directory when `--db` is not given. */
export const DEFAULT_DATA_DIR = ".golive/data";
/** Opens the store named by `db`: a postgres:// URL, a PGlite directory (`pglite:DIR` or a path), or the default data directory. */
export async function openStore(db) {
    // Each driver loads on use: a server on one never carries the other's code (pg, or PGlite's WASM glue).
    if (db && /^postgres(ql)?:\/\//.test(db))
        return (await import("./postgres.js")).openPostgresStore(db);
    const { openPgliteStore } = await import("./pglite.js");
    if (db === "memory:" || db === "pglite:memory")
        return openPgliteStore(undefined);
    const dir = db?.startsWith("pglite:") ? db.slice("pglite:".length) : db;
    return openPgliteStore(dir || DEFAULT_DATA_DIR);
}
