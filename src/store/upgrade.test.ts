import { PGlite } from "@electric-sql/pglite";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrations } from "./migrations.ts";
import { openPgliteStore } from "./pglite.ts";
import { verifyStoreAudit } from "./verify.ts";

// A database written by golive 0.1.0 (fixtures/v0.1.0.sql: migration 1 with data, check results
// in the fact log as 0.1.0 kept them) opens with today's code: every later migration is applied
// once, nothing is lost, the audit chain still verifies, and new writes work.

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "golive-upgrade-"));
  const old = await PGlite.create(join(dir, "data"));
  await old.exec(await readFile(new URL("./fixtures/v0.1.0.sql", import.meta.url), "utf8"));
  await old.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("a 0.1.0 database", () => {
  it("opens, migrates, keeps its runs, facts and audit chain, and takes new writes", async () => {
    const store = await openPgliteStore(join(dir, "data"));
    try {
      const db = (store as unknown as { db: { execute(q: unknown): Promise<{ rows: { id: number }[] }> } }).db;
      const { sql } = await import("drizzle-orm");
      const applied = (await db.execute(sql.raw("SELECT id FROM golive_migrations ORDER BY id"))).rows.map((r) => Number(r.id));
      expect(applied).toEqual(migrations.map((m) => m.id));

      expect((await store.listRuns()).map((r) => r.id)).toEqual(["upgrade-demo"]);
      expect((await store.getUser("alice"))?.role).toBe("admin");
      const verdict = await verifyStoreAudit(store);
      expect(verdict).toMatchObject({ ok: true, events: 7 });
      const loaded = await store.loadFacts("upgrade-demo");
      expect(loaded?.facts.items).toMatchObject([{ item: "backup", state: "done" }]);
      expect(loaded?.facts.checks.map((c) => c.outcome)).toEqual(["fail", "pass", "pass"]);
      // alice, an admin, uploaded its runbook before approvals existed; its runbook.upload event
      // names the account, not whether she was signed in or a token of hers (a pipeline's, maybe
      // leaked) sent it, and a token's upload approves nothing: no migration approves it
      // (docs/security.md, "Members named in a runbook's text").
      expect(await store.getRunbookApproval("30c4eaf826bf267cfecb0f6bab725cc4f8d4cb67e6b2f469eed9843d62766c3d")).toBeUndefined();

      const at = "2026-05-29T08:00:00.000Z";
      await store.recordSamples("upgrade-demo", [{ check: "api-health", outcome: "fail", at, duration_ms: 9, conditions: [] }], { actor: "golive:scheduler", at });
      expect(await verifyStoreAudit(store)).toMatchObject({ ok: true });
    } finally {
      await store.close();
    }
  }, 120_000);

  it("opens a second time without applying anything again", async () => {
    const store = await openPgliteStore(join(dir, "data"));
    try {
      expect((await store.listRuns()).length).toBe(1);
      expect(await verifyStoreAudit(store)).toMatchObject({ ok: true });
    } finally {
      await store.close();
    }
  }, 120_000);
});
