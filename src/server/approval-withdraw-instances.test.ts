import { existsSync } from "node:fs";
import { mkdtemp, rm, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresStore } from "../store/postgres.ts";
import type { Store } from "../store/store.ts";
import { startPostgres, type TestPostgres } from "../testing/postgres.ts";
import { buildApp } from "./app.ts";
import type { ServerContext } from "./context.ts";
import { apiFixture, type ApiFixture, type Caller } from "./testing/fixture.ts";
import { httpCall } from "./testing/http.ts";
import { commandRunbook } from "./testing/runbook.ts";

// An approval withdrawn through one instance holds the command checks on every instance sharing
// the PostgreSQL database: B hears it on its change feed (the poll, or LISTEN/NOTIFY), and even
// before it has, B's last door reads the approval afresh, so the command does not run there.
// The command would create a file: "it did not run" is the file's absence.

interface Status {
  commands?: { held: string[]; approved_by?: string; withdrawn_by?: string; withdrawn_reason?: string };
  status: { go: boolean };
}

let pg: TestPostgres;
let dir: string;
let a: ApiFixture;
let baseA: string;
const stores: Store[] = [];
const apps: FastifyInstance[] = [];
let hash = "";

/** Another instance on the same database, listening on loopback, with command checks allowed. */
async function instance(opts: { pollFeed?: boolean; feedPollMs?: number } = {}): Promise<{ base: string; ctx: ServerContext }> {
  const store = await openPostgresStore(pg.url);
  stores.push(store);
  const { app, ctx } = await buildApp({ store, allowCommands: true, ...opts });
  apps.push(app);
  return { base: await app.listen({ host: "127.0.0.1", port: 0 }), ctx };
}

// Instances B and C keep the real clock, past the fixture's sessions: they are called with the editor's tokens.
const call = <T>(base: string, who: Caller, method: string, path: string, body?: unknown) => httpCall<T>(base, who, method, path, body);
const status = async (base: string) => {
  const r = await call<Status>(base, a.callers.readToken, "GET", "/api/runs/cmd-run/status");
  if (r.status !== 200) throw new Error(`status: ${r.status} ${r.text}`);
  return r.json;
};
const marker = () => join(dir, "ran");

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "golive-withdraw-"));
  pg = await startPostgres();
  const store = await openPostgresStore(pg.url);
  stores.push(store);
  a = await apiFixture(store, { allowCommands: true });
  baseA = await a.app.listen({ host: "127.0.0.1", port: 0 });
  const source = commandRunbook(`touch ${marker()}`);
  const up = await call<{ hash: string }>(baseA, a.callers.editor, "POST", "/api/runbooks", { source });
  expect(up.status, up.text).toBe(201);
  hash = up.json.hash;
  expect((await call(baseA, a.callers.editor, "POST", "/api/runs", { runbook: hash, name: "cmd", id: "cmd-run" })).status).toBe(201);
  expect((await call(baseA, a.callers.admin, "POST", `/api/runbooks/${hash}/approve`, {})).status).toBe(200);
});

afterAll(async () => {
  for (const app of apps) await app.close();
  await a?.close();
  for (const s of stores) await s.close();
  await pg?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("withdrawing an approval on one instance holds the command checks on the others (PostgreSQL)", () => {
  it("B hears the withdrawal on its change feed: its status holds the check, NO-GO, and its workers run nothing", async () => {
    const b = await instance();
    // B holds the approval (and runs the command) before the withdrawal.
    expect((await status(b.base)).commands).toMatchObject({ held: [], approved_by: "admin" });
    expect(await b.ctx.checks.execute("cmd-run", ["migrate"], "test")).toMatchObject([{ check: "migrate", outcome: "pass" }]);
    expect(existsSync(marker())).toBe(true);
    expect((await status(b.base)).status.go).toBe(true);
    await unlink(marker());

    const w = await call(baseA, a.callers.admin, "POST", `/api/runbooks/${hash}/withdraw`, { reason: "incident review" });
    expect(w.status, w.text).toBe(200);
    // B learns of it from the database only (its poll; in production a timer or LISTEN runs it).
    await b.ctx.feed.poll();
    const s = await status(b.base);
    expect(s.commands).toMatchObject({ held: ["migrate"], withdrawn_by: "admin", withdrawn_reason: "incident review" });
    expect(s.status.go).toBe(false);
    expect(await b.ctx.checks.execute("cmd-run", ["migrate"], "test")).toEqual([]);
    expect((await call(b.base, a.callers.writeToken, "POST", "/api/runs/cmd-run/checks/run", { checks: ["migrate"] })).status).toBe(409);
    expect(existsSync(marker())).toBe(false);
  });

  it("a worker on B that has not heard the withdrawal yet still runs nothing: the approval is read afresh before a command", async () => {
    const b = await instance();
    expect((await call(baseA, a.callers.admin, "POST", `/api/runbooks/${hash}/approve`, {})).status).toBe(200);
    expect((await status(b.base)).commands).toMatchObject({ held: [] });
    expect((await call(baseA, a.callers.admin, "POST", `/api/runbooks/${hash}/withdraw`, { reason: "second review" })).status).toBe(200);
    // No poll on B: its copy still says approved, the store does not.
    expect(await b.ctx.checks.execute("cmd-run", ["migrate"], "test")).toEqual([]);
    expect(existsSync(marker())).toBe(false);
    // And that read dropped B's copy: its status holds the check without waiting for the feed.
    expect((await status(b.base)).commands).toMatchObject({ held: ["migrate"], withdrawn_reason: "second review" });
  });

  it("an instance listening for notifications holds the check at once (LISTEN/NOTIFY, not the ten-minute poll)", async () => {
    const c = await instance({ pollFeed: true, feedPollMs: 600_000 });
    expect((await call(baseA, a.callers.admin, "POST", `/api/runbooks/${hash}/approve`, {})).status).toBe(200);
    // Bounded far below the ten-minute poll, generously for a loaded machine.
    const until = async (held: string[]) => {
      for (const end = Date.now() + 30_000; Date.now() < end; await delay(50)) {
        if (JSON.stringify((await status(c.base)).commands?.held) === JSON.stringify(held)) return true;
      }
      return false;
    };
    expect(await until([])).toBe(true);
    expect((await call(baseA, a.callers.admin, "POST", `/api/runbooks/${hash}/withdraw`, { reason: "third review" })).status).toBe(200);
    expect(await until(["migrate"])).toBe(true);
    const verify = await call<{ ok: boolean }>(baseA, a.callers.admin, "GET", "/api/audit/verify");
    expect(verify.json.ok, verify.text).toBe(true);
  });
});
