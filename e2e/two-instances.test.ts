import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "../src/server/testing/session.ts";
import { startPostgres, type TestPostgres } from "../src/testing/postgres.ts";
import { startServeProcess, type ServeProcess } from "./support/serve-process.ts";

// Issue 15's done-when, as written: two `golive serve` started at once on one empty PostgreSQL,
// with default flags. Run A has a check that takes 40 s (due every 5 s), run B a check every 5 s; both check
// loopback HTTP servers in this process that log when each request starts and ends. A third run's
// three slow checks share one target, whose limit of 2 at once must hold across the instances.

const PASSWORD = "two instances password";
const WINDOW_MS = 50_000;

type Instance = ServeProcess;

/** A loopback target that answers after `holdMs` and logs each request's start and end. */
function target(holdMs: number) {
  const t = { spans: [] as { start: number; end: number | undefined }[], inFlight: 0, most: 0, server: null as Server | null, url: "" };
  t.server = createServer((_req, res) => {
    const span = { start: Date.now(), end: undefined as number | undefined };
    t.spans.push(span);
    t.most = Math.max(t.most, ++t.inFlight);
    res.on("close", () => {
      span.end = Date.now();
      t.inFlight--;
    });
    setTimeout(() => res.writeHead(200).end("ok"), holdMs);
  });
  return t;
}
type Target = ReturnType<typeof target>;

function runbook(id: string, url: string, settings: string, checks = ["probe"]): string {
  const list = checks.map((c) => `  - id: ${c}
    kind: http
    config: { url: "${url}${c}" }
    conditions: ["status == 200"]
${settings}`);
  return `golive: 1
meta: { id: ${id}, title: ${id}, date: 2026-05-28, timezone: UTC }
checks:
${list.join("\n")}
`;
}

let pgServer: TestPostgres;
let dir: string;
const slow = target(40_000);
const fast = target(0);
const pressed = target(300);
/** One target that three checks of one run probe, each taking 6 s every 5 s. */
const crowded = target(6_000);
const instances: Instance[] = [];
let upAt = 0;

async function listen(t: Target): Promise<void> {
  await new Promise<void>((resolve) => t.server?.listen(0, "127.0.0.1", resolve));
  t.url = `http://127.0.0.1:${(t.server?.address() as AddressInfo).port}/`;
}

/** `golive serve` with default flags: only where the data is, a port, the admin and the runbooks. */
function serve(files: string[]): Promise<Instance> {
  return startServeProcess(["--db", pgServer.url, "--admin-user", "root", ...files], { GOLIVE_ADMIN_PASSWORD: PASSWORD });
}

beforeAll(async () => {
  pgServer = await startPostgres();
  await Promise.all([listen(slow), listen(fast), listen(pressed), listen(crowded)]);
  dir = await mkdtemp(join(tmpdir(), "golive-two-"));
  const files = [join(dir, "slow.yaml"), join(dir, "fast.yaml"), join(dir, "pressed.yaml"), join(dir, "crowded.yaml")];
  await writeFile(files[0] as string, runbook("slow", slow.url, "    interval: 5s\n    timeout: 50s"));
  await writeFile(files[1] as string, runbook("fast", fast.url, "    interval: 5s\n    timeout: 2s"));
  // No interval: on schedule every 5 minutes (the default), else when someone runs it now.
  await writeFile(files[2] as string, runbook("pressed", pressed.url, "    timeout: 5s"));
  await writeFile(files[3] as string, runbook("crowded", crowded.url, "    interval: 5s\n    timeout: 10s", ["one", "two", "three"]));
  instances.push(...(await Promise.all([serve(files), serve(files)])));
  upAt = Date.now();
}, 180_000);

afterAll(async () => {
  for (const i of instances) if (i.proc.exitCode === null) i.proc.kill("SIGKILL");
  await Promise.all([slow, fast, pressed, crowded].map((t) => new Promise((r) => {
    t.server?.closeAllConnections();
    t.server?.close(r);
  })));
  await pgServer?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("two instances on one empty PostgreSQL, default settings", () => {
  it("both come up and are ready", async () => {
    expect(instances.length).toBe(2);
    for (const i of instances) expect(await (await fetch(`${i.base}/readyz`)).json()).toEqual({ ok: true, store: "postgres" });
  });

  it("over 50 s the 40 s check never runs twice at once, and the 5 s check of another run has no gap over 12 s", async () => {
    const end = upAt + WINDOW_MS;
    await delay(Math.max(0, end - Date.now()));
    // The 40 s check: its executions, by start, each starting after the previous one ended.
    const runs = slow.spans.filter((s) => s.start <= end).sort((a, b) => a.start - b.start);
    expect(runs.length).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < runs.length; i++) {
      const prev = runs[i - 1] as { start: number; end: number | undefined };
      expect(prev.end, `execution ${i + 1} started while execution ${i} ran`).toBeDefined();
      expect((runs[i] as { start: number }).start).toBeGreaterThanOrEqual(prev.end as number);
    }
    // The 5 s check: from the instances being up to the end of the window, no gap over 12 s.
    const starts = fast.spans.map((s) => s.start).filter((t) => t <= end).sort((a, b) => a - b);
    const points = [upAt, ...starts, end];
    const gaps = points.slice(1).map((t, i) => t - (points[i] as number));
    const worst = Math.max(...gaps);
    console.log(`5 s check: ${starts.length} executions in 50 s, largest gap ${worst} ms; 40 s check: ${runs.length} executions (${runs.map((r) => `${r.start - upAt}..${r.end === undefined ? "running" : r.end - upAt} ms`).join(", ")})`);
    expect(starts.length).toBeGreaterThanOrEqual(8);
    expect(worst).toBeLessThanOrEqual(12_000);
  }, 80_000);

  it("the per-target limit (2) holds across the two instances", () => {
    // Three 6 s checks due every 5 s at one target: each instance alone may run 2 there.
    console.log(`crowded target: ${crowded.spans.length} requests, at most ${crowded.most} at once`);
    expect(crowded.spans.length).toBeGreaterThanOrEqual(6);
    expect(crowded.most).toBe(2);
  });

  it("run now pressed on both instances at once runs the check once, and both get its result", async () => {
    // The check's scheduled first run (at start) has ended.
    for (let i = 0; i < 100 && !(pressed.spans.length >= 1 && pressed.spans.every((s) => s.end !== undefined)); i++) await delay(100);
    const before = pressed.spans.length;
    const [a, b] = instances as [Instance, Instance];
    const [ha, hb] = await Promise.all([signIn(a.base, "root", PASSWORD), signIn(b.base, "root", PASSWORD)]);
    const press = (i: Instance, headers: Record<string, string>) =>
      fetch(`${i.base}/api/runs/pressed-demo/checks/run`, { method: "POST", headers, body: JSON.stringify({ checks: ["probe"] }) }).then(async (r) => ({ status: r.status, body: (await r.json()) as { results: { check: string; outcome: string; at: string }[] } }));
    const [ra, rb] = await Promise.all([press(a, ha), press(b, hb)]);
    expect(ra.status).toBe(200);
    expect(rb.status).toBe(200);
    expect(pressed.spans.length - before).toBe(1);
    expect(ra.body.results).toEqual(rb.body.results);
    expect(ra.body.results).toMatchObject([{ check: "probe", outcome: "pass" }]);
    // A later press is a new execution.
    const again = await press(b, hb);
    expect(again.status).toBe(200);
    expect(pressed.spans.length - before).toBe(2);
    expect(again.body.results[0]?.at).not.toBe(ra.body.results[0]?.at);
  }, 120_000);
});
