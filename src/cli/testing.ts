import { main } from "./main.ts";

/** Runs the CLI in-process and captures what it writes (tests only). */
export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const write = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  process.stdout.write = (chunk: string | Uint8Array) => ((out += String(chunk)), true);
  process.stderr.write = (chunk: string | Uint8Array) => ((err += String(chunk)), true);
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}
