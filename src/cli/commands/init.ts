import type { Command } from "commander";
import { UsageError } from "../usage-error.ts";

// Placeholder until the command lands; replaced by its owner.
export function register(program: Command): void {
  program
    .command("init")
    .description("(not available yet)")
    .allowUnknownOption(true)
    .argument("[args...]")
    .action(() => {
      throw new UsageError("'init' is not available in this build yet");
    });
}
