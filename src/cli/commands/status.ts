import type { Command } from "commander";
import { UsageError } from "../usage-error.ts";

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
      const [{ computeStatus }, { emptyFacts }, { loadRunInput, parseNow }, { renderStatusTable }] = await Promise.all([
        import("../../core/engine/index.ts"), import("../../core/model/facts.ts"), import("../io/run-input.ts"), import("../views/status-table.ts"),
      ]);
      if (opts.format !== "table" && opts.format !== "json") throw new UsageError(`--format must be table or json, not '${opts.format}'`);
      const now = parseNow(opts.now);
      const input = await loadRunInput(file, opts.facts);
      if (!input) return;
      const status = computeStatus(input.loaded, input.facts ?? emptyFacts(), now);
      process.stdout.write(opts.format === "json" ? `${JSON.stringify(status, null, 2)}\n` : renderStatusTable(status));
      process.exitCode = status.go ? 0 : 1;
    });
}
