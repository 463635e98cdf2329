import type { Command } from "commander";
import { computeStatus } from "../../core/engine/index.ts";
import { emptyFacts } from "../../core/model/facts.ts";
import { loadFactsFile } from "../../format/facts-file.ts";
import { formatDiagnostic, loadRunbookFile } from "../../format/load.ts";
import { checkKinds } from "../kinds.ts";
import { UsageError } from "../usage-error.ts";
import { renderStatusTable } from "../views/status-table.ts";

interface Options {
  facts?: string;
  format: string;
  now?: string;
}

/** `golive status FILE [--facts FILE] [--format table|json] [--now ISO]`: exit 0 go, 1 no-go, 2 usage or invalid input. */
export function register(program: Command): void {
  program
    .command("status")
    .description("Gates, waves, sign-offs, steps and go/no-go of a run (exit 0 go, 1 no-go, 2 usage/invalid).")
    .argument("<file>", "runbook YAML file")
    .option("--facts <file>", "what has happened in the run (JSON)")
    .option("--format <format>", "table or json", "table")
    .option("--now <iso>", "compute the status as of this moment (ISO 8601 date-time)")
    .action(async (file: string, opts: Options) => {
      if (opts.format !== "table" && opts.format !== "json") throw new UsageError(`--format must be table or json, not '${opts.format}'`);
      let now = new Date();
      if (opts.now !== undefined) {
        // A date-time with its offset: a bare time would silently mean the machine's zone.
        if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(opts.now) || Number.isNaN(Date.parse(opts.now))) {
          throw new UsageError(`--now must be an ISO 8601 date-time with offset, e.g. 2026-05-30T09:00:00+07:00; got '${opts.now}'`);
        }
        now = new Date(opts.now);
      }
      const loaded = await loadRunbookFile(file, checkKinds);
      const factsResult = opts.facts ? await loadFactsFile(opts.facts) : undefined;
      const diagnostics = [...(loaded.ok ? [] : loaded.diagnostics), ...(factsResult && !factsResult.ok ? factsResult.diagnostics : [])];
      if (!loaded.ok || (factsResult && !factsResult.ok)) {
        for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
        process.exitCode = 2;
        return;
      }
      const facts = factsResult?.ok ? factsResult.facts : emptyFacts();
      const status = computeStatus(loaded.loaded, facts, now);
      process.stdout.write(opts.format === "json" ? `${JSON.stringify(status, null, 2)}\n` : renderStatusTable(status));
      process.exitCode = status.go ? 0 : 1;
    });
}
