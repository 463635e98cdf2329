import { afterEach, describe, expect, it } from "vitest";
import { findPrometheus, PROMETHEUS_INSTALL_HINT, prometheusConfig, startPrometheus } from "./prometheus.ts";

const saved = process.env.GOLIVE_PROMETHEUS_BIN;
afterEach(() => {
  if (saved === undefined) delete process.env.GOLIVE_PROMETHEUS_BIN;
  else process.env.GOLIVE_PROMETHEUS_BIN = saved;
});

describe("test Prometheus harness", () => {
  it("finds Debian's binary (install it with scripts/install-deps.sh)", () => {
    expect(findPrometheus()).toMatch(/prometheus$/);
  });

  it("fails with the install hint when the binary is missing, never skips", async () => {
    process.env.GOLIVE_PROMETHEUS_BIN = "/nonexistent/prometheus";
    expect(() => findPrometheus()).toThrow(PROMETHEUS_INSTALL_HINT);
    await expect(startPrometheus({ jobs: [] })).rejects.toThrow(/scripts\/install-deps\.sh/);
  });

  it("writes scrape jobs with their labels and path, and the rules file", () => {
    const config = JSON.parse(
      prometheusConfig({ jobs: [{ job: "iam", targets: ["127.0.0.1:9"], metricsPath: "/iam/metrics", labels: { service: "iam" } }], interval: "2s" }, "/tmp/r.yml"),
    ) as Record<string, unknown>;
    expect(config).toMatchObject({
      global: { scrape_interval: "2s", evaluation_interval: "2s" },
      rule_files: ["/tmp/r.yml"],
      scrape_configs: [{ job_name: "iam", metrics_path: "/iam/metrics", static_configs: [{ targets: ["127.0.0.1:9"], labels: { service: "iam" } }] }],
    });
  });

  it("names the problem when Prometheus refuses its config", async () => {
    await expect(startPrometheus({ jobs: [], rules: "groups: [{ name: x, rules: [{ alert: A, expr: 'sum(' }] }]" })).rejects.toThrow(
      /prometheus exited with code \d+: .*(parse|rule)/is,
    );
  });
});
