import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Writes a file atomically: a temporary file beside it, fsync, then rename, so a crash never
 * leaves a half-written runbook. With `exclusive`, refuses to replace an existing file.
 */
export async function writeFileAtomic(path: string, text: string | Uint8Array, opts: { exclusive?: boolean } = {}): Promise<void> {
  let reserved = false;
  if (opts.exclusive) {
    const probe = await open(path, "wx").catch((e: NodeJS.ErrnoException) => {
      if (e.code === "EEXIST") throw new Error(`${path} exists; pass --force to replace it`);
      throw e;
    });
    await probe.close();
    reserved = true;
  }
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const fh = await open(tmp, "w");
    try {
      await fh.writeFile(text);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    if (reserved) await rm(path, { force: true });
    throw e;
  }
}
