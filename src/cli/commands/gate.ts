import type { Command } from "commander";
import { UsageError } from "../usage-error.ts";

interface Opts {
  server?: string;
  token?: string;
  timeout: string;
  interval: string;
  json?: boolean;
}

export function register(program: Command): void {
  const gate = program.command("gate").description("Gates of a run on a golive server.");
  gate
    .command("wait")
    .description("Wait until a gate passes (exit 0), fails or is blocked (1), or the timeout passes (3); 2 for usage, an unknown run or gate, or a refused token.")
    .argument("<run>", "the run's id")
    .argument("<gate>", "the gate's id")
    .option("--server <url>", "the golive server (default GOLIVE_SERVER)")
    .option("--token <token>", "an API token, read scope is enough (default GOLIVE_TOKEN; prefer the variable in CI)")
    .option("--timeout <duration>", "give up after this long", "30m")
    .option("--interval <duration>", "time between looks", "5s")
    .option("--json", "print the outcome as one JSON line")
    .action(async (run: string, gateId: string, opts: Opts) => {
      const [{ parseDuration }, { remoteFrom }, { gateWait }] = await Promise.all([import("../../core/engine/index.ts"), import("../remote/client.ts"), import("../remote/gate-wait.ts")]);
      const timeoutMs = parseDuration(opts.timeout);
      if (timeoutMs === undefined || timeoutMs < 0) throw new UsageError(`--timeout: a duration, e.g. 30m (got ${opts.timeout})`);
      const intervalMs = parseDuration(opts.interval);
      if (intervalMs === undefined || intervalMs < 200) throw new UsageError(`--interval: a duration of at least 200ms, e.g. 5s (got ${opts.interval})`);
      process.exitCode = await gateWait({
        remote: remoteFrom(opts), run, gate: gateId, timeoutMs, intervalMs, json: opts.json ?? false,
        tty: process.stderr.isTTY === true, out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s),
      });
    });
}
