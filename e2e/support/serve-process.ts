import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort } from "../../src/testing/postgres.ts";

const BIN = fileURLToPath(new URL("../../bin/golive", import.meta.url));

/** A `golive serve` process on a loopback port, with what it wrote on stderr. */
export interface ServeProcess {
  proc: ChildProcess;
  base: string;
  pid: number;
  log: string[];
}

/**
 * Starts `golive serve --port FREE …args` and resolves once it says "serving on"; rejects with its
 * stderr if it exits first.
 */
export async function startServeProcess(args: string[], env: Record<string, string>): Promise<ServeProcess> {
  const port = await freePort();
  const proc = spawn(process.execPath, [BIN, "serve", "--port", String(port), ...args], {
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  proc.stderr?.on("data", (d: Buffer) => log.push(d.toString()));
  await new Promise<void>((resolve, reject) => {
    let out = "";
    proc.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("serving on")) resolve();
    });
    proc.on("exit", (code) => reject(new Error(`serve exited ${code}: ${log.join("")}`)));
  });
  return { proc, base: `http://127.0.0.1:${port}`, pid: proc.pid ?? 0, log };
}
