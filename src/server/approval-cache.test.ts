import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openPgliteStore } from "../store/pglite.ts";
import type { RunbookApproval, Store } from "../store/store.ts";
import { RunService } from "./runs.ts";
import { commandRunbook } from "./testing/runbook.ts";

// The approval a RunService holds is dropped by a withdrawal, and a read of the approval that was
// already out when the withdrawal was heard (it saw the approval) is never kept: the next context
// holds the command checks. Real PGlite; only the moment the approval read returns is controlled.

const AT = "2026-05-28T08:00:00.000Z";
const clock = { now: () => new Date(AT) };
const RUNBOOK = commandRunbook("true");

let dir: string;
let store: Store;
let hash: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "golive-approval-cache-"));
  store = await openPgliteStore(dir);
  hash = (await store.putRunbook({ source: RUNBOOK, runbookId: "cmd", title: "Commands" }, { actor: "pat", at: AT })).hash;
  await store.createRun({ id: "r1", name: "run", runbookHash: hash, meta: {} }, { actor: "pat", at: AT });
  await store.approveRunbook(hash, { actor: "admin", at: AT });
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the approval held by a RunService", () => {
  it("is dropped by a withdrawal: the runs of that runbook hold their command checks from the next read", async () => {
    const runs = new RunService(store, clock, 0, true);
    expect([...(await runs.context("r1")).held]).toEqual([]);
    await store.withdrawRunbookApproval(hash, "review", { actor: "admin", at: AT });
    // Not heard yet: the copy still says approved (the last door reads the store, see checks-service).
    expect([...(await runs.context("r1")).held]).toEqual([]);
    runs.approvalWithdrawn(hash);
    const ctx = await runs.context("r1");
    expect([...ctx.held]).toEqual(["migrate"]);
    expect(ctx.withdrawal).toMatchObject({ withdrawnBy: "admin", reason: "review", approvedBy: "admin" });
    expect(await runs.approvedNow(hash)).toBe(false);
  });

  it("a read that saw the approval but returns after the withdrawal was heard is not kept", async () => {
    const runs = new RunService(store, clock, 0, true);
    const real = store.getRunbookApproval.bind(store);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    vi.spyOn(store, "getRunbookApproval").mockImplementation(async (h): Promise<RunbookApproval | undefined> => {
      const seen = await real(h);
      // The first read saw the approval and is slow to come back.
      if (calls++ === 0) await gate;
      return seen;
    });
    const first = runs.context("r1");
    await vi.waitFor(() => expect(calls).toBe(1));
    await store.withdrawRunbookApproval(hash, "review", { actor: "admin", at: AT });
    runs.approvalWithdrawn(hash);
    release();
    expect([...(await first).held]).toEqual(["migrate"]);
    expect([...(await runs.context("r1")).held]).toEqual(["migrate"]);
    // And approving again is heard like any approval (the feed's runbook.approve reads every run again).
    await store.approveRunbook(hash, { actor: "admin", at: AT });
    runs.invalidateAll();
    expect([...(await runs.context("r1")).held]).toEqual([]);
  });
});
