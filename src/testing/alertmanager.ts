import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { onFreePort } from "./postgres.ts";

/** An Alertmanager started for tests on 127.0.0.1 with a throw-away config and storage. */
export interface TestAlertmanager {
  url: string;
  /** `127.0.0.1:PORT`, for Prometheus's alerting config. */
  target: string;
  log(): string;
  stop(): Promise<void>;
}

export const ALERTMANAGER_INSTALL_HINT =
  "Alertmanager binary not found at /usr/bin/prometheus-alertmanager: run `bash scripts/install-deps.sh` (Debian: apt-get install -y prometheus-alertmanager), or set GOLIVE_ALERTMANAGER_BIN.";

/** The Alertmanager binary: GOLIVE_ALERTMANAGER_BIN, else Debian's /usr/bin/prometheus-alertmanager. */
export function findAlertmanager(): string {
  const bin = process.env.GOLIVE_ALERTMANAGER_BIN ?? "/usr/bin/prometheus-alertmanager";
  if (!existsSync(bin)) throw new Error(ALERTMANAGER_INSTALL_HINT);
  return bin;
}

/** An alertmanager.yml sending every alert, grouped by name, to one webhook with a bearer token; short waits so tests see it in seconds. */
export function alertmanagerConfig(webhookUrl: string, token: string): string {
  return JSON.stringify({
    route: { receiver: "golive", group_by: ["alertname"], group_wait: "1s", group_interval: "1s", repeat_interval: "1h" },
    receivers: [{ name: "golive", webhook_configs: [{ url: webhookUrl, send_resolved: true, http_config: { authorization: { type: "Bearer", credentials: token } } }] }],
  }, null, 2);
}

/** Starts Debian's Alertmanager on a free loopback port (no clustering) with `config`; resolves once it is ready. */
export async function startAlertmanager(config: string): Promise<TestAlertmanager> {
  const bin = findAlertmanager();
  return await onFreePort((port) => startAlertmanagerOn(bin, port, config));
}

async function startAlertmanagerOn(bin: string, port: number, config: string): Promise<TestAlertmanager> {
  const dir = await mkdtemp(join(tmpdir(), "golive-am-"));
  const configFile = join(dir, "alertmanager.yml");
  await writeFile(configFile, config);
  const child: ChildProcess = spawn(bin, [
    `--config.file=${configFile}`, `--storage.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`,
    "--cluster.listen-address=", "--log.level=warn",
  ], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr?.on("data", (b: Buffer) => {
    log = (log + b.toString("utf8")).slice(-20_000);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(killer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  // Generous: it ends once ready, and a loaded machine is slow.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`alertmanager exited with code ${child.exitCode}: ${log}`);
    }
    try {
      if ((await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`alertmanager not ready in 90 s: ${log}`);
    }
    // Polling a real server that needs a moment: there is no event to wait for.
    await delay(100);
  }
  return { url, target: `127.0.0.1:${port}`, log: () => log, stop };
}
