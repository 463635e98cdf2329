import type { Command } from "commander";
import type { RunStatus } from "../../core/engine/index.ts";
import type { FactKind } from "../../format/markdown/export-html.ts";
import type { Facts } from "../../core/model/facts.ts";
import { writeFileAtomic } from "../io/write-file.ts";
import { UsageError } from "../usage-error.ts";

interface Options {
  format: string;
  facts?: string;
  now?: string;
  output?: string;
  lang?: string;
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
    .option("--lang <lang>", "the HTML report's language: en, vi or id (default: the runbook's language if one of these, else en)")
    .option("-o, --output <file>", "write to this file (default: stdout)")
    .action(async (file: string, opts: Options) => {
      const [{ computeStatus, reviewRun }, { exportHtml }, { REPORT_LANGS, reportLang }, { exportMarkdown }, { loadRunInput, parseNow }] = await Promise.all([
        import("../../core/engine/index.ts"), import("../../format/markdown/export-html.ts"), import("../../format/markdown/report-words.ts"), import("../../format/markdown/export-md.ts"), import("../io/run-input.ts"),
      ]);
      if (opts.format !== "md" && opts.format !== "html") throw new UsageError(`--format must be md or html, not '${opts.format}'`);
      if (opts.lang !== undefined && !(REPORT_LANGS as readonly string[]).includes(opts.lang)) throw new UsageError(`--lang must be ${REPORT_LANGS.join(", ")}, not '${opts.lang}'`);
      const now = parseNow(opts.now);
      const input = await loadRunInput(file, opts.facts);
      if (!input) return;
      const facts = input.facts;
      const status: RunStatus | undefined = facts ? computeStatus(input.loaded, facts, now) : undefined;
      const { runbook, templates } = input.loaded;
      const text =
        opts.format === "md"
          ? exportMarkdown(runbook, { templates, ...(status ? { status } : {}) })
          : exportHtml(runbook, { lang: reportLang(opts.lang, runbook.meta.language), ...(status ? { status } : {}), ...(facts ? { factCount: factCount(facts), review: reviewRun(input.loaded, facts, now) } : {}) });
      if (opts.output) await writeFileAtomic(opts.output, text);
      else process.stdout.write(text);
    });
}

function factCount(f: Facts): Record<FactKind, number> {
  return {
    items: f.items.length, checks: f.checks.length, signoffs: f.signoffs.length, waivers: f.waivers.length, steps: f.steps.length,
    checkpoints: f.checkpoints.length, attestations: f.attestations.length, waves: f.waves.length, incidents: f.incidents.length, hypercare: f.hypercare.length,
  };
}
