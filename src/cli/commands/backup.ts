import type { Command } from "commander";
import { existsSync } from "node:fs";
import { UsageError } from "../usage-error.ts";
import { paint } from "../views/paint.ts";

const isUrl = (db: string | undefined) => db !== undefined && /^postgres(ql)?:\/\//.test(db);

/** `golive backup` and `golive restore`: the embedded store's data directory as one archive (PostgreSQL: pg_dump). */
export function register(program: Command): void {
  program
    .command("backup")
    .description("Copy the embedded store (a PGlite data directory) into one .tar.gz archive; stop the server first (PostgreSQL: use pg_dump).")
    .requiredOption("-o, --output <file>", "the archive to write")
    .option("--db <dir>", "PGlite data directory (default .golive/data)")
    .action(async (opts: { output: string; db?: string }) => {
      const [{ DEFAULT_DATA_DIR }, { backupPglite }, { writeFileAtomic }] = await Promise.all([import("../../store/open.ts"), import("../../store/backup.ts"), import("../io/write-file.ts")]);
      if (isUrl(opts.db)) throw new UsageError("backup copies the embedded store; for PostgreSQL use pg_dump (docs/operations.md)");
      const dir = (opts.db ?? DEFAULT_DATA_DIR).replace(/^pglite:/, "");
      if (!existsSync(dir)) throw new UsageError(`no database at ${dir} (give --db)`);
      const archive = await backupPglite(dir);
      await writeFileAtomic(opts.output, archive);
      process.stdout.write(`${paint.green("backed up")} ${dir} to ${opts.output} (${archive.length} bytes)\n`);
    });
  program
    .command("restore")
    .description("Restore a `golive backup` archive into a new (missing or empty) data directory, then verify its audit chain (exit 0 intact, 1 tampered).")
    .argument("<archive>", "the .tar.gz archive `golive backup` wrote")
    .requiredOption("--db <dir>", "the PGlite data directory to create")
    .action(async (archivePath: string, opts: { db: string }) => {
      const [{ readFile }, { restorePglite }, { openPgliteStore }, { verifyStoreAudit }] = await Promise.all([
        import("node:fs/promises"), import("../../store/backup.ts"), import("../../store/pglite.ts"), import("../../store/verify.ts"),
      ]);
      if (isUrl(opts.db)) throw new UsageError("restore fills an embedded store; for PostgreSQL use pg_restore or psql (docs/operations.md)");
      const dir = opts.db.replace(/^pglite:/, "");
      let archive: Uint8Array;
      try {
        archive = await readFile(archivePath);
      } catch (e) {
        throw new UsageError(`cannot read ${archivePath}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      }
      try {
        await restorePglite(archive, dir);
      } catch (e) {
        throw new UsageError(e instanceof Error ? e.message : String(e));
      }
      // Opening migrates an archive from an older golive; the audit chain proves nothing was lost on the way.
      const store = await openPgliteStore(dir);
      try {
        const runs = await store.listRuns();
        const verdict = await verifyStoreAudit(store);
        if (verdict.ok) process.stdout.write(`${paint.green("restored")} ${dir}: ${runs.length} run(s), ${verdict.events} audit events intact\n`);
        else process.stdout.write(`${paint.red("restored, but tampered")}: ${verdict.reason} (first bad event: ${verdict.seq})\n`);
        process.exitCode = verdict.ok ? 0 : 1;
      } finally {
        await store.close();
      }
    });
}
