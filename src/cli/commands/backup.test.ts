import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openPgliteStore } from "../../store/pglite.ts";
import { main } from "../main.ts";

// golive backup / restore of the embedded store: a real PGlite data directory, copied and restored.

let dir: string;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  try {
    return { code: await main(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "golive-backup-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("golive backup and restore", () => {
  it("copy the embedded store into an archive and back, every run and audit event with it", async () => {
    const data = join(dir, "data");
    const store = await openPgliteStore(data);
    const at = "2026-05-28T08:00:00.000Z";
    const rb = await store.putRunbook({ source: "golive: 1\n", runbookId: "r", title: "R" }, { actor: "alice", at });
    await store.createRun({ id: "r1", name: "run", runbookHash: rb.hash, meta: {} }, { actor: "alice", at });
    await store.appendFact("r1", { kind: "incident", data: { id: "i1", title: "disk full", severity: "P2", opened_at: at, opened_by: "alice", updates: [] } }, { actor: "alice", at, action: "incident.open", subject: "incident:i1" });
    const head = await store.auditHead();
    await store.close();

    const archive = join(dir, "golive.tar.gz");
    const backup = await cli(["backup", "--db", data, "-o", archive]);
    expect(backup.code).toBe(0);
    expect(backup.out).toMatch(/backed up/);

    const restored = join(dir, "restored");
    const restore = await cli(["restore", archive, "--db", restored]);
    expect(restore.err).toBe("");
    expect(restore.code).toBe(0);
    expect(restore.out).toMatch(/restored .*: 1 run\(s\), 3 audit events intact/);
    const copy = await openPgliteStore(restored);
    try {
      expect((await copy.listRuns()).map((r) => r.id)).toEqual(["r1"]);
      expect(await copy.auditHead()).toEqual(head);
    } finally {
      await copy.close();
    }
  }, 120_000);

  it("restore never writes into a directory that holds something", async () => {
    const busy = join(dir, "busy");
    await mkdir(busy);
    await writeFile(join(busy, "keep.txt"), "mine");
    const res = await cli(["restore", join(dir, "golive.tar.gz"), "--db", busy]);
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/is not empty: restore into a new directory/);
    expect(await readdir(busy)).toEqual(["keep.txt"]);
  });

  it("sends PostgreSQL to pg_dump", async () => {
    const res = await cli(["backup", "--db", "postgres://localhost/golive", "-o", join(dir, "x.tar.gz")]);
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/pg_dump/);
  });
});
