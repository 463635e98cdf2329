import { existsSync } from "node:fs";
import { mkdtemp, rm, unlink } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryJobQueue } from "../jobs/memory-queue.ts";
import type { JobQueue } from "../jobs/queue.ts";
import { openPgliteStore } from "../store/pglite.ts";
import type { Store } from "../store/store.ts";
import { CHECK_QUEUE, type CheckJob } from "./check-schedule.ts";
import { httpCall, type HttpAnswer } from "./testing/http.ts";
import { apiFixture, type ApiFixture, type Caller } from "./testing/fixture.ts";
import { commandRunbook as oneCommand } from "./testing/runbook.ts";

// With --allow-commands, a hostile editor's runbook must not run commands on the host until an
// admin approves that exact runbook text. Over real HTTP against a listening server; the command
// would create a file, so "it did not run" is the file's absence, not a status field's word.

let store: Store;
let fx: ApiFixture;
let base: string;
let dir: string;
let target: Server;
let targetUrl: string;
const sent: CheckJob[] = [];
/** An admin's read and write API tokens: what a pipeline holds, and what leaks. */
const adminTokens: Caller[] = [];

interface Answer {
  hash: string;
  approved_by?: string;
  approved_at?: string;
  created?: boolean;
  ok?: boolean;
  reason?: string;
  withdrawn_by?: string;
  withdrawn_at?: string;
  error: { code: string; message: string; details?: { held?: string[] } };
  results: { check: string; outcome: string }[];
  held?: string[];
  verdict: string;
  commands?: { checks: string[]; allowed: boolean; held: string[]; approved_by?: string; approved_at?: string; withdrawn_by?: string; withdrawn_at?: string; withdrawn_reason?: string };
  status: { go: boolean; checks: { id: string; state: string; awaitingApproval?: boolean; reasons: { code: string }[] }[]; gates: { id: string; state: string }[] };
  events: { action: string; actor: string; subject: string; after: Record<string, unknown> }[];
}

function http(caller: Caller, method: string, path: string, body?: unknown): Promise<HttpAnswer<Answer>> {
  return httpCall<Answer>(base, caller, method, path, body);
}

/** A runbook whose command check creates `marker` in the temp folder, gating G-1 beside an HTTP check. */
function commandRunbook(id: string, marker: string): string {
  return `golive: 1
meta: { id: ${id}, title: Commands ${id}, timezone: UTC }
roles:
  - { id: ops, members: [editor] }
checks:
  - id: migrate
    kind: command
    config: { run: "touch ${join(dir, marker)}" }
  - id: web
    kind: http
    config: { url: "${targetUrl}/" }
    conditions: ["status == 200"]
gates:
  - { id: G-1, title: Migrated, requires: { checks: [migrate, web] } }
`;
}

async function upload(caller: Caller, source: string): Promise<Answer> {
  const r = await http(caller, "POST", "/api/runbooks", { source });
  expect(r.status, r.text).toBe(201);
  return r.json;
}

async function newRun(hash: string, id: string): Promise<void> {
  const r = await http(fx.callers.editor, "POST", "/api/runs", { runbook: hash, name: id, id });
  expect(r.status, r.text).toBe(201);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "golive-approval-"));
  target = createServer((_req, res) => res.writeHead(200).end("ok"));
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  // Records what the scheduler queues (those jobs are run by hand below); "run now" goes through as usual.
  const queue = new MemoryJobQueue({ onError: () => undefined });
  const jobs: JobQueue = {
    backend: queue.backend,
    send: (q, data, opts) => {
      if (q !== CHECK_QUEUE) return queue.send(q, data, opts);
      sent.push(data as CheckJob);
      return Promise.resolve(true);
    },
    state: (q, id) => queue.state(q, id),
    work: (q, handler, opts) => queue.work(q, handler, opts),
    stop: (graceMs) => queue.stop(graceMs),
  };
  store = await openPgliteStore(undefined);
  fx = await apiFixture(store, { allowCommands: true, jobs });
  base = await fx.app.listen({ host: "127.0.0.1", port: 0 });
  for (const scope of ["read", "write"] as const) {
    const t = await http(fx.callers.admin, "POST", "/api/tokens", { name: `admin-ci-${scope}`, scope });
    expect(t.status, t.text).toBe(201);
    adminTokens.push({ name: `admin-${scope}-token`, headers: { authorization: `Bearer ${(t.json as unknown as { token: string }).token}` } });
  }
});

afterAll(async () => {
  await fx.close();
  await store.close();
  await new Promise<void>((r) => target.close(() => r()));
  await rm(dir, { recursive: true, force: true });
});

describe("command checks wait for an admin's approval of the runbook text", () => {
  let editorHash = "";

  it("an editor's runbook is stored, but its command check never runs: not by run-now, not by the scheduler", async () => {
    const up = await upload(fx.callers.editor, commandRunbook("ed", "editor-1"));
    editorHash = up.hash;
    expect(up.approved_by).toBeUndefined();
    await newRun(editorHash, "ed-run");
    // The scheduler queues the run's other check, never the held one.
    await fx.ctx.schedule.plan();
    expect(sent.filter((j) => j.runId === "ed-run").map((j) => j.checkId)).toEqual(["web"]);

    const named = await http(fx.callers.editor, "POST", "/api/runs/ed-run/checks/run", { checks: ["migrate"] });
    expect(named.status).toBe(409);
    expect(named.json.error).toMatchObject({ code: "GOLIVE_E_APPROVAL_REQUIRED", details: { held: ["migrate"] } });
    // An admin's "run now" is no approval either: approving is its own, audited act.
    expect((await http(fx.callers.admin, "POST", "/api/runs/ed-run/checks/run", { checks: ["migrate"] })).status).toBe(409);
    // Everything: the other checks run, the command check is held and said to be.
    const all = await http(fx.callers.editor, "POST", "/api/runs/ed-run/checks/run", {});
    expect(all.status, all.text).toBe(200);
    expect(all.json.results.map((r) => [r.check, r.outcome])).toEqual([["web", "pass"]]);
    expect(all.json.held).toEqual(["migrate"]);

    // A job for it that got queued anyway (say, before a restart without approval) runs nothing.
    await fx.ctx.schedule.runJob({ runId: "ed-run", checkId: "migrate", slotMs: fx.clock.now().getTime(), everyMs: 60_000, target: "command" }, AbortSignal.timeout(10_000), 60_000);
    expect(await fx.ctx.checks.execute("ed-run", ["migrate"], "test")).toEqual([]);
    expect(existsSync(join(dir, "editor-1"))).toBe(false);

    // Awaiting approval, never passing: the gate is pending and the verdict NO-GO, saying why.
    const s = await http(fx.callers.viewer, "GET", "/api/runs/ed-run/status");
    expect(s.json.commands).toEqual({ checks: ["migrate"], allowed: true, held: ["migrate"] });
    const migrate = s.json.status.checks.find((c) => c.id === "migrate");
    expect(migrate).toMatchObject({ state: "pending", awaitingApproval: true, reasons: [{ code: "check.awaiting_approval" }] });
    expect(s.json.status.gates.find((g) => g.id === "G-1")?.state).toBe("pending");
    expect(s.json.status.go).toBe(false);
  });

  it("a viewer, an editor and an editor's write token cannot approve", async () => {
    for (const who of [fx.callers.viewer, fx.callers.editor, fx.callers.writeToken, fx.callers.anonymous]) {
      const r = await http(who, "POST", `/api/runbooks/${editorHash}/approve`, {});
      expect([401, 403], `${who.name}: ${r.text}`).toContain(r.status);
    }
    expect((await store.getRunbookApproval(editorHash))).toBeUndefined();
    // The fixture's own runbook was approved by its admin (its role members); no other text was.
    expect((await store.listAudit({ limit: 10_000 })).filter((e) => e.action === "runbook.approve").map((e) => e.subject)).toEqual([`runbook:${fx.runbookHash}`]);
  });

  it("an admin's API token (a leaked CI token) cannot approve, and its upload approves nothing: the command never runs", async () => {
    for (const who of adminTokens) {
      const r = await http(who, "POST", `/api/runbooks/${editorHash}/approve`, {});
      expect({ who: who.name, status: r.status, code: r.json.error.code }).toEqual({ who: who.name, status: 403, code: "GOLIVE_E_TOKEN_SCOPE" });
      expect(r.json.error.message).toMatch(/Sign in/);
    }
    const writeToken = adminTokens[1] as Caller;
    const up = await upload(writeToken, commandRunbook("tok", "token-1"));
    expect(up.approved_by).toBeUndefined();
    await newRun(up.hash, "tok-run");
    expect((await http(writeToken, "POST", "/api/runs/tok-run/checks/run", { checks: ["migrate"] })).status).toBe(409);
    expect(await fx.ctx.checks.execute("tok-run", ["migrate"], "test")).toEqual([]);
    expect(existsSync(join(dir, "token-1"))).toBe(false);
    expect(await store.getRunbookApproval(editorHash)).toBeUndefined();
    expect(await store.getRunbookApproval(up.hash)).toBeUndefined();
    const log = await store.listAudit({ limit: 10_000 });
    expect(log.filter((e) => e.action === "runbook.approve").map((e) => e.subject)).toEqual([`runbook:${fx.runbookHash}`]);
    // The attempt is on the record: which account's token, which route.
    expect(log.filter((e) => e.action === "token.refused").map((e) => [e.actor, (e.after as { route: string }).route])).toContainEqual(["admin", "POST /api/runbooks/:hash/approve"]);
  });

  it("an admin's approval is an audited fact (who, when, which text); then the command runs", async () => {
    const r = await http(fx.callers.admin, "POST", `/api/runbooks/${editorHash}/approve`, {});
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ hash: editorHash, approved_by: "admin", approved_at: fx.clock.now().toISOString(), created: true });
    const audit = await http(fx.callers.viewer, "GET", "/api/audit?limit=1000");
    const event = audit.json.events.find((e) => e.action === "runbook.approve" && e.subject === `runbook:${editorHash}`);
    expect(event).toMatchObject({ actor: "admin", subject: `runbook:${editorHash}`, after: { hash: editorHash, approved_by: "admin" } });

    const s = await http(fx.callers.viewer, "GET", "/api/runs/ed-run/status");
    expect(s.json.commands).toMatchObject({ held: [], approved_by: "admin" });
    sent.length = 0;
    // The schedule reads the runs again every 5 s: from then on the approved check is on it.
    fx.clock.advance(5_000);
    await fx.ctx.schedule.plan();
    expect(sent.filter((j) => j.runId === "ed-run").map((j) => j.checkId)).toContain("migrate");
    const run = await http(fx.callers.editor, "POST", "/api/runs/ed-run/checks/run", { checks: ["migrate"] });
    expect(run.status, run.text).toBe(200);
    expect(run.json.results).toMatchObject([{ check: "migrate", outcome: "pass" }]);
    expect(existsSync(join(dir, "editor-1"))).toBe(true);
    const after = await http(fx.callers.viewer, "GET", "/api/runs/ed-run/status");
    expect(after.json.status.gates.find((g) => g.id === "G-1")?.state).toBe("passing");
  });

  describe("withdrawing the approval (after an incident review)", () => {
    const REASON = "incident review 2026-05-28: migrate ran against production";
    const marker = () => join(dir, "editor-1");
    const withdraw = (who: Caller, body: unknown = { reason: REASON }) => http(who, "POST", `/api/runbooks/${editorHash}/withdraw`, body);

    it("a viewer, an editor, a write token and anonymous cannot withdraw; an admin must give a reason", async () => {
      expect((await http(fx.callers.viewer, "GET", "/api/runs/ed-run/status")).json.status.go).toBe(true);
      for (const who of [fx.callers.viewer, fx.callers.editor, fx.callers.writeToken, fx.callers.readToken, ...adminTokens, fx.callers.anonymous]) {
        const r = await withdraw(who);
        expect([401, 403], `${who.name}: ${r.text}`).toContain(r.status);
      }
      for (const body of [{}, { reason: "   " }, { reason: "x".repeat(2_001) }]) expect((await withdraw(fx.callers.admin, body)).status).toBe(400);
      expect(await store.getRunbookApproval(editorHash)).toMatchObject({ approvedBy: "admin" });
      expect((await store.listAudit({ limit: 10_000 })).map((e) => e.action)).not.toContain("runbook.approval_withdraw");
    });

    it("an admin's withdrawal is audited with whose approval it ended; the command check is held again and nothing runs it", async () => {
      await unlink(marker());
      const r = await withdraw(fx.callers.admin);
      expect(r.status, r.text).toBe(200);
      expect(r.json).toMatchObject({ hash: editorHash, withdrawn_by: "admin", withdrawn_at: fx.clock.now().toISOString(), reason: REASON, approved_by: "admin" });
      const audit = await http(fx.callers.viewer, "GET", "/api/audit?limit=1000");
      expect(audit.json.events.find((e) => e.action === "runbook.approval_withdraw")).toMatchObject({
        actor: "admin", subject: `runbook:${editorHash}`, after: { hash: editorHash, withdrawn_by: "admin", reason: REASON },
      });

      const s = await http(fx.callers.viewer, "GET", "/api/runs/ed-run/status");
      expect(s.json.commands).toMatchObject({ held: ["migrate"], withdrawn_by: "admin", withdrawn_reason: REASON });
      expect(s.json.commands?.approved_by).toBeUndefined();
      expect(s.json.status.checks.find((c) => c.id === "migrate")).toMatchObject({ state: "pending", awaitingApproval: true });
      expect(s.json.status.go).toBe(false);

      // Run now, the schedule and a job queued before the withdrawal: none runs the command.
      expect((await http(fx.callers.admin, "POST", "/api/runs/ed-run/checks/run", { checks: ["migrate"] })).status).toBe(409);
      // A whole default interval (5 min) later, the other check's next slot is sent and migrate's is not.
      sent.length = 0;
      fx.clock.advance(300_000);
      await fx.ctx.schedule.plan();
      expect(sent.filter((j) => j.runId === "ed-run").map((j) => j.checkId)).toEqual(["web"]);
      await fx.ctx.schedule.runJob({ runId: "ed-run", checkId: "migrate", slotMs: fx.clock.now().getTime(), everyMs: 60_000, target: "command" }, AbortSignal.timeout(10_000), 60_000);
      expect(await fx.ctx.checks.execute("ed-run", ["migrate"], "test")).toEqual([]);
      expect(existsSync(marker())).toBe(false);
    });

    it("a result recorded after the withdrawal (an execution already under way) does not count: never GO", async () => {
      const at = fx.clock.now().toISOString();
      fx.ctx.runs.applySamples("ed-run", await store.recordSamples("ed-run", [{ check: "migrate", outcome: "pass", at, duration_ms: 5, conditions: [] }], { actor: "scheduler", at }));
      const s = await http(fx.callers.viewer, "GET", "/api/runs/ed-run/status");
      expect(s.json.status.checks.find((c) => c.id === "migrate")).toMatchObject({ state: "pending", awaitingApproval: true });
      expect(s.json.status.gates.find((g) => g.id === "G-1")?.state).toBe("pending");
      expect(s.json.status.go).toBe(false);
    });

    it("withdrawing again, or an unknown runbook, records nothing", async () => {
      const again = await withdraw(fx.callers.admin);
      expect(again.status).toBe(409);
      expect(again.json.error.code).toBe("GOLIVE_E_NOT_APPROVED");
      expect((await http(fx.callers.admin, "POST", `/api/runbooks/${"0".repeat(64)}/withdraw`, { reason: REASON })).status).toBe(404);
      expect((await store.listAudit({ limit: 10_000 })).filter((e) => e.action === "runbook.approval_withdraw")).toHaveLength(1);
    });

    it("an admin's upload of the same text does not approve it again: only an explicit approval does", async () => {
      const up = await upload(fx.callers.admin, commandRunbook("ed", "editor-1"));
      expect(up.hash).toBe(editorHash);
      expect(up.approved_by).toBeUndefined();
      expect((await http(fx.callers.viewer, "GET", "/api/runs/ed-run/status")).json.commands?.held).toEqual(["migrate"]);
      expect((await store.listAudit({ limit: 10_000 })).filter((e) => e.action === "runbook.approve" && e.subject === `runbook:${editorHash}`)).toHaveLength(1);
    });

    it("an editor cannot approve it again; an admin can, and the command runs again; the audit chain verifies", async () => {
      expect((await http(fx.callers.editor, "POST", `/api/runbooks/${editorHash}/approve`, {})).status).toBe(403);
      expect((await http(fx.callers.writeToken, "POST", `/api/runbooks/${editorHash}/approve`, {})).status).toBe(403);
      const r = await http(fx.callers.admin, "POST", `/api/runbooks/${editorHash}/approve`, {});
      expect(r.status, r.text).toBe(200);
      expect(r.json.created).toBe(true);
      const run = await http(fx.callers.editor, "POST", "/api/runs/ed-run/checks/run", { checks: ["migrate"] });
      expect(run.status, run.text).toBe(200);
      expect(existsSync(marker())).toBe(true);
      const s = await http(fx.callers.viewer, "GET", "/api/runs/ed-run/status");
      expect(s.json.commands).toMatchObject({ held: [], approved_by: "admin" });
      expect(s.json.commands?.withdrawn_by).toBeUndefined();
      expect(s.json.status.go).toBe(true);
      const verify = await http(fx.callers.admin, "GET", "/api/audit/verify");
      expect(verify.status, verify.text).toBe(200);
      expect(verify.json.ok).toBe(true);
    });
  });

  it("a withdrawal kills a command check that is running: recorded as cancelled, counting for nothing", async () => {
    const started = join(dir, "slow-started");
    const up = await upload(fx.callers.admin, oneCommand(`touch ${started} && sleep 8 && touch ${join(dir, "slow-done")}`));
    expect(up.approved_by).toBe("admin");
    await newRun(up.hash, "slow-run");
    const running = fx.ctx.checks.execute("slow-run", ["migrate"], "test");
    await expect.poll(() => existsSync(started), { timeout: 30_000, interval: 25 }).toBe(true);
    expect((await http(fx.callers.admin, "POST", `/api/runbooks/${up.hash}/withdraw`, { reason: "stop it" })).status).toBe(200);
    // Left alone it would pass after 8 s; killed, it is an error saying so.
    const [result] = await running;
    expect(result).toMatchObject({ check: "migrate", outcome: "error" });
    expect(result?.error).toMatch(/cancelled/);
    expect(existsSync(join(dir, "slow-done"))).toBe(false);
    const s = await http(fx.callers.viewer, "GET", "/api/runs/slow-run/status");
    expect(s.json.status.checks.find((c) => c.id === "migrate")).toMatchObject({ state: "pending", awaitingApproval: true });
  });

  it("a withdrawal kills the command in a mixed run-now round; the round's other checks finish and count", async () => {
    const started = join(dir, "mixed-started");
    const done = join(dir, "mixed-done");
    const up = await upload(fx.callers.admin, `golive: 1
meta: { id: mixed, title: Mixed round, timezone: UTC }
checks:
  - { id: migrate, kind: command, config: { run: "touch ${started} && sleep 8 && touch ${done}" } }
  - { id: after-migrate, kind: http, config: { url: "${targetUrl}/" }, conditions: ["status == 200"], needs: [migrate] }
  - { id: web, kind: http, config: { url: "${targetUrl}/" }, conditions: ["status == 200"] }
gates:
  - { id: G-1, title: Migrated, requires: { checks: [migrate, web] } }
`);
    expect(up.approved_by).toBe("admin");
    await newRun(up.hash, "mixed-run");
    // "Run now" for everything, over HTTP: the command starts beside the HTTP checks.
    const round = http(fx.callers.editor, "POST", "/api/runs/mixed-run/checks/run", {});
    await expect.poll(() => existsSync(started), { timeout: 30_000, interval: 25 }).toBe(true);
    expect((await http(fx.callers.admin, "POST", `/api/runbooks/${up.hash}/withdraw`, { reason: "stop the round" })).status).toBe(200);
    const answer = await round;
    expect(answer.status, answer.text).toBe(200);
    // Left alone the command would pass after 8 s; killed, it is an error saying so, and the check
    // that needed it says that. The other check ran to its end and is recorded as it went.
    const by = new Map(answer.json.results.map((r) => [r.check, r]));
    expect(by.get("migrate")).toMatchObject({ outcome: "error" });
    expect((by.get("migrate") as { error?: string } | undefined)?.error).toMatch(/cancelled/);
    expect(by.get("web")).toMatchObject({ outcome: "pass" });
    expect(by.get("after-migrate")?.outcome ?? "not recorded").not.toBe("pass");
    expect(existsSync(done)).toBe(false);
    const s = await http(fx.callers.viewer, "GET", "/api/runs/mixed-run/status");
    expect(s.json.status.checks.find((c) => c.id === "migrate")).toMatchObject({ state: "pending", awaitingApproval: true });
    expect(s.json.status.checks.find((c) => c.id === "web")).toMatchObject({ state: "pass" });
    expect(s.json.status.go).toBe(false);
  });

  it("an editor who edits the approved runbook loses the approval: the new text waits again", async () => {
    const edited = await upload(fx.callers.editor, commandRunbook("ed", "editor-2"));
    expect(edited.hash).not.toBe(editorHash);
    expect(edited.approved_by).toBeUndefined();
    await newRun(edited.hash, "ed-run-2");
    expect((await http(fx.callers.editor, "POST", "/api/runs/ed-run-2/checks/run", { checks: ["migrate"] })).status).toBe(409);
    await fx.ctx.schedule.runJob({ runId: "ed-run-2", checkId: "migrate", slotMs: fx.clock.now().getTime(), everyMs: 60_000, target: "command" }, AbortSignal.timeout(10_000), 60_000);
    expect(existsSync(join(dir, "editor-2"))).toBe(false);
    const s = await http(fx.callers.viewer, "GET", "/api/runs/ed-run-2/status");
    expect(s.json.commands?.held).toEqual(["migrate"]);
    expect(s.json.status.go).toBe(false);
  });

  it("an admin's upload approves its text: an editor's run of it runs the command", async () => {
    const up = await upload(fx.callers.admin, commandRunbook("adm", "admin-1"));
    expect(up.approved_by).toBe("admin");
    await newRun(up.hash, "adm-run");
    const run = await http(fx.callers.editor, "POST", "/api/runs/adm-run/checks/run", {});
    expect(run.status, run.text).toBe(200);
    expect(run.json.held).toBeUndefined();
    expect(existsSync(join(dir, "admin-1"))).toBe(true);
  });
});
