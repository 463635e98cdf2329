import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { Option } from "commander";
import { writeFileAtomic } from "../io/write-file.ts";
import { UsageError } from "../usage-error.ts";

export const TEMPLATES = ["pilot-waves", "cutover-day", "service-launch"] as const;

/** The text of a starter runbook. */
export async function templateText(name: (typeof TEMPLATES)[number]): Promise<string> {
  return readFile(new URL(`../templates/${name}.yaml`, import.meta.url), "utf8");
}

export function register(program: Command): void {
  program
    .command("init")
    .description("Write a starter runbook (exit 0).")
    .addOption(new Option("-t, --template <name>", "starter to use").choices(TEMPLATES).default("pilot-waves"))
    .option("-o, --output <file>", "where to write it ('-' for stdout)", "golive.yaml")
    .option("-f, --force", "replace an existing file")
    .action(async (opts: { template: (typeof TEMPLATES)[number]; output: string; force?: boolean }) => {
      const text = await templateText(opts.template);
      if (opts.output === "-") {
        process.stdout.write(text);
        return;
      }
      try {
        await writeFileAtomic(opts.output, text, { exclusive: !opts.force });
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      process.stdout.write(`wrote ${opts.output} (template ${opts.template}); next: golive validate ${opts.output}\n`);
    });
}
