import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleFiles, DROPPED, sparseBundle, type SparseBundle } from "./pglite-bundle.ts";
import { openPgliteStore, PGLITE_CONF } from "./pglite.ts";

describe("bundleFiles", () => {
  const loader = 'x={filename:"/a",start:0,end:3},{filename:"/b/c",start:3,end:10}];';

  it("reads the table of contents of a bundle of the given size", () => {
    expect(bundleFiles(loader, 10)).toEqual([{ path: "/a", start: 0, end: 3 }, { path: "/b/c", start: 3, end: 10 }]);
  });

  it("gives up on anything it does not recognise: the whole bundle is then used", () => {
    expect(bundleFiles(loader, 11)).toBeUndefined();
    expect(bundleFiles("no table here", 0)).toBeUndefined();
    expect(bundleFiles('{filename:"/a",start:0,end:3},{filename:"/b",start:4,end:10}', 10)).toBeUndefined();
  });
});

describe("the installed PGlite's bundle", () => {
  const bundle = sparseBundle();

  it("is read, and keeps what PostgreSQL reads at run time", async () => {
    expect(bundle, "the table of contents of @electric-sql/pglite/dist/pglite.js was not recognised: check pglite-bundle.ts against this PGlite version").toBeDefined();
    const b = bundle as SparseBundle;
    const buf = await b.arrayBuffer();
    expect(b.kept).toBeGreaterThan(500_000);
    expect(b.kept).toBeLessThan(buf.byteLength / 4);
  });

  it("drops initdb's inputs, encoding conversions, stemmers and ICU data, and nothing else", () => {
    const drop = (path: string) => DROPPED.some((re) => re.test(path));
    for (const p of ["/pglite/share/postgresql/postgres.bki", "/pglite/share/postgresql/information_schema.sql", "/pglite/lib/postgresql/utf8_and_sjis.so", "/pglite/lib/postgresql/euc2004_sjis2004.so", "/pglite/lib/postgresql/dict_snowball.so", "/pglite/lib/postgresql/pgxs/src/Makefile.global", "/pglite/icu/icudt76l/coll/root.res"]) {
      expect(drop(p), p).toBe(true);
    }
    for (const p of ["/pglite/lib/postgresql/plpgsql.so", "/pglite/share/postgresql/timezone/Asia/Jakarta", "/pglite/share/postgresql/timezonesets/Default", "/pglite/share/postgresql/extension/plpgsql.control", "/pglite/share/postgresql/tsearch_data/english.stop", "/home/postgres/.pgpass"]) {
      expect(drop(p), p).toBe(false);
    }
  });
});

describe("a data directory opened with the sparse bundle", () => {
  let dir: string;
  let db: PGlite;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "golive-bundle-"));
    const data = join(dir, "data");
    // Created (in a process of its own) and migrated as the server does, then opened again.
    await (await openPgliteStore(data)).close();
    db = await PGlite.create({ dataDir: data, fsBundle: sparseBundle(), postgresqlconf: PGLITE_CONF });
  }, 300_000);

  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("serves golive's tables, time zones and plpgsql", async () => {
    expect((await db.query<{ n: number }>("select count(*)::int as n from golive_runbooks")).rows).toEqual([{ n: 0 }]);
    expect((await db.query<{ t: string }>("select to_char(timestamptz '2026-01-01 00:00Z' at time zone 'Asia/Jakarta', 'HH24:MI') as t")).rows).toEqual([{ t: "07:00" }]);
    expect((await db.query<{ t: string }>("select to_char(timestamptz '2026-01-01 10:00 ICT' at time zone 'UTC', 'HH24:MI') as t")).rows).toEqual([{ t: "03:00" }]);
    await db.exec("do $$ begin perform 1; end $$");
    expect((await db.query<{ max_connections: string }>("show max_connections")).rows).toEqual([{ max_connections: "20" }]);
  });

  it("fails loudly where a dropped file would be needed", async () => {
    await expect(db.query("select convert_to('x', 'SJIS')")).rejects.toThrow(/could not load library .*utf8_and_sjis\.so/);
    await expect(db.query("select to_tsvector('english', 'running')")).rejects.toThrow(/could not load library .*dict_snowball\.so/);
  });
});
