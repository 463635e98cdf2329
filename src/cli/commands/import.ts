import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { UsageError } from "../usage-error.ts";
import { writeFileAtomic } from "../io/write-file.ts";

export function register(program: Command): void {
  program
    .command("import")
    .description("Turn a Markdown go-live document into a runbook (exit 0, 1 when nothing was recognised).")
    .argument("<doc>", "the Markdown document")
    .option("-o, --output <file>", "write the runbook to this file (default: stdout)")
    .option("--report", "print what became what, and every block not placed, to stderr")
    .option("--format <format>", "yaml or json", "yaml")
    .action(async (doc: string, opts: { output?: string; report?: boolean; format: string }) => {
      const [{ formatDiagnostic, loadRunbookText }, { importMarkdown, reportText, runbookText }, { checkKinds }] = await Promise.all([
        import("../../format/load.ts"), import("../../format/markdown/import.ts"), import("../kinds.ts"),
      ]);
      if (opts.format !== "yaml" && opts.format !== "json") throw new UsageError(`--format must be yaml or json, not '${opts.format}'`);
      let source: string;
      try {
        source = await readFile(doc, "utf8");
      } catch (e) {
        throw new UsageError(`cannot read ${doc}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      }
      const result = importMarkdown(source, checkKinds);
      if (opts.report) process.stderr.write(reportText(result.report, doc));
      if (!result.recognised) {
        process.stderr.write(`golive: ${result.error ?? `nothing in ${doc} was recognised as part of a runbook`}\n`);
        process.exitCode = 1;
        return;
      }
      const text = runbookText(result.runbook, opts.format);
      // The YAML is what the user keeps: it must load as it is.
      const loaded = loadRunbookText(runbookText(result.runbook, "yaml"), opts.output ?? "imported.yaml", checkKinds);
      if (!loaded.ok) {
        for (const d of loaded.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
        process.stderr.write("golive: the imported runbook does not validate (a bug in import; please report it)\n");
        process.exitCode = 1;
      }
      if (opts.output) await writeFileAtomic(opts.output, text);
      else process.stdout.write(text);
    });
}
