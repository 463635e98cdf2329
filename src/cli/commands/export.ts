import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { computeStatus, type RunStatus } from "../../core/engine/index.ts";
import type { Facts } from "../../core/model/facts.ts";
import { loadFactsFile } from "../../format/facts-file.ts";
import { formatDiagnostic, loadRunbookFile } from "../../format/load.ts";
import { exportHtml } from "../../format/markdown/export-html.ts";
import { exportMarkdown } from "../../format/markdown/export-md.ts";
import { checkKinds } from "../kinds.ts";
import { UsageError } from "../usage-error.ts";

interface Options {
  format: string;
  facts?: string;
  now?: string;
  output?: string;
}

/** `golive export FILE --format md|html [--facts FILE] [--now ISO] [-o OUT]`: exit 0, 2 usage or invalid input. */
export function register(program: Command): void {
  program
    .command("export")
    .description("Write a runbook back as Markdown, or as a printable HTML report; with a run's live status when --facts is given.")
    .argument("<file>", "runbook YAML file")
    .requiredOption("--format <format>", "md or html")
    .option("--facts <file>", "what has happened in the run (JSON): fills in the status")
    .option("--now <iso>", "the status as of this moment (ISO 8601 date-time with offset)")
    .option("-o, --output <file>", "write to this file (default: stdout)")
    .action(async (file: string, opts: Options) => {
      if (opts.format !== "md" && opts.format !== "html") throw new UsageError(`--format must be md or html, not '${opts.format}'`);
      let now = new Date();
      if (opts.now !== undefined) {
        if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(opts.now) || Number.isNaN(Date.parse(opts.now))) {
          throw new UsageError(`--now must be an ISO 8601 date-time with offset, e.g. 2026-05-30T09:00:00+07:00; got '${opts.now}'`);
        }
        now = new Date(opts.now);
      }
      const loaded = await loadRunbookFile(file, checkKinds);
      const factsResult = opts.facts ? await loadFactsFile(opts.facts) : undefined;
      if (!loaded.ok || (factsResult && !factsResult.ok)) {
        const diagnostics = [...(loaded.ok ? [] : loaded.diagnostics), ...(factsResult && !factsResult.ok ? factsResult.diagnostics : [])];
        for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
        process.exitCode = 2;
        return;
      }
      const facts = factsResult?.ok ? factsResult.facts : undefined;
      const status: RunStatus | undefined = facts ? computeStatus(loaded.loaded, facts, now) : undefined;
      const { runbook, templates } = loaded.loaded;
      const text =
        opts.format === "md"
          ? exportMarkdown(runbook, { templates, ...(status ? { status } : {}) })
          : exportHtml(runbook, { ...(status ? { status } : {}), ...(facts ? { factCount: factCount(facts) } : {}) });
      if (opts.output) await writeFile(opts.output, text, "utf8");
      else process.stdout.write(text);
    });
}

function factCount(f: Facts): Record<string, number> {
  return {
    "item ticks": f.items.length, "check results": f.checks.length, "sign-offs": f.signoffs.length, waivers: f.waivers.length,
    "step actions": f.steps.length, "checkpoint decisions": f.checkpoints.length, attestations: f.attestations.length,
    "wave openings/closings": f.waves.length, incidents: f.incidents.length,
  };
}
