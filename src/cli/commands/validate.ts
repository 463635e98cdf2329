import type { Command } from "commander";
import { paint } from "../views/paint.ts";

export function register(program: Command): void {
  program
    .command("validate")
    .description("Check runbook files; errors as FILE:LINE:COL message (exit 0 valid, 1 invalid, 2 usage).")
    .argument("<files...>", "runbook YAML files")
    .option("-q, --quiet", "print only errors")
    .action(async (files: string[], opts: { quiet?: boolean }) => {
      const [{ formatDiagnostic, loadRunbookFile }, { checkKinds }] = await Promise.all([import("../../format/load.ts"), import("../kinds.ts")]);
      let invalid = 0;
      for (const file of files) {
        const result = await loadRunbookFile(file, checkKinds);
        if (result.ok) {
          if (!opts.quiet) {
            const rb = result.loaded.runbook;
            process.stdout.write(`${paint.green("ok")} ${file} (${rb.meta.id}: ${count(rb.gates.length, "gate")}, ${count(rb.waves.length, "wave")}, ${count(rb.checks.length, "check")})\n`);
          }
        } else {
          invalid++;
          for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
        }
      }
      if (invalid > 0) {
        process.stderr.write(`${invalid} of ${files.length} file(s) invalid\n`);
        process.exitCode = 1;
      }
    });
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
