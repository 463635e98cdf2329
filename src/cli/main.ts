import { Command, CommanderError } from "commander";
import { register as registerAudit } from "./commands/audit.ts";
import { register as registerBackup } from "./commands/backup.ts";
import { register as registerCheck } from "./commands/check.ts";
import { register as registerExport } from "./commands/export.ts";
import { register as registerImport } from "./commands/import.ts";
import { register as registerInit } from "./commands/init.ts";
import { register as registerPlan } from "./commands/plan.ts";
import { register as registerServe } from "./commands/serve.ts";
import { register as registerStatus } from "./commands/status.ts";
import { register as registerValidate } from "./commands/validate.ts";
import { UsageError } from "./usage-error.ts";

/** Builds the program; each command lives in commands/ and sets process.exitCode itself. */
export function buildProgram(): Command {
  const program = new Command("golive")
    .description("Go-live command center: runbooks with checks, gates, waves, sign-offs and a deploy gate.")
    .version("0.1.0")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  for (const register of [registerValidate, registerStatus, registerPlan, registerCheck, registerInit, registerImport, registerExport, registerServe, registerAudit, registerBackup]) {
    register(program);
  }
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** Runs the CLI; returns the exit code (0 ok, 1 a finding, 2 usage or invalid input). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    process.exitCode = 0;
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`golive: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
