import { type ChildProcess, fork } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { StandInsMessage } from "../demo/stand-ins-message.ts";

/** The demo's stand-ins, running in their own process. */
export interface StandIns {
  /** The environment the demo runbook's checks read (PANCAKE_* URLs). Secret: they carry passwords. */
  env: Record<string, string>;
  /** The stand-ins' process. */
  pid: number | undefined;
  /** Stops the stand-ins (PostgreSQL, Prometheus, the services) and their process. */
  stop(): Promise<void>;
}

// PostgreSQL's initdb and the pilot's four weeks of data take a while on a busy machine.
const START_TIMEOUT_MS = 240_000;
const STOP_TIMEOUT_MS = 30_000;

/**
 * The file to fork and how: the compiled stand-ins-process.js beside dist/server/, or in a
 * checkout (this module is TypeScript) the source through tsx's loader.
 */
export function standInsEntry(moduleUrl: string = import.meta.url): { file: string; execArgv: string[] } {
  const ts = moduleUrl.endsWith(".ts");
  const file = fileURLToPath(new URL(`../demo/stand-ins-process.${ts ? "ts" : "js"}`, moduleUrl));
  return { file, execArgv: ts ? ["--import", pathToFileURL(createRequire(moduleUrl).resolve("tsx")).href] : [] };
}

/**
 * The environment the stand-ins' process starts with: the server's, without golive's own settings
 * (the admin password, notification and SMTP secrets), which the stand-ins never need; the binaries'
 * locations stay.
 */
export function standInsEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const keep = new Set(["GOLIVE_PG_BIN", "GOLIVE_PROMETHEUS_BIN"]);
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith("GOLIVE_") || keep.has(k)));
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), STOP_TIMEOUT_MS)));
  if ((await Promise.race([exited, late])) === "late") child.kill("SIGKILL");
  clearTimeout(timer);
  await exited;
}

/**
 * Forks the stand-ins' process and resolves once they are up (their checks' environment
 * received), or rejects with why they could not start (the child's own message, with its fix).
 */
export async function startStandInsProcess(): Promise<StandIns> {
  const { file, execArgv } = standInsEntry();
  const child = fork(file, [], { execArgv, env: standInsEnv(process.env), stdio: ["ignore", "ignore", "pipe", "ipc"], serialization: "json" });
  let stderr = "";
  child.stderr?.on("data", (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    const env = await new Promise<Record<string, string>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the demo's stand-ins did not start within ${START_TIMEOUT_MS / 1000}s`)), START_TIMEOUT_MS);
      child.on("message", (m: StandInsMessage) => {
        clearTimeout(timer);
        if (m.type === "ready") resolve(m.env);
        else reject(new Error(m.message));
      });
      child.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        const last = stderr.trim().split("\n").pop() ?? "";
        reject(new Error(`the demo's stand-ins' process ended (${signal ?? `exit code ${code}`}) before they were up${last ? `: ${last}` : ""}`));
      });
    });
    return { env, pid: child.pid, stop: () => stopChild(child, exited) };
  } catch (e) {
    await stopChild(child, exited);
    throw e;
  }
}
