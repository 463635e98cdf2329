import { readdirSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_RUNBOOK, startServer, type RunningServer, type ServeOptions } from "./serve.ts";

// `golive serve` without a runbook brings the demo's stand-ins up itself. When they cannot start
// (here: no Prometheus binary), it says why, once, and does not schedule the demo run's checks
// (which would only fill the dashboard with "environment variable … is not set").

const PASSWORD = "a long enough test password";
let server: RunningServer | undefined;
const savedBin = process.env.GOLIVE_PROMETHEUS_BIN;
const savedSecret = process.env.GOLIVE_NOTIFY_SECRET;

afterEach(async () => {
  await server?.close();
  server = undefined;
  if (savedBin === undefined) delete process.env.GOLIVE_PROMETHEUS_BIN;
  else process.env.GOLIVE_PROMETHEUS_BIN = savedBin;
  if (savedSecret === undefined) delete process.env.GOLIVE_NOTIFY_SECRET;
  else process.env.GOLIVE_NOTIFY_SECRET = savedSecret;
});

/** This process's children that are the stand-ins' process (it names itself golive-demo-stand-ins). */
function standInsChildren(): number[] {
  // Every thread's children: the test may run in a worker thread, which is then the parent.
  const children = readdirSync(`/proc/${process.pid}/task`).flatMap((t) => readFileSync(`/proc/${process.pid}/task/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number));
  return children.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").startsWith("golive-demo-stand-ins");
    } catch {
      return false;
    }
  });
}

const options = (demo: boolean, logs: string[]): ServeOptions => ({
  db: "memory:",
  host: "127.0.0.1",
  port: 0,
  runbooks: [DEMO_RUNBOOK],
  adminUser: "admin",
  adminPassword: PASSWORD,
  allowCommands: false,
  secure: false,
  checkEveryMs: 0,
  demo,
  log: (l) => logs.push(l),
});

async function demoState(s: RunningServer): Promise<{ state: string; runs: string[]; message?: string }> {
  const login = await fetch(`${s.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: "admin", password: PASSWORD }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await fetch(`${s.url}/api/demo`, { headers: { cookie } });
  return (await res.json()) as { state: string; runs: string[]; message?: string };
}

describe("serve's demo stand-ins", () => {
  it("are off unless asked for", async () => {
    const logs: string[] = [];
    server = await startServer(options(false, logs));
    expect(await demoState(server)).toEqual({ state: "off", systems: [], runs: [] });
    expect(logs.join("\n")).not.toMatch(/stand-ins/);
  });

  it("when they cannot start, say why with the fix, and the demo run's checks are not scheduled", async () => {
    process.env.GOLIVE_PROMETHEUS_BIN = "/nonexistent/prometheus";
    const logs: string[] = [];
    server = await startServer(options(true, logs));
    const s = server;
    await expect.poll(async () => (await demoState(s)).state, { timeout: 60_000, interval: 200 }).toBe("failed");
    const demo = await demoState(s);
    expect(demo.runs).toEqual(["pancake-crm-pilot-demo"]);
    expect(demo.message).toMatch(/Prometheus binary not found.*install-deps\.sh/);
    expect(logs.some((l) => /demo stand-ins could not start: Prometheus binary not found/.test(l))).toBe(true);
    // One scheduling round: the demo run (the only run) is left alone.
    expect(await s.ctx.schedule.plan()).toBe(0);
  }, 90_000);

  it("run in a process of their own: up, the demo run's checks planned against them, gone after close", async () => {
    process.env.GOLIVE_NOTIFY_SECRET = "a secret the stand-ins never see";
    const logs: string[] = [];
    server = await startServer(options(true, logs));
    const s = server;
    await expect.poll(async () => (await demoState(s)).state, { timeout: 180_000, interval: 500 }).toBe("ready");
    const [pid, ...more] = standInsChildren();
    expect(pid, "one stand-ins process").toBeTypeOf("number");
    expect(more).toEqual([]);
    expect(readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter((e) => e.startsWith("GOLIVE_NOTIFY_SECRET="))).toEqual([]);
    expect(await s.ctx.schedule.plan()).toBeGreaterThan(0);
    await s.close();
    server = undefined;
    expect(standInsChildren()).toEqual([]);
  }, 240_000);
});
