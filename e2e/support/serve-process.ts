import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../bin/golive", import.meta.url));

/** A `golive serve` process on a loopback port, with what it wrote on stderr. */
export interface ServeProcess {
  proc: ChildProcess;
  base: string;
  pid: number;
  log: string[];
}

/**
 * Starts `golive serve --port 0 …args` and resolves once it says "serving on" with the port the
 * system gave it (a port picked free beforehand could be taken by then by any other listener);
 * rejects with its stderr if it exits first.
 */
export async function startServeProcess(args: string[], env: Record<string, string>): Promise<ServeProcess> {
  const proc = spawn(process.execPath, [BIN, "serve", "--port", "0", ...args], {
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  proc.stderr?.on("data", (d: Buffer) => log.push(d.toString()));
  const base = await new Promise<string>((resolve, reject) => {
    let out = "";
    proc.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const serving = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (serving?.[1]) resolve(serving[1]);
    });
    proc.on("exit", (code) => reject(new Error(`serve exited ${code}: ${log.join("")}`)));
  });
  return { proc, base, pid: proc.pid ?? 0, log };
}
