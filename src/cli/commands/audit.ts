import type { Command } from "commander";
import { existsSync } from "node:fs";
import { UsageError } from "../usage-error.ts";
import { paint } from "../views/paint.ts";

export function register(program: Command): void {
  const audit = program.command("audit").description("The append-only, hash-chained audit log.");
  audit
    .command("verify")
    .description("Recompute the audit hash chain and name the first tampered event (exit 0 intact, 1 tampered, 2 usage).")
    .option("--db <url>", "postgres://… URL or PGlite data directory (default .golive/data; refused while a server holds a PGlite directory)")
    .option("--json", "print the verdict as JSON")
    .action(async (opts: { db?: string; json?: boolean }) => {
      const [{ DEFAULT_DATA_DIR, openStore }, { verifyStoreAudit }] = await Promise.all([import("../../store/open.ts"), import("../../store/verify.ts")]);
      const isUrl = opts.db !== undefined && /^postgres(ql)?:\/\//.test(opts.db);
      const dir = (opts.db ?? DEFAULT_DATA_DIR).replace(/^pglite:/, "");
      if (!isUrl && !existsSync(dir)) throw new UsageError(`no database at ${dir} (give --db)`);
      const store = await openStore(opts.db);
      try {
        const verdict = await verifyStoreAudit(store);
        if (opts.json) process.stdout.write(`${JSON.stringify(verdict)}\n`);
        else if (verdict.ok) process.stdout.write(`${paint.green("intact")}: ${verdict.events} audit events, head ${verdict.head}\n`);
        else process.stdout.write(`${paint.red("tampered")}: ${verdict.reason} (first bad event: ${verdict.seq}, after checking ${verdict.events})\n`);
        process.exitCode = verdict.ok ? 0 : 1;
      } finally {
        await store.close();
      }
    });
}
