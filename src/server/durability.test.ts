import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startPostgres, type TestPostgres } from "../testing/postgres.ts";
import { testRunbook } from "./testing/runbook.ts";
import { signIn } from "./testing/session.ts";
import { SseClient } from "./testing/sse-client.ts";

// Durability: a server killed with SIGKILL while clients write loses no acknowledged write.

const BIN = fileURLToPath(new URL("../../bin/golive", import.meta.url));
const PASSWORD = "durable password 123";

interface Child {
  proc: ChildProcess;
  base: string;
}

/** Starts `golive serve` and resolves when it prints its URL. */
async function serve(db: string, runbook: string): Promise<Child> {
  const port = await freePort();
  const proc = spawn(process.execPath, [BIN, "serve", "--db", db, "--port", String(port), "--host", "127.0.0.1", "--no-checks", "--admin-user", "root", runbook], {
    env: { ...process.env, GOLIVE_ADMIN_PASSWORD: PASSWORD, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  proc.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    let out = "";
    proc.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("serving on")) resolve();
    });
    proc.on("exit", (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return { proc, base: `http://127.0.0.1:${port}` };
}

function session(base: string): Promise<Record<string, string>> {
  return signIn(base, "root", PASSWORD);
}

async function killAndCheck(db: string, dir: string, signal: "SIGKILL" | "SIGTERM" = "SIGKILL"): Promise<void> {
  const runbook = join(dir, "runbook.yaml");
  await writeFile(runbook, testRunbook());
  const first = await serve(db, runbook);
  const headers = await session(first.base);
  // A live stream open while the server stops: SIGTERM ends it from the server's side.
  const sse = new SseClient(`${first.base}/api/runs/api-test-demo/events`, headers);
  await sse.connect();
  const statuses = new Set<number>();
  const acked: string[] = [];
  let stop = false;
  let killed = false;
  const writer = async (w: number) => {
    for (let n = 0; !stop; n++) {
      try {
        const res = await fetch(`${first.base}/api/runs/api-test-demo/incidents`, { method: "POST", headers, body: JSON.stringify({ title: `writer ${w} #${n}`, severity: "P2" }) });
        statuses.add(res.status);
        if (res.status === 201) acked.push(((await res.json()) as { id: string }).id);
        else if (!killed) throw new Error(`write: ${res.status}`);
      } catch (e) {
        if (!killed) throw e;
        return; // the server is gone: this write was never acknowledged
      }
      if (acked.length >= 60 && !killed) {
        killed = true;
        first.proc.kill(signal);
      }
    }
  };
  const exited = new Promise<number | null>((resolve) => first.proc.on("exit", (code) => resolve(code)));
  await Promise.all([0, 1, 2, 3].map(writer));
  stop = true;
  const code = await exited;
  expect(acked.length).toBeGreaterThanOrEqual(60);
  if (signal === "SIGTERM") {
    // Drained: a clean exit, the stream ended by the server, every answered write either done (201)
    // or refused as the server closed (503), never half-done (a 500).
    expect(code).toBe(0);
    await sse.ended();
    expect([...statuses].filter((s) => s !== 201 && s !== 503)).toEqual([]);
  }
  await sse.close();

  const second = await serve(db, runbook);
  try {
    const h = await session(second.base);
    const run = (await (await fetch(`${second.base}/api/runs/api-test-demo`, { headers: h })).json()) as { facts: { incidents: { id: string }[] } };
    const stored = new Set(run.facts.incidents.map((i) => i.id));
    expect(acked.filter((id) => !stored.has(id))).toEqual([]);
    const verdict = (await (await fetch(`${second.base}/api/audit/verify`, { headers: h })).json()) as { ok: boolean };
    expect(verdict.ok).toBe(true);
  } finally {
    second.proc.kill("SIGTERM");
    await new Promise((resolve) => second.proc.on("exit", resolve));
  }
}

describe("durability after SIGKILL", () => {
  let dir: string;
  let pg: TestPostgres;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "golive-durable-"));
    pg = await startPostgres();
  });
  afterAll(async () => {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps every acknowledged write on PGlite", async () => {
    await killAndCheck(join(dir, "pglite-data"), dir);
  }, 120_000);

  it("keeps every acknowledged write on PostgreSQL", async () => {
    await killAndCheck(pg.url, dir);
  }, 120_000);

  it("SIGTERM drains: streams end, in-flight writes finish, exit 0, every acknowledged write kept", async () => {
    await killAndCheck(pg.url, dir, "SIGTERM");
  }, 120_000);
});
