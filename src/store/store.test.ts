import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyStoreAudit } from "./verify.ts";
import { ConflictError, DuplicateError, NotFoundError, type Change } from "./store.ts";
import { storeHarnesses, type StoreFixture } from "./testing.ts";

const at = (n: number) => new Date(Date.UTC(2026, 4, 28, 8, 0, n)).toISOString();
const by = (actor: string, n = 0): Change => ({ actor, at: at(n) });
const SOURCE = "golive: 1\nmeta:\n  id: demo\n  title: Demo\n";

describe.each(storeHarnesses())("store contract on $name", (harness) => {
  let fx: StoreFixture;
  beforeAll(() => harness.start());
  afterAll(() => harness.stop());
  beforeEach(async () => {
    fx = await harness.fresh();
  });
  afterEach(() => fx.teardown());

  const newRun = async (id = "r1") => {
    const rb = await fx.store.putRunbook({ source: SOURCE, runbookId: "demo", title: "Demo" }, by("alice"));
    return fx.store.createRun({ id, name: "rehearsal", runbookHash: rb.hash, meta: { date: "2026-05-28" } }, by("alice", 1));
  };
  const tick = (item: string, n: number) => ({ kind: "item" as const, data: { item, state: "done" as const, by: "bob", at: at(n), evidence: [] } });

  it("stores runbooks by content hash, once", async () => {
    const a = await fx.store.putRunbook({ source: SOURCE, runbookId: "demo", title: "Demo" }, by("alice"));
    const b = await fx.store.putRunbook({ source: SOURCE, runbookId: "demo", title: "Demo" }, by("bob"));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toEqual(a);
    const other = await fx.store.putRunbook({ source: SOURCE + "# v2\n", runbookId: "demo", title: "Demo" }, by("alice"));
    expect(other.hash).not.toBe(a.hash);
    expect((await fx.store.listRunbooks()).map((r) => r.hash).sort()).toEqual([a.hash, other.hash].sort());
    expect((await fx.store.getRunbook(a.hash))?.source).toBe(SOURCE);
    expect((await fx.store.listAudit({})).filter((e) => e.action === "runbook.upload")).toHaveLength(2);
  });

  it("approves a runbook text once, audited, and only that text", async () => {
    const a = await fx.store.putRunbook({ source: SOURCE, runbookId: "demo", title: "Demo" }, by("alice"));
    const edited = await fx.store.putRunbook({ source: SOURCE + "# edited\n", runbookId: "demo", title: "Demo" }, by("bob"));
    expect(await fx.store.getRunbookApproval(a.hash)).toBeUndefined();
    const first = await fx.store.approveRunbook(a.hash, by("root", 5));
    expect(first).toEqual({ created: true, approval: { runbookHash: a.hash, approvedBy: "root", approvedAt: at(5) } });
    const again = await fx.store.approveRunbook(a.hash, by("other-admin", 9));
    expect(again).toEqual({ created: false, approval: first.approval });
    expect(await fx.store.getRunbookApproval(a.hash)).toEqual(first.approval);
    expect(await fx.store.getRunbookApproval(edited.hash)).toBeUndefined();
    await expect(fx.store.approveRunbook("0".repeat(64), by("root"))).rejects.toBeInstanceOf(NotFoundError);
    const events = (await fx.store.listAudit({})).filter((e) => e.action === "runbook.approve");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: "root", subject: `runbook:${a.hash}`, runId: null, after: { hash: a.hash, approved_by: "root", approved_at: at(5) } });
    expect((await verifyStoreAudit(fx.store)).ok).toBe(true);
  });

  it("withdraws an approval with its audit event (whose approval, who, why); a later approval stands again", async () => {
    const a = await fx.store.putRunbook({ source: SOURCE, runbookId: "demo", title: "Demo" }, by("alice"));
    expect(await fx.store.withdrawRunbookApproval(a.hash, "nothing to withdraw", by("root", 1))).toBeUndefined();
    await fx.store.approveRunbook(a.hash, by("root", 2));
    const w = await fx.store.withdrawRunbookApproval(a.hash, "incident 42: the migration command dropped a table", by("sec-admin", 3));
    expect(w).toEqual({ runbookHash: a.hash, withdrawnBy: "sec-admin", withdrawnAt: at(3), reason: "incident 42: the migration command dropped a table", approvedBy: "root", approvedAt: at(2) });
    expect(await fx.store.getRunbookApproval(a.hash)).toBeUndefined();
    expect(await fx.store.getRunbookWithdrawal(a.hash)).toEqual(w);
    // Withdrawing twice records nothing more.
    expect(await fx.store.withdrawRunbookApproval(a.hash, "again", by("sec-admin", 4))).toBeUndefined();
    await expect(fx.store.withdrawRunbookApproval("0".repeat(64), "x", by("root"))).rejects.toBeInstanceOf(NotFoundError);
    // Approved again: a new approval (created), the last withdrawal still on record.
    const again = await fx.store.approveRunbook(a.hash, by("root", 5));
    expect(again).toEqual({ created: true, approval: { runbookHash: a.hash, approvedBy: "root", approvedAt: at(5) } });
    const second = await fx.store.withdrawRunbookApproval(a.hash, "second review", by("root", 6));
    expect(second).toMatchObject({ withdrawnAt: at(6), reason: "second review", approvedAt: at(5) });
    expect(await fx.store.getRunbookWithdrawal(a.hash)).toEqual(second);
    const events = (await fx.store.listAudit({})).filter((e) => e.subject === `runbook:${a.hash}` && e.action !== "runbook.upload");
    expect(events.map((e) => [e.action, e.actor])).toEqual([["runbook.approve", "root"], ["runbook.approval_withdraw", "sec-admin"], ["runbook.approve", "root"], ["runbook.approval_withdraw", "root"]]);
    expect(events[1]).toMatchObject({ runId: null, before: { hash: a.hash, approved_by: "root", approved_at: at(2) }, after: { hash: a.hash, withdrawn_by: "sec-admin", withdrawn_at: at(3), reason: "incident 42: the migration command dropped a table" } });
    expect((await verifyStoreAudit(fx.store)).ok).toBe(true);
  });

  it("creates runs, refuses duplicates and unknown runbooks", async () => {
    const run = await newRun();
    expect(run.version).toBe(1);
    expect(await fx.store.getRun("r1")).toEqual(run);
    await expect(newRun()).rejects.toBeInstanceOf(DuplicateError);
    await expect(fx.store.createRun({ id: "r2", name: "x", runbookHash: "nope", meta: {} }, by("a"))).rejects.toBeInstanceOf(NotFoundError);
    expect((await fx.store.listRuns()).map((r) => r.id)).toEqual(["r1"]);
  });

  it("appends facts, folds them and records before/after in the audit log", async () => {
    await newRun();
    const first = await fx.store.appendFact("r1", tick("backup", 2), { ...by("bob", 2), action: "item.set", subject: "item:backup", expectedVersion: 1 });
    expect(first.version).toBe(2);
    const undo = { kind: "item" as const, data: { item: "backup", state: "not_done" as const, by: "carol", at: at(3), evidence: [] } };
    const second = await fx.store.appendFact("r1", undo, { ...by("carol", 3), action: "item.set", subject: "item:backup", expectedVersion: 2 });
    expect(second.event.before).toMatchObject({ state: "done", by: "bob" });
    expect(second.event.after).toMatchObject({ state: "not_done", by: "carol", version: 3 });
    await fx.store.appendFact("r1", { kind: "incident", data: { id: "inc1", title: "API slow", severity: "P2", opened_at: at(4), opened_by: "bob", updates: [] } }, { ...by("bob", 4), action: "incident.open", subject: "incident:inc1" });
    await fx.store.appendFact("r1", { kind: "incident_update", data: { id: "inc1", at: at(5), by: "bob", text: "rolled back cache", severity: "P3" } }, { ...by("bob", 5), action: "incident.update", subject: "incident:inc1" });
    await fx.store.appendFact("r1", { kind: "incident_resolve", data: { id: "inc1", at: at(6), by: "bob" } }, { ...by("bob", 6), action: "incident.resolve", subject: "incident:inc1" });
    await fx.store.appendFact("r1", { kind: "phase", data: { phase: "p1", started_at: at(7) } }, { ...by("bob", 7), action: "phase.start", subject: "phase:p1" });
    await fx.store.appendFact("r1", { kind: "phase", data: { phase: "p1", ended_at: at(8) } }, { ...by("bob", 8), action: "phase.end", subject: "phase:p1" });
    const loaded = await fx.store.loadFacts("r1");
    expect(loaded?.run.version).toBe(8);
    expect(loaded?.facts.items.map((i) => i.state)).toEqual(["done", "not_done"]);
    expect(loaded?.facts.incidents).toEqual([
      { id: "inc1", title: "API slow", severity: "P3", opened_at: at(4), opened_by: "bob", updates: [{ at: at(5), by: "bob", text: "rolled back cache" }], resolved_at: at(6) },
    ]);
    expect(loaded?.facts.phases).toEqual([{ phase: "p1", started_at: at(7), ended_at: at(8) }]);
    expect(loaded?.facts.run).toMatchObject({ id: "r1", name: "rehearsal", date: "2026-05-28" });
  });

  it("refuses a stale write with a conflict, never overwriting", async () => {
    await newRun();
    await fx.store.appendFact("r1", tick("a", 2), { ...by("bob", 2), action: "item.set", subject: "item:a", expectedVersion: 1 });
    const stale = fx.store.appendFact("r1", tick("a", 3), { ...by("carol", 3), action: "item.set", subject: "item:a", expectedVersion: 1 });
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toMatchObject({ expected: 1, actual: 2 });
    const loaded = await fx.store.loadFacts("r1");
    expect(loaded?.facts.items).toHaveLength(1);
    expect(loaded?.run.version).toBe(2);
  });

  it("lets exactly one of many concurrent writers at the same version win", async () => {
    await newRun();
    const writers = Array.from({ length: 8 }, (_, i) =>
      fx.store.appendFact("r1", tick(`i${i}`, i), { ...by(`u${i}`, i), action: "item.set", subject: `item:i${i}`, expectedVersion: 1 }));
    const results = await Promise.allSettled(writers);
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(ConflictError);
    expect((await fx.store.loadFacts("r1"))?.facts.items).toHaveLength(1);
  });

  it("keeps every unconditional concurrent write, in a gapless chain", async () => {
    await newRun();
    const versions = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      fx.store.appendFact("r1", tick(`i${i}`, i), { ...by("bob", i), action: "item.set", subject: `item:i${i}` }).then((r) => r.version)));
    expect([...versions].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    expect((await fx.store.loadFacts("r1"))?.facts.items).toHaveLength(20);
    const verdict = await verifyStoreAudit(fx.store, 7);
    expect(verdict).toMatchObject({ ok: true, events: 22 });
    const runEvents = await fx.store.listAudit({ runId: "r1", afterSeq: 5 });
    expect(runEvents.map((e) => e.seq)).toEqual(Array.from({ length: 17 }, (_, i) => i + 6));
  });

  it("survives a close and reopen", async () => {
    await newRun();
    await fx.store.appendFact("r1", tick("a", 2), { ...by("bob", 2), action: "item.set", subject: "item:a" });
    await fx.reopen();
    expect((await fx.store.loadFacts("r1"))?.facts.items).toHaveLength(1);
    expect(await verifyStoreAudit(fx.store)).toMatchObject({ ok: true, events: 3 });
  });

  it("updates runs with versions and audits the change", async () => {
    await newRun();
    const r = await fx.store.updateRun("r1", { assignments: { qa: ["carol"] } }, { ...by("alice", 2), expectedVersion: 1 });
    expect(r.run.assignments).toEqual({ qa: ["carol"] });
    expect(r.event.before).toEqual({ assignments: {} });
    await expect(fx.store.updateRun("r1", { active: false }, { ...by("alice", 3), expectedVersion: 1 })).rejects.toBeInstanceOf(ConflictError);
    await expect(fx.store.updateRun("nope", { active: false }, by("alice", 3))).rejects.toBeInstanceOf(NotFoundError);
    expect((await fx.store.loadFacts("r1"))?.facts.assignments).toEqual({ qa: ["carol"] });
  });

  describe("audit tampering", () => {
    const seed = async () => {
      await newRun();
      for (let i = 0; i < 4; i++) await fx.store.appendFact("r1", tick(`i${i}`, i), { ...by("bob", i), action: "item.set", subject: `item:i${i}` });
      expect(await verifyStoreAudit(fx.store)).toMatchObject({ ok: true, events: 6 });
    };

    it("names an event whose content was changed", async () => {
      await seed();
      await fx.tamper(`UPDATE golive_audit SET actor = 'mallory' WHERE seq = 4`);
      expect(await verifyStoreAudit(fx.store)).toMatchObject({ ok: false, seq: 4 });
    });

    it("names an event rewritten with a fresh hash, by the broken link after it", async () => {
      await seed();
      const rows = await fx.store.listAudit({ afterSeq: 2, limit: 1 });
      const e = rows[0];
      if (!e) throw new Error("no event 3");
      const { eventHash } = await import("./audit-chain.ts");
      const forged = eventHash({ ...e, after: { item: "i0", state: "failed" } });
      await fx.tamper(`UPDATE golive_audit SET after = '{"item":"i0","state":"failed"}', hash = '${forged}' WHERE seq = 3`);
      expect(await verifyStoreAudit(fx.store)).toMatchObject({ ok: false, seq: 3 });
    });

    it("notices removed events", async () => {
      await seed();
      await fx.tamper(`DELETE FROM golive_audit WHERE seq = 2`);
      expect(await verifyStoreAudit(fx.store)).toMatchObject({ ok: false, seq: 2 });
      await fx.tamper(`DELETE FROM golive_audit WHERE seq = 6`);
      expect(await verifyStoreAudit(fx.store)).toMatchObject({ ok: false, seq: 2 });
    });

    it("notices a removed tail", async () => {
      await seed();
      await fx.tamper(`DELETE FROM golive_audit WHERE seq >= 5`);
      expect(await verifyStoreAudit(fx.store)).toMatchObject({ ok: false, seq: 5 });
    });
  });

  it("keeps accounts, sessions and tokens; revoking is audited", async () => {
    await fx.store.createUser({ name: "alice", passwordHash: "h1", role: "admin", disabled: false }, by("cli"));
    await expect(fx.store.createUser({ name: "alice", passwordHash: "h2", role: "viewer", disabled: false }, by("cli"))).rejects.toBeInstanceOf(DuplicateError);
    expect(await fx.store.countUsers()).toBe(1);
    await fx.store.createSession({ idHash: "s1", userName: "alice", csrf: "c1", expiresAt: at(100) });
    expect(await fx.store.getSession("s1")).toMatchObject({ userName: "alice", csrf: "c1" });
    const token = await fx.store.createToken({ id: "t1", name: "ci", userName: "alice", secretHash: "secret-hash-of-t1", scope: "read", createdAt: at(1) }, by("alice", 1));
    expect(token.revokedAt).toBeNull();
    expect((await fx.store.revokeToken("t1", by("alice", 2))).revokedAt).toBe(at(2));
    expect((await fx.store.getToken("t1"))?.revokedAt).toBe(at(2));
    await fx.store.updateUser("alice", { passwordHash: "scrypt-new-password-hash" }, by("alice", 3));
    expect(await fx.store.getSession("s1")).toBeUndefined();
    await fx.store.recordTokenRefusal({ tokenId: "t1", route: "POST /api/users", what: "POST /api/users" }, by("alice", 4));
    const log = await fx.store.listAudit({});
    expect(log.map((e) => e.action)).toEqual(["user.create", "token.create", "token.revoke", "user.update", "token.refused"]);
    expect(log.at(-1)).toMatchObject({ actor: "alice", subject: "token:t1", before: null, after: { token: "t1", route: "POST /api/users", act: "POST /api/users" } });
    expect(JSON.stringify(log)).not.toContain("scrypt-new-password-hash");
    expect(JSON.stringify(log)).not.toContain("secret-hash-of-t1");
  });

  it("stores files by hash", async () => {
    const bytes = Buffer.from([0, 1, 2, 255]);
    await fx.store.putFile({ sha256: "abc", name: "x.bin", mediaType: "application/octet-stream", size: 4, bytes });
    await fx.store.putFile({ sha256: "abc", name: "x.bin", mediaType: "application/octet-stream", size: 4, bytes });
    const f = await fx.store.getFile("abc");
    expect(f?.bytes.equals(bytes)).toBe(true);
  });

  it("grants a lease to one holder until it expires", async () => {
    expect(await fx.store.tryLease("checks", "a", 1000, 500)).toBe(true);
    expect(await fx.store.tryLease("checks", "b", 1200, 500)).toBe(false);
    expect(await fx.store.tryLease("checks", "a", 1400, 500)).toBe(true);
    expect(await fx.store.tryLease("checks", "b", 1800, 500)).toBe(false);
    expect(await fx.store.tryLease("checks", "b", 1901, 500)).toBe(true);
    expect(await fx.store.tryLease("checks", "a", 1950, 500)).toBe(false);
    await fx.store.releaseLease("checks", "a");
    expect(await fx.store.tryLease("checks", "a", 1960, 500)).toBe(false);
    await fx.store.releaseLease("checks", "b");
    expect(await fx.store.tryLease("checks", "a", 1970, 500)).toBe(true);
  });
});
