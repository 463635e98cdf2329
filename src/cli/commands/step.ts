import type { Command } from "commander";
import { UsageError } from "../usage-error.ts";

const ACTIONS = ["start", "verify", "done", "fail", "rollback", "rolled_back"] as const;

interface Opts {
  server?: string;
  token?: string;
  note?: string;
}

export function register(program: Command): void {
  program
    .command("step")
    .description("Record a deploy step's action on a golive server from a pipeline: exit 0 recorded, 1 refused by the runbook's rules, 2 usage or a refused token.")
    .argument("<action>", ACTIONS.join(" | "))
    .argument("<run>", "the run's id")
    .argument("<step>", "the step's id")
    .option("--server <url>", "the golive server (default GOLIVE_SERVER)")
    .option("--token <token>", "an API token with write scope (default GOLIVE_TOKEN; prefer the variable in CI)")
    .option("--note <text>", "a note recorded with the action (e.g. the pipeline's URL)")
    .action(async (action: string, run: string, step: string, opts: Opts) => {
      if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`step: the action is one of ${ACTIONS.join(", ")} (got ${action})`);
      const { remoteFrom, callApi, apiMessage } = await import("../remote/client.ts");
      const remote = remoteFrom(opts);
      let a;
      try {
        a = await callApi(remote, "POST", `/api/runs/${encodeURIComponent(run)}/steps/${encodeURIComponent(step)}/${action}`, opts.note === undefined ? {} : { note: opts.note });
      } catch (e) {
        process.stderr.write(`golive: ${remote.server} not reachable: ${(e as Error & { cause?: { code?: string } }).cause?.code ?? (e as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      if (a.status === 200 || a.status === 201) {
        process.stdout.write(`${action} ${step}: recorded (run ${run})\n`);
        process.exitCode = 0;
        return;
      }
      process.stderr.write(`golive: step ${action} ${step}: ${apiMessage(a)}\n`);
      // The runbook's rules said no (or the run moved on meanwhile): 1. Anything else is how it was called: 2.
      const code = (a.body as { error?: { code?: string } } | null)?.error?.code;
      process.exitCode = code === "GOLIVE_E_REFUSED" || code === "GOLIVE_E_CONFLICT" ? 1 : 2;
    });
}
