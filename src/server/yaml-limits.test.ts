import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../store/pglite.ts";
import type { Store } from "../store/store.ts";
import { apiFixture, type ApiFixture } from "./testing/fixture.ts";

// A hostile editor's YAML through the API: refused with a located 422, never a 500 or a stall.

let store: Store;
let fx: ApiFixture;
beforeAll(async () => {
  store = await openPgliteStore(undefined);
  fx = await apiFixture(store);
});
afterAll(async () => {
  await fx.app.close();
  await store.close();
});

/** Nine levels of ten aliases each: 10^9 nodes if expanded, 500 bytes as written. */
const ALIAS_BOMB = [
  "golive: 1",
  "meta: { id: bomb, title: Bomb }",
  'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
  ...["b", "c", "d", "e", "f", "g", "h", "i"].map((k, i) => `${k}: &${k} [${Array(10).fill(`*${"abcdefgh"[i]}`).join(",")}]`),
].join("\n");

describe("YAML limits over the API", () => {
  it("answers an alias bomb with 422 located at the first alias, and the server stays well", async () => {
    const res = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runbooks", payload: { source: ALIAS_BOMB, file: "bomb.yaml" } });
    expect(res.statusCode, res.body).toBe(422);
    const body = res.json<{ error: { code: string; details: { diagnostics: { file: string; line: number; col: number; message: string }[] } } }>();
    expect(body.error.code).toBe("GOLIVE_E_RUNBOOK_INVALID");
    expect(body.error.details.diagnostics[0]).toMatchObject({ file: "bomb.yaml", line: 4 });
    expect(body.error.details.diagnostics[0]?.message).toMatch(/alias/i);
    expect((await fx.app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
  });

  it("answers 800 KB of nested [ with 422 located where the 65th level opens, and a preview with that diagnostic", async () => {
    const source = `golive: 1\nmeta: { id: deep, title: Deep }\nroles: ${"[".repeat(800_000)}${"]".repeat(800_000)}\n`.slice(0, 1_000_000);
    const res = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runbooks", payload: { source, file: "deep.yaml" } });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(422);
    const d = res.json<{ error: { code: string; details: { diagnostics: { file: string; line: number; col: number; message: string }[] } } }>().error;
    expect(d.code).toBe("GOLIVE_E_RUNBOOK_INVALID");
    expect(d.details.diagnostics).toEqual([expect.objectContaining({ file: "deep.yaml", line: 3, col: 8 + 63, message: expect.stringMatching(/nest deeper than 64 levels/) as string })]);
    const preview = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runbooks/preview", payload: { source, file: "deep.yaml" } });
    expect(preview.statusCode).toBe(200);
    expect(preview.json<{ valid: boolean; runbook: unknown; diagnostics: { line: number }[] }>()).toMatchObject({ valid: false, runbook: null, diagnostics: [{ line: 3 }] });
    expect((await fx.app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
  });

  it("answers an unclosed [ with 422 on the line it opens", async () => {
    const source = "golive: 1\nmeta: { id: x, title: X }\nroles: [a, b\nchecks: []\n";
    const res = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runbooks", payload: { source, file: "x.yaml" } });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ error: { details: { diagnostics: { line: number; col: number }[] } } }>().error.details.diagnostics[0]).toMatchObject({ line: 3, col: 8 });
  });
});
