import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { storeHarnesses, type StoreFixture } from "../../store/testing.ts";
import { main } from "../main.ts";

async function verify(location: string): Promise<{ code: number; out: string }> {
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await main(["audit", "verify", "--db", location]), out };
  } finally {
    spy.mockRestore();
  }
}

describe.each(storeHarnesses())("golive audit verify on $name", (harness) => {
  let fx: StoreFixture;
  beforeAll(() => harness.start());
  afterAll(() => harness.stop());
  afterEach(() => fx.teardown());

  it("exits 0 on an intact chain and 1 naming the first tampered event", async () => {
    fx = await harness.fresh();
    const at = "2026-05-28T08:00:00.000Z";
    await fx.store.createUser({ name: "alice", passwordHash: "x", role: "admin", disabled: false }, { actor: "cli", at });
    const rb = await fx.store.putRunbook({ source: "golive: 1\n", runbookId: "r", title: "R" }, { actor: "alice", at });
    await fx.store.createRun({ id: "r1", name: "run", runbookHash: rb.hash, meta: {} }, { actor: "alice", at });
    await fx.store.updateRun("r1", { active: false }, { actor: "alice", at });
    // The CLI opens its own connection; PGlite allows one process at a time.
    if (harness.name === "pglite") await fx.store.close();
    const ok = await verify(fx.location);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/intact: 4 audit events/);
    await fx.tamper(`UPDATE golive_audit SET after = '{"active": true}' WHERE seq = 4; UPDATE golive_audit SET actor = 'mallory' WHERE seq = 2`);
    if (harness.name === "pglite") await fx.store.close();
    const bad = await verify(fx.location);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/tampered: event 2 was altered/);
    await fx.reopen();
  }, 120_000);
});
