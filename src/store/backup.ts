import { PGlite } from "@electric-sql/pglite";
import { mkdir, readdir } from "node:fs/promises";

/**
 * A copy of an embedded (PGlite) data directory as one gzipped tar archive, taken through PGlite
 * itself so it is consistent. The server must not be running on the directory (PGlite is single-process).
 */
export async function backupPglite(dataDir: string): Promise<Uint8Array> {
  const db = await PGlite.create(dataDir);
  try {
    const archive = await db.dumpDataDir("gzip");
    return new Uint8Array(await archive.arrayBuffer());
  } finally {
    await db.close();
  }
}

/** Restores a `backupPglite` archive into `dataDir`, which must be missing or empty: nothing is overwritten. */
export async function restorePglite(archive: Uint8Array, dataDir: string): Promise<void> {
  const existing = await readdir(dataDir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return [];
    throw e;
  });
  if (existing.length > 0) throw new Error(`${dataDir} is not empty: restore into a new directory (nothing was changed)`);
  await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir, { loadDataDir: new Blob([archive]) });
  await db.close();
}
