import type { Command } from "commander";
import { resolve } from "node:path";
import { CHECK_ENV_SETTING, parseCheckEnv, shellEnv, type FileRoot } from "../../checks/check-env.ts";
import { checkConfigPolicy } from "../../checks/check-policy.ts";
import type { RunReport } from "../../checks/scheduler.ts";
import { UsageError } from "../usage-error.ts";

const FORMATS = ["table", "json", "junit"] as const;
type Format = (typeof FORMATS)[number];

interface Options {
  gate?: string[];
  wave?: string[];
  only?: string[];
  format: string;
  concurrency: string;
  allowCommands?: boolean;
  checkEnv?: string;
  checkFiles?: string;
  progress?: boolean;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

export function register(program: Command): void {
  program
    .command("check")
    .description("Run a runbook's automated checks (exit 0 every blocking check passed, 1 one did not, 2 usage or invalid runbook).")
    .argument("<file>", "runbook YAML file")
    .option("--gate <id>", "only the checks a gate requires (its items', criteria's and nested gates' too); repeatable", collect)
    .option("--wave <id>", "only the checks of a wave's exit criteria and requirements; repeatable", collect)
    .option("--only <ids...>", "only these checks (and the checks they need)")
    .option("--format <format>", "table, json or junit", "table")
    .option("--concurrency <n>", "checks probing at once", "16")
    .option("--allow-commands", "let command checks run (off by default: a runbook must not run programs unasked)")
    .option("--check-env <names>", "only these environment variables reach the checks (names or NAME_* prefixes; default GOLIVE_CHECK_ENV, else all of your shell's but GOLIVE_*)")
    .option("--check-files <dir>", "checks read files (ca:, a command's cwd) only under this folder (default GOLIVE_CHECK_FILES, else anywhere)")
    .option("--no-progress", "no progress output")
    .action(async (file: string, opts: Options) => {
      const [{ planChecks, parseKindConfig }, { providers }, { runChecks }, { selectChecks }, { formatDiagnostic, loadRunbookFile }, { checkKinds }] = await Promise.all([
        import("../../checks/plan.ts"), import("../../checks/registry.ts"), import("../../checks/scheduler.ts"), import("../../checks/select.ts"), import("../../format/load.ts"), import("../kinds.ts"),
      ]);
      const [{ renderCheckJson }, { renderCheckJunit }, { createProgress }, { renderCheckTable }] = await Promise.all([
        import("../views/check-json.ts"), import("../views/check-junit.ts"), import("../views/check-progress.ts"), import("../views/check-table.ts"),
      ]);
      if (!(FORMATS as readonly string[]).includes(opts.format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not '${opts.format}'`);
      const format = opts.format as Format;
      const concurrency = Number(opts.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) throw new UsageError(`--concurrency must be a whole number from 1 to 1000, not '${opts.concurrency}'`);

      let allow: string[] | undefined;
      const allowText = opts.checkEnv ?? process.env.GOLIVE_CHECK_ENV;
      try {
        allow = allowText === undefined ? undefined : parseCheckEnv(allowText);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const filesDir = opts.checkFiles ?? process.env.GOLIVE_CHECK_FILES;
      const files: FileRoot = filesDir ? resolve(filesDir) : "any";
      // The same rules as the server's, from this shell: a GOLIVE_* reference is an error here too.
      const loaded = await loadRunbookFile(file, checkKinds, { checkPolicy: checkConfigPolicy(allow, files) });
      if (!loaded.ok) {
        for (const d of loaded.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
        process.stderr.write(`${file}: invalid runbook, no check was run\n`);
        process.exitCode = 2;
        return;
      }
      const selection = selectChecks(loaded.loaded, { gates: opts.gate ?? [], waves: opts.wave ?? [], only: opts.only ?? [] });
      if (!selection.ok) throw new UsageError(selection.message);
      const planned = planChecks(loaded.loaded, selection.ids);

      // Progress goes where a person watches: stdout for the table, stderr when stdout is data.
      const progressOut = format === "table" ? process.stdout : process.stderr;
      const showProgress = opts.progress !== false && (format === "table" || process.stderr.isTTY === true);
      const progress = showProgress ? createProgress(progressOut, planned.length) : undefined;
      if (progress && !progressOut.isTTY) progressOut.write(`running ${planned.length} check${planned.length === 1 ? "" : "s"} of ${file}\n`);

      const controller = new AbortController();
      const onSigint = () => {
        if (controller.signal.aborted) process.exit(130);
        process.stderr.write("\ncancelling: stopping running checks (Ctrl-C again to quit now)\n");
        controller.abort();
      };
      process.on("SIGINT", onSigint);
      process.on("SIGTERM", onSigint);
      let report: RunReport;
      try {
        report = await runChecks(planned, {
          providers,
          parseConfig: parseKindConfig,
          concurrency,
          signal: controller.signal,
          allowCommands: opts.allowCommands === true,
          env: shellEnv(process.env, allow),
          envSetting: CHECK_ENV_SETTING,
          files,
          ...(progress ? { onEvent: (e) => progress.onEvent(e) } : {}),
        });
      } finally {
        process.off("SIGINT", onSigint);
        process.off("SIGTERM", onSigint);
        progress?.stop();
      }

      const rb = loaded.loaded.runbook;
      if (format === "json") process.stdout.write(renderCheckJson(report, { id: rb.meta.id, file }));
      else if (format === "junit") process.stdout.write(renderCheckJunit(report, { id: rb.meta.id, title: rb.meta.title }));
      else process.stdout.write(`${progress ? "\n" : ""}${renderCheckTable(report)}`);
      const blocking = report.results.every((r) => r.advisory || r.fact.outcome === "pass");
      process.exitCode = blocking && !report.cancelled ? 0 : 1;
    });
}
