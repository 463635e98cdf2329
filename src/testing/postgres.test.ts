import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { startPostgres, type TestPostgres } from "./postgres.ts";

describe("test PostgreSQL", () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("answers queries on loopback", async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const r = await client.query<{ v: number }>("select 41 + 1 as v");
    await client.end();
    expect(r.rows[0]?.v).toBe(42);
    expect(server.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
  });
});
