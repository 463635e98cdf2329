import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { onFreePort } from "./postgres.ts";

/** A Prometheus server started for tests on 127.0.0.1 with a throw-away config and storage. */
export interface TestPrometheus {
  url: string;
  port: number;
  /** Its log so far (stderr), for a failing test's message. */
  log(): string;
  stop(): Promise<void>;
}

/** One scrape job: `host:port` targets on 127.0.0.1, a metrics path. */
export interface ScrapeJob {
  job: string;
  targets: string[];
  metricsPath?: string;
  /** Labels added to every series of these targets (e.g. `service`). */
  labels?: Record<string, string>;
}

export interface PrometheusOptions {
  jobs: ScrapeJob[];
  /** A rules file's YAML (`groups: ...`), loaded at start. */
  rules?: string;
  /** Scrape and rule evaluation interval; short so a test sees data in seconds. */
  interval?: string;
  /** Alertmanager `host:port` to send alerts to. */
  alertmanager?: string;
  /** How long to wait for readiness and the first scrape of every target (ms). */
  readyTimeoutMs?: number;
}

export const PROMETHEUS_INSTALL_HINT =
  "Prometheus binary not found at /usr/bin/prometheus: run `bash scripts/install-deps.sh` (Debian: apt-get install -y prometheus), or set GOLIVE_PROMETHEUS_BIN.";

/** The Prometheus binary: GOLIVE_PROMETHEUS_BIN, else Debian's /usr/bin/prometheus. */
export function findPrometheus(): string {
  const bin = process.env.GOLIVE_PROMETHEUS_BIN ?? "/usr/bin/prometheus";
  if (!existsSync(bin)) throw new Error(PROMETHEUS_INSTALL_HINT);
  return bin;
}

/** The prometheus.yml for these jobs (JSON is YAML, and needs no quoting care). */
export function prometheusConfig(opts: PrometheusOptions, rulesFile: string | undefined): string {
  const interval = opts.interval ?? "1s";
  return JSON.stringify(
    {
      global: { scrape_interval: interval, evaluation_interval: interval, scrape_timeout: interval },
      rule_files: rulesFile ? [rulesFile] : [],
      alerting: opts.alertmanager ? { alertmanagers: [{ static_configs: [{ targets: [opts.alertmanager] }] }] } : undefined,
      scrape_configs: opts.jobs.map((j) => ({
        job_name: j.job,
        metrics_path: j.metricsPath ?? "/metrics",
        static_configs: [{ targets: j.targets, labels: j.labels ?? {} }],
      })),
    },
    null,
    2,
  );
}

/**
 * Starts Debian's Prometheus on a free loopback port, scraping `jobs`, with `rules` loaded; resolves
 * once it is ready and every target has been scraped once. The caller stops it in teardown.
 */
export async function startPrometheus(opts: PrometheusOptions): Promise<TestPrometheus> {
  const bin = findPrometheus();
  return await onFreePort((port) => startPrometheusOn(bin, port, opts));
}

async function startPrometheusOn(bin: string, port: number, opts: PrometheusOptions): Promise<TestPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), "golive-prom-"));
  let rulesFile: string | undefined;
  if (opts.rules !== undefined) {
    rulesFile = join(dir, "rules.yml");
    await writeFile(rulesFile, opts.rules);
  }
  const configFile = join(dir, "prometheus.yml");
  await writeFile(configFile, prometheusConfig(opts, rulesFile));
  const child = spawn(
    bin,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--web.enable-lifecycle",
      "--log.level=warn",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr?.on("data", (b: Buffer) => {
    log = (log + b.toString("utf8")).slice(-20_000);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilScraped(url, child, opts, () => log);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, log: () => log, stop };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(killer);
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.json();
}

/** Polls readiness, then /api/v1/targets until every target reports a scrape (bounded). */
async function waitUntilScraped(url: string, child: ChildProcess, opts: PrometheusOptions, log: () => string): Promise<void> {
  // Generous by default: it ends once every target was scraped, and a loaded machine is slow.
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 90_000);
  const expected = opts.jobs.reduce((n, j) => n + j.targets.length, 0);
  let last = "not ready";
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with code ${child.exitCode}: ${log()}`);
    try {
      const ready = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) });
      if (ready.ok) {
        const body = (await getJson(`${url}/api/v1/targets`)) as {
          data: { activeTargets: { lastScrape: string; health: string }[] };
        };
        const scraped = body.data.activeTargets.filter((t) => t.health !== "unknown" && !t.lastScrape.startsWith("0001"));
        if (scraped.length >= expected) return;
        last = `${scraped.length}/${expected} targets scraped`;
      }
    } catch (err) {
      last = (err as Error).message;
    }
    // Polling a real server that needs a moment: there is no event to wait for.
    await delay(100);
  }
  throw new Error(`prometheus not ready in time (${last}): ${log()}`);
}
