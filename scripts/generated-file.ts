import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/**
 * Writes a generated file, or with `--check` on the command line fails (exit 1) when the committed
 * file differs from `text`, naming the npm script that regenerates it.
 */
export async function writeOrCheck(file: URL, text: string, regenerate: string): Promise<void> {
  const name = fileURLToPath(file);
  if (process.argv.includes("--check")) {
    const current = await readFile(file, "utf8").catch(() => "");
    if (current !== text) {
      console.error(`${name} is out of date: run \`${regenerate}\``);
      process.exit(1);
    }
    console.log(`${name} is up to date`);
  } else {
    await writeFile(file, text);
    console.log(`wrote ${name}`);
  }
}
