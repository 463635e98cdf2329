import type { Command } from "commander";
import type { Facts } from "../../core/model/facts.ts";
import { UsageError } from "../usage-error.ts";

interface Options {
  start?: string;
  facts?: string;
  format: string;
  now?: string;
}

/** The latest moment the facts speak of: what a forecast from a facts file is as of. */
function latestFact(facts: Facts): number {
  const times = [
    ...facts.items.map((f) => f.at), ...facts.steps.map((f) => f.at), ...facts.checkpoints.map((f) => f.at), ...facts.checks.map((f) => f.at),
    ...facts.tasks.flatMap((f) => [f.started_at, f.ended_at]), ...facts.phases.flatMap((f) => [f.started_at, f.ended_at]),
  ];
  return Math.max(-Infinity, ...times.flatMap((t) => (t ? [Date.parse(t)] : [])));
}

/** `golive plan FILE --start ISO [--facts F] [--now ISO] [--format table|json]`: exit 0 fits the rollback deadline, 1 does not, 2 usage or invalid input. */
export function register(program: Command): void {
  program
    .command("plan")
    .description("Forecast finish, critical path and fit to the rollback deadline (exit 0 fits, 1 does not, 2 usage/invalid).")
    .argument("<file>", "runbook YAML file")
    .option("--start <iso>", "when the run starts (ISO 8601 date-time with offset)")
    .option("--facts <file>", "what has happened in the run (JSON): actual times replace the estimates")
    .option("--now <iso>", "forecast as of this moment (default: the latest fact, else the start)")
    .option("--format <format>", "table or json", "table")
    .action(async (file: string, opts: Options) => {
      const [{ planForecast }, { safeZone }, { emptyFacts }, { loadRunInput, parseNow }, { planJson, renderPlanTable }] = await Promise.all([
        import("../../core/engine/index.ts"), import("../../core/engine/time.ts"), import("../../core/model/facts.ts"), import("../io/run-input.ts"), import("../views/plan-view.ts"),
      ]);
      if (opts.format !== "table" && opts.format !== "json") throw new UsageError(`--format must be table or json, not '${opts.format}'`);
      if (opts.start === undefined) throw new UsageError("--start is required: when the run starts, e.g. --start 2026-05-30T06:00:00+07:00");
      const start = parseNow(opts.start);
      const input = await loadRunInput(file, opts.facts);
      if (!input) return;
      const facts = input.facts ?? emptyFacts();
      const now = opts.now !== undefined ? parseNow(opts.now) : new Date(Math.max(start.getTime(), latestFact(facts)));
      const forecast = planForecast(input.loaded, facts, start, now);
      if (!forecast) throw new UsageError(`${file}: the runbook has no timeline tasks or deploy steps to plan`);
      const zone = safeZone(input.loaded.runbook.meta.timezone);
      process.stdout.write(opts.format === "json" ? `${JSON.stringify(planJson(forecast), null, 2)}\n` : renderPlanTable(forecast, zone));
      process.exitCode = forecast.fitsDeadline === false ? 1 : 0;
    });
}
