import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../store/open.ts";
import { startPostgres, type TestPostgres } from "../testing/postgres.ts";
import { testRunbook } from "./testing/runbook.ts";
import { signIn } from "./testing/session.ts";
import { SseClient } from "./testing/sse-client.ts";

// Durability: a server killed with SIGKILL while clients write loses no acknowledged write (a
// decision, a sample); a snapshot torn meanwhile is rejected at the restart and rebuilt from the log.

const BIN = fileURLToPath(new URL("../../bin/golive", import.meta.url));
const PASSWORD = "durable password 123";

interface Child {
  proc: ChildProcess;
  base: string;
  /** Everything it printed on stdout (its log lines at warn and above). */
  out: () => string;
}

/** Starts `golive serve` on a port the system gives it and resolves when it prints its URL. */
async function serve(db: string, runbook: string): Promise<Child> {
  const proc = spawn(process.execPath, [BIN, "serve", "--db", db, "--port", "0", "--host", "127.0.0.1", "--no-checks", "--admin-user", "root", runbook], {
    env: { ...process.env, GOLIVE_ADMIN_PASSWORD: PASSWORD, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  let out = "";
  proc.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  const base = await new Promise<string>((resolve, reject) => {
    proc.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const serving = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (serving?.[1]) resolve(serving[1]);
    });
    proc.on("exit", (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return { proc, base, out: () => out };
}

function session(base: string): Promise<Record<string, string>> {
  return signIn(base, "root", PASSWORD);
}

/** Facts acknowledged before the kill: more than the run's first snapshot needs (RunCache's SNAPSHOT_MIN, 200). */
const ACKED_BEFORE_KILL = 230;

/**
 * Writers add incidents (decisions) and a sampler runs the run's check now (samples) until
 * ACKED_BEFORE_KILL incidents are acknowledged; then the server gets `signal`. With `tear`, the
 * run's snapshot is torn in the database before the restart. The restarted server holds every
 * acknowledged incident and sample, and its audit chain is intact.
 */
async function killAndCheck(db: string, dir: string, signal: "SIGKILL" | "SIGTERM" = "SIGKILL", tear?: (sqlText: string) => Promise<void>): Promise<void> {
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
      if (acked.length >= ACKED_BEFORE_KILL && !killed) {
        killed = true;
        first.proc.kill(signal);
      }
    }
  };
  // Samples: each "run now" answered 200 recorded its results (one sample of the run's one check).
  let sampled = 0;
  const sampler = async () => {
    while (!stop && !killed) {
      try {
        const res = await fetch(`${first.base}/api/runs/api-test-demo/checks/run`, { method: "POST", headers, body: "{}" });
        if (res.status === 200) sampled += ((await res.json()) as { results: unknown[] }).results.length;
        else if (!killed) throw new Error(`run now: ${res.status}`);
      } catch (e) {
        if (!killed) throw e;
        return;
      }
    }
  };
  const exited = new Promise<number | null>((resolve) => first.proc.on("exit", (code) => resolve(code)));
  await Promise.all([...[0, 1, 2, 3].map(writer), sampler()]);
  stop = true;
  const code = await exited;
  expect(acked.length).toBeGreaterThanOrEqual(ACKED_BEFORE_KILL);
  expect(sampled).toBeGreaterThan(0);
  if (signal === "SIGTERM") {
    // Drained: a clean exit, the stream ended by the server, every answered write either done (201)
    // or refused as the server closed (503), never half-done (a 500).
    expect(code).toBe(0);
    await sse.ended();
    expect([...statuses].filter((s) => s !== 201 && s !== 503)).toEqual([]);
  }
  await sse.close();
  // A torn snapshot: its incidents emptied, so it no longer matches its hash.
  await tear?.(`UPDATE golive_snapshots SET lists = jsonb_set(lists, '{incidents}', '[]'::jsonb) WHERE run_id = 'api-test-demo'`);

  const second = await serve(db, runbook);
  try {
    const h = await session(second.base);
    const run = (await (await fetch(`${second.base}/api/runs/api-test-demo`, { headers: h })).json()) as { facts: { incidents: { id: string }[] } };
    const stored = new Set(run.facts.incidents.map((i) => i.id));
    expect(acked.filter((id) => !stored.has(id))).toEqual([]);
    const history = (await (await fetch(`${second.base}/api/runs/api-test-demo/checks/api-health/history`, { headers: h })).json()) as { buckets: { n: number }[] };
    expect(history.buckets.reduce((n, b) => n + b.n, 0)).toBeGreaterThanOrEqual(sampled);
    const verdict = (await (await fetch(`${second.base}/api/audit/verify`, { headers: h })).json()) as { ok: boolean };
    expect(verdict.ok).toBe(true);
    if (tear) expect(second.out()).toMatch(/snapshot rejected, rebuilt from the fact log: snapshot at version \d+ does not match its hash/);
  } finally {
    second.proc.kill("SIGTERM");
    await new Promise((resolve) => second.proc.on("exit", resolve));
  }
}

/** The run's snapshot as stored checks out (its hash, the log's chain) and covers at least `facts` incidents. */
async function expectSnapshotSound(db: string, facts: number): Promise<void> {
  const store = await openStore(db);
  try {
    const state = await store.loadRunState("api-test-demo");
    expect(state?.rejected).toBeUndefined();
    expect(state?.snapshot?.lists.incidents.length).toBeGreaterThanOrEqual(facts);
  } finally {
    await store.close();
  }
}

describe("durability after SIGKILL", () => {
  let dir: string;
  let pgServer: TestPostgres;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "golive-durable-"));
    pgServer = await startPostgres();
  });
  afterAll(async () => {
    await pgServer.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps every acknowledged write and sample on PGlite; a torn snapshot is rejected and rebuilt from the log", async () => {
    const data = join(dir, "pglite-data");
    await killAndCheck(data, dir, "SIGKILL", async (sqlText) => {
      const raw = await PGlite.create(data);
      try {
        const r = await raw.query("SELECT 1 FROM golive_snapshots WHERE run_id = 'api-test-demo'");
        expect(r.rows).toHaveLength(1);
        await raw.exec(sqlText);
      } finally {
        await raw.close();
      }
    });
    await expectSnapshotSound(`pglite:${data}`, 200);
  }, 240_000);

  it("keeps every acknowledged write and sample on PostgreSQL; a torn snapshot is rejected and rebuilt from the log", async () => {
    await killAndCheck(pgServer.url, dir, "SIGKILL", async (sqlText) => {
      const c = new pg.Client({ connectionString: pgServer.url });
      await c.connect();
      try {
        expect((await c.query("SELECT 1 FROM golive_snapshots WHERE run_id = 'api-test-demo'")).rows).toHaveLength(1);
        await c.query(sqlText);
      } finally {
        await c.end();
      }
    });
    await expectSnapshotSound(pgServer.url, 200);
  }, 240_000);

  it("SIGTERM drains: streams end, in-flight writes finish, exit 0, every acknowledged write kept", async () => {
    await killAndCheck(pgServer.url, dir, "SIGTERM");
  }, 240_000);
});
