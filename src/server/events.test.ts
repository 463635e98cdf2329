import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../store/pglite.ts";
import { openPostgresStore } from "../store/postgres.ts";
import type { Store } from "../store/store.ts";
import { startPostgres, type TestPostgres } from "../testing/postgres.ts";
import { buildApp } from "./app.ts";
import { apiFixture, type ApiFixture } from "./testing/fixture.ts";
import { SseClient } from "./testing/sse-client.ts";

/** Ticks the smoke item at the current version (these tests are about delivery, not conflicts). */
const change = async (fx: ApiFixture, state: "done" | "not_done" | "failed") => {
  const run = await fx.call(fx.callers.editor, { method: "GET", url: `/api/runs/${fx.runId}` });
  const res = await fx.call(fx.callers.quinn, { method: "PUT", url: `/api/runs/${fx.runId}/items/smoke`, payload: { version: run.json<{ version: number }>().version, state } });
  if (res.statusCode !== 200) throw new Error(`change: ${res.statusCode} ${res.body}`);
  return res;
};

describe("live updates (SSE)", () => {
  let store: Store;
  let fx: ApiFixture;
  let base: string;
  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    fx = await apiFixture(store);
    base = await fx.app.listen({ host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    await fx.close();
    await store.close();
  });

  it("sends every change to every subscriber, with the audit sequence number as id", async () => {
    const clients = [0, 1, 2].map(() => new SseClient(`${base}/api/runs/${fx.runId}/events`, fx.callers.readToken.headers));
    for (const c of clients) await c.connect();
    expect(clients.map((c) => c.status)).toEqual([200, 200, 200]);
    const r1 = await change(fx, "done");
    const r2 = await change(fx, "not_done");
    const seqs = [r1.json<{ seq: number }>().seq, r2.json<{ seq: number }>().seq];
    for (const c of clients) {
      const got = await c.waitFor(2);
      expect(got.map((m) => Number(m.id))).toEqual(seqs);
      expect(JSON.parse(got[0]?.data ?? "{}")).toMatchObject({ seq: seqs[0], run: fx.runId, action: "item.set", subject: "item:smoke", actor: "quinn" });
    }
    const metrics = await fx.app.inject("/metrics");
    expect(metrics.body).toMatch(/golive_sse_clients 3/);
    for (const c of clients) await c.close();
  });

  it("replays what was missed after a reconnect with Last-Event-ID", async () => {
    const first = new SseClient(`${base}/api/runs/${fx.runId}/events`, fx.callers.readToken.headers);
    await first.connect();
    const a = (await change(fx, "failed")).json<{ seq: number }>().seq;
    await first.waitFor(1);
    await first.close();
    const missed = [(await change(fx, "done")).json<{ seq: number }>().seq, (await change(fx, "not_done")).json<{ seq: number }>().seq];
    const again = new SseClient(`${base}/api/runs/${fx.runId}/events`, { ...fx.callers.readToken.headers, "last-event-id": String(a) });
    await again.connect();
    const replayed = await again.waitFor(2);
    expect(replayed.map((m) => Number(m.id))).toEqual(missed);
    const live = (await change(fx, "done")).json<{ seq: number }>().seq;
    expect((await again.waitFor(3)).map((m) => Number(m.id))).toEqual([...missed, live]);
    await again.close();
  });

  it("ends open streams when the server closes", async () => {
    const other = await buildApp({ store });
    const otherBase = await other.app.listen({ host: "127.0.0.1", port: 0 });
    const client = new SseClient(`${otherBase}/api/runs/${fx.runId}/events`, fx.callers.readToken.headers);
    await client.connect();
    expect(client.status).toBe(200);
    await other.app.close();
    await client.ended();
  });

  it("refuses the stream without an account and for unknown runs", async () => {
    const anon = new SseClient(`${base}/api/runs/${fx.runId}/events`, {});
    await anon.connect();
    expect(anon.status).toBe(401);
    await anon.close();
    const none = new SseClient(`${base}/api/runs/nope/events`, fx.callers.readToken.headers);
    await none.connect();
    expect(none.status).toBe(404);
    await none.close();
  });
});

describe("live updates across instances sharing PostgreSQL", () => {
  let pg: TestPostgres;
  let a: ApiFixture;
  const stores: Store[] = [];
  beforeAll(async () => {
    pg = await startPostgres();
    const storeA = await openPostgresStore(pg.url);
    stores.push(storeA);
    a = await apiFixture(storeA);
  });
  afterAll(async () => {
    await a.close();
    for (const s of stores) await s.close();
    await pg.stop();
  });

  it("delivers a change written through instance A to a subscriber of instance B", async () => {
    const storeB = await openPostgresStore(pg.url);
    stores.push(storeB);
    const b = await buildApp({ store: storeB });
    const baseB = await b.app.listen({ host: "127.0.0.1", port: 0 });
    try {
      const sub = new SseClient(`${baseB}/api/runs/${a.runId}/events`, a.callers.readToken.headers);
      await sub.connect();
      expect(sub.status).toBe(200);
      const seq = (await change(a, "done")).json<{ seq: number }>().seq;
      // B learns of it from the database only (its poll; in production a timer runs it).
      await b.ctx.feed.poll();
      const got = await sub.waitFor(1);
      expect(Number(got[0]?.id)).toBe(seq);
      const status = await b.app.inject({ method: "GET", url: `/api/runs/${a.runId}/status`, headers: a.callers.readToken.headers });
      expect(status.json<{ status: { items: { id: string; state: string }[] } }>().status.items.find((i) => i.id === "smoke")?.state).toBe("done");
      await sub.close();
    } finally {
      await b.app.close();
    }
  });

  it("hears changes from other instances at once through LISTEN/NOTIFY, not only by polling", async () => {
    const storeC = await openPostgresStore(pg.url);
    stores.push(storeC);
    // C polls only every ten minutes: an event that arrives before then came by NOTIFY.
    const c = await buildApp({ store: storeC, pollFeed: true, feedPollMs: 600_000 });
    const baseC = await c.app.listen({ host: "127.0.0.1", port: 0 });
    try {
      const sub = new SseClient(`${baseC}/api/runs/${a.runId}/events`, a.callers.readToken.headers);
      await sub.connect();
      const seq = (await change(a, "failed")).json<{ seq: number }>().seq;
      const got = await sub.waitFor(1);
      expect(Number(got[0]?.id)).toBe(seq);
      await sub.close();
    } finally {
      await c.app.close();
    }
  });

  it("revokes a token on every instance through the feed", async () => {
    const storeD = await openPostgresStore(pg.url);
    stores.push(storeD);
    const d = await buildApp({ store: storeD });
    try {
      const made = await a.call(a.callers.dev, { method: "POST", url: "/api/tokens", payload: { name: "ci", scope: "read" } });
      const { id, token } = made.json<{ id: string; token: string }>();
      const me = () => d.app.inject({ method: "GET", url: "/api/auth/me", headers: { authorization: `Bearer ${token}` } });
      expect((await me()).statusCode).toBe(200);
      expect((await a.call(a.callers.dev, { method: "DELETE", url: `/api/tokens/${id}` })).statusCode).toBe(200);
      await d.ctx.feed.poll();
      expect((await me()).statusCode).toBe(401);
    } finally {
      await d.app.close();
    }
  });
});
