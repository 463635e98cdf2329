import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, MAX_RUNBOOK_BYTES, RUNBOOK_BODY_BYTES } from "../api/limits.ts";
import { runCli } from "../cli/testing.ts";
import { openPgliteStore } from "../store/pglite.ts";
import type { Store } from "../store/store.ts";
import { testRunbook } from "./testing/runbook.ts";
import { apiFixture, type ApiFixture } from "./testing/fixture.ts";

// A hostile editor's YAML through the API: refused with a located 422, never a 500 or a stall.
// Sizes: one limit for a runbook text (1 MiB of UTF-8) wherever it is read (upload, preview,
// `golive validate`); the body that carries it may be larger (JSON escapes), so the text's own
// limit is the one people meet, named in a 413; every other body is capped at 1 MiB, also named.

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

  it("answers a runbook sent as data nested 100,000 deep with a 400 naming the cap, not a 500", async () => {
    const payload = `{"runbook":{"golive":1,"meta":{"id":"deep","title":"Deep"},"x":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`;
    const res = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runbooks", headers: { "content-type": "application/json" }, payload });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
    expect(res.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: "GOLIVE_E_VALIDATION", message: expect.stringMatching(/^runbook: nests deeper than 64 levels/) as string });
  });

  it("answers an unclosed [ with 422 on the line it opens", async () => {
    const source = "golive: 1\nmeta: { id: x, title: X }\nroles: [a, b\nchecks: []\n";
    const res = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runbooks", payload: { source, file: "x.yaml" } });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ error: { details: { diagnostics: { line: number; col: number }[] } } }>().error.details.diagnostics[0]).toMatchObject({ line: 3, col: 8 });
  });
});

interface Refusal {
  error: { code: string; message: string; details?: { limit_bytes?: number } };
}

/** A valid runbook padded with comment lines to `bytes` of UTF-8. */
function padded(bytes: number): string {
  const base = testRunbook();
  const line = "# Ghi chú: kiểm tra trước khi triển khai\n";
  const n = Math.floor((bytes - Buffer.byteLength(base) - 1) / Buffer.byteLength(line));
  const text = base + line.repeat(n);
  return text + "#".repeat(bytes - Buffer.byteLength(text) - 1) + "\n";
}

describe("request size limits", () => {
  it("a runbook text of exactly 1 MiB is accepted, though its JSON body is larger than 1 MiB", async () => {
    const source = padded(MAX_RUNBOOK_BYTES);
    expect(Buffer.byteLength(source)).toBe(MAX_RUNBOOK_BYTES);
    const payload = JSON.stringify({ source });
    expect(Buffer.byteLength(payload)).toBeGreaterThan(MAX_BODY_BYTES);
    const res = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runbooks", headers: { "content-type": "application/json" }, payload });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
  });

  it("one byte more is a 413 naming the limit, from upload and from preview", async () => {
    const source = padded(MAX_RUNBOOK_BYTES + 1);
    for (const url of ["/api/runbooks", "/api/runbooks/preview"]) {
      const res = await fx.call(fx.callers.editor, { method: "POST", url, payload: { source } });
      expect(res.statusCode, url).toBe(413);
      const body = res.json<Refusal>();
      expect(body.error).toMatchObject({ code: "GOLIVE_E_PAYLOAD_TOO_LARGE", details: { limit_bytes: MAX_RUNBOOK_BYTES } });
      expect(body.error.message).toBe(`the text is ${MAX_RUNBOOK_BYTES + 1} bytes; a runbook or document may have at most 1 MiB (1048576 bytes)`);
    }
  });

  it("a body over its route's limit is a 413 naming that limit, before it is read", async () => {
    const huge = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runbooks", payload: { source: "x".repeat(RUNBOOK_BODY_BYTES) } });
    expect(huge.statusCode).toBe(413);
    expect(huge.json<Refusal>().error).toMatchObject({ code: "GOLIVE_E_PAYLOAD_TOO_LARGE", details: { limit_bytes: RUNBOOK_BODY_BYTES } });
    expect(huge.json<Refusal>().error.message).toContain(`(${RUNBOOK_BODY_BYTES} bytes)`);
    const run = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs", payload: { runbook: fx.runbookHash, name: "x".repeat(MAX_BODY_BYTES) } });
    expect(run.statusCode).toBe(413);
    expect(run.json<Refusal>().error.message).toBe("The request body is over this route's limit of 1 MiB (1048576 bytes).");
  });

  it("golive validate refuses a runbook file over 1 MiB with FILE:1:1 and exit 1", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "golive-size-")), "big.yaml");
    writeFileSync(file, padded(MAX_RUNBOOK_BYTES + 1));
    const r = await runCli(["validate", file]);
    expect(r.code).toBe(1);
    expect(r.err.split("\n")[0]).toBe(`${file}:1:1 the text is ${MAX_RUNBOOK_BYTES + 1} bytes; a runbook or document may have at most 1 MiB (1048576 bytes)`);
  });
});
