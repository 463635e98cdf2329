import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiFixture, type ApiFixture } from "../../server/testing/fixture.ts";
import { openPgliteStore } from "../../store/pglite.ts";
import type { Store } from "../../store/store.ts";
import { remoteFrom } from "../remote/client.ts";
import { gateWait, type GateWaitOptions } from "../remote/gate-wait.ts";
import { runCli } from "../testing.ts";

// `golive gate wait` and `golive step` against a real server on loopback.

describe("golive gate wait / golive step", () => {
  let store: Store;
  let fx: ApiFixture;
  let base: string;
  let token: string;
  let readToken: string;

  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    fx = await apiFixture(store);
    base = await fx.app.listen({ host: "127.0.0.1", port: 0 });
    token = (fx.callers.writeToken.headers.authorization ?? "").slice("Bearer ".length);
    readToken = (fx.callers.readToken.headers.authorization ?? "").slice("Bearer ".length);
  });
  afterAll(async () => {
    await fx.close();
    await store.close();
  });

  const setItem = async (item: string, state: "done" | "failed" | "not_done") => {
    const version = (await fx.call(fx.callers.editor, { method: "GET", url: `/api/runs/${fx.runId}` })).json<{ version: number }>().version;
    const res = await fx.call(item === "smoke" ? fx.callers.quinn : fx.callers.dev, { method: "PUT", url: `/api/runs/${fx.runId}/items/${item}`, payload: { version, state, evidence: [{ kind: "text", value: "ok" }] } });
    if (res.statusCode !== 200) throw new Error(res.body);
  };
  const wait = (over: Partial<GateWaitOptions>) => {
    const out: string[] = [];
    const err: string[] = [];
    let t = 0;
    const opts: GateWaitOptions = {
      remote: remoteFrom({ server: base, token: readToken }), run: fx.runId, gate: "ready", timeoutMs: 60_000, intervalMs: 5_000, json: false, tty: false,
      out: (s) => out.push(s), err: (s) => err.push(s), now: () => t, sleep: (ms) => ((t += ms), Promise.resolve()), ...over,
    };
    return { run: () => gateWait(opts), out, err };
  };

  it("waits while the gate is pending and exits 0 once it passes", async () => {
    let looks = 0;
    const w = wait({ sleep: async () => { looks++; if (looks === 2) { await setItem("backup", "done"); await setItem("smoke", "done"); } } });
    expect(await w.run()).toBe(0);
    expect(looks).toBe(2);
    expect(w.out.join("")).toContain("passed: ready Ready to deploy");
    expect(w.err.join("")).toContain("ready pending");
  });

  it("exits 1 when the gate fails, with the reason", async () => {
    await setItem("smoke", "failed");
    try {
      const w = wait({});
      expect(await w.run()).toBe(1);
      expect(w.out.join("")).toMatch(/failed: ready Ready to deploy — .*Smoke test on staging.* failed/);
    } finally {
      await setItem("smoke", "not_done");
    }
  });

  it("exits 3 at the timeout", async () => {
    const w = wait({ timeoutMs: 12_000, json: true });
    expect(await w.run()).toBe(3);
    expect(JSON.parse(w.out.join(""))).toMatchObject({ outcome: "timeout", state: "pending", waited_ms: 12_000 });
  });

  it("exits 2 for an unknown gate, an unknown run or a bad token, at once", async () => {
    expect(await wait({ gate: "nope" }).run()).toBe(2);
    expect(await wait({ run: "nope" }).run()).toBe(2);
    expect(await wait({ remote: remoteFrom({ server: base, token: "glv_bad" }) }).run()).toBe(2);
  });

  it("keeps trying while the server does not answer, until the timeout", async () => {
    const w = wait({ remote: remoteFrom({ server: "http://127.0.0.1:9", token }), timeoutMs: 10_000 });
    expect(await w.run()).toBe(3);
    expect(w.err.join("")).toContain("server not answering");
  });

  it("runs from the command line with --server and --token (or GOLIVE_TOKEN)", async () => {
    const r = await runCli(["gate", "wait", fx.runId, "ready", "--server", base, "--token", readToken, "--timeout", "0s", "--json"]);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.out)).toMatchObject({ run: fx.runId, gate: "ready", outcome: "timeout" });
    const saved = process.env.GOLIVE_TOKEN;
    delete process.env.GOLIVE_TOKEN;
    try {
      const missing = await runCli(["gate", "wait", fx.runId, "ready", "--server", base]);
      expect(missing.code).toBe(2);
      expect(missing.err).toContain("--token");
    } finally {
      if (saved !== undefined) process.env.GOLIVE_TOKEN = saved;
    }
  });

  it("golive step records a step action, exits 1 when the runbook refuses it and 2 for a read token", async () => {
    const start = await runCli(["step", "start", fx.runId, "s1", "--server", base, "--token", token, "--note", "pipeline 42"]);
    expect(start.code).toBe(0);
    const run = await fx.call(fx.callers.readToken, { method: "GET", url: `/api/runs/${fx.runId}` });
    expect(run.json<{ facts: { steps: { step: string; action: string; note?: string; by: string }[] } }>().facts.steps).toEqual([expect.objectContaining({ step: "s1", action: "start", note: "pipeline 42", by: "editor" })]);
    const early = await runCli(["step", "done", fx.runId, "s2", "--server", base, "--token", token]);
    expect(early.code).toBe(1);
    expect(early.err).toContain("GOLIVE_E_REFUSED");
    expect((await runCli(["step", "done", fx.runId, "s1", "--server", base, "--token", readToken])).code).toBe(2);
    expect((await runCli(["step", "jump", fx.runId, "s1", "--server", base, "--token", token])).code).toBe(2);
  });
});
