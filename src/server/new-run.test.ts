import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { useApiFixture } from "../testing/api-fixture.ts";
import type { RunbookPreview } from "./routes/runbook-preview.ts";

// From a team's document to a started run, through the API the dashboard's "New run" uses.

const seed = (name: string) => readFileSync(new URL(`../format/markdown/fixtures/${name}`, import.meta.url), "utf8");

const api = useApiFixture();

const preview = async (payload: Record<string, unknown>) => {
  const res = await api.as("editor").post("/api/runbooks/preview", payload);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<RunbookPreview>();
};

describe("import preview", () => {
  it("turns a Markdown document into a runbook and its report, and stores nothing", async () => {
    const before = (await api.store.listRunbooks()).length;
    const p = await preview({ source: seed("003_a20818a6074b355d.txt"), file: "cutover.md" });
    expect(p).toMatchObject({ format: "markdown", recognised: true, valid: true, diagnostics: [] });
    const text = JSON.stringify(p.runbook);
    expect(text).toContain("Validate record counts");
    expect(p.report?.counts).toBeDefined();
    expect(Array.isArray(p.report?.unplaced)).toBe(true);
    expect((await api.store.listRunbooks()).length).toBe(before);
  });

  it("reads a runbook's YAML, and locates what is wrong in it", async () => {
    const ok = await preview({ source: "golive: 1\nmeta: { id: tiny, title: Tiny }\nsections:\n  - id: s\n    title: S\n    items: [{ id: a, title: A }]\n" });
    expect(ok).toMatchObject({ format: "yaml", valid: true, recognised: true, report: null });
    expect(ok.runbook).toMatchObject({ meta: { id: "tiny" } });
    const bad = await preview({ source: "golive: 1\nmeta: { id: tiny, title: Tiny }\ngates:\n  - { id: g, title: G, requires: { items: [nope] } }\n", file: "bad.yaml" });
    expect(bad.valid).toBe(false);
    expect(bad.diagnostics[0]).toMatchObject({ file: "bad.yaml", line: 4 });
  });

  it("says so when a document holds nothing to run", async () => {
    const p = await preview({ source: "Just a sentence.\n", file: "note.md" });
    expect(p).toMatchObject({ format: "markdown", recognised: false, valid: false, runbook: null });
    expect(p.error).toMatch(/note\.md/);
  });

  it("is refused to viewers and read tokens", async () => {
    for (const c of [api.fx.callers.viewer, api.fx.callers.readToken]) {
      const res = await api.as(c).post("/api/runbooks/preview", { source: "# x" });
      expect(res.statusCode).toBe(403);
    }
  });
});

describe("a run from an edited preview", () => {
  it("saves the edited data as YAML, creates a dated run in its zone with people in roles, starts it", async () => {
    const p = await preview({ source: seed("003_a20818a6074b355d.txt"), file: "cutover.md" });
    const rb = p.runbook as { meta: { title: string }; roles?: { id: string }[] };
    rb.meta.title = "ERP cutover (edited)";
    const saved = await api.as("editor").post("/api/runbooks", { runbook: rb, file: "cutover.yaml" });
    expect(saved.statusCode, saved.body).toBe(201);
    const hash = saved.json<{ hash: string; title: string }>();
    expect(hash.title).toBe("ERP cutover (edited)");
    const stored = await api.as("viewer").get(`/api/runbooks/${hash.hash}`);
    expect(stored.json<{ source: string }>().source).toMatch(/^golive: 1\n/);

    const role = rb.roles?.[0]?.id;
    expect(role).toBeDefined();
    const bad = await api.as("editor").post("/api/runs", { runbook: hash.hash, name: "x", assignments: { "no-such-role": ["pat"] } });
    expect(bad.json()).toMatchObject({ error: { code: "GOLIVE_E_UNKNOWN_REFERENCE" } });
    const badZone = await api.as("editor").post("/api/runs", { runbook: hash.hash, name: "x", timezone: "Mars/Olympus" });
    expect(badZone.statusCode).toBe(400);

    // Only an admin (or a member of a role that assigns) puts people in roles.
    const byEditor = await api.as("editor").post("/api/runs", { runbook: hash.hash, name: "x", assignments: { [role ?? ""]: ["pat"] } });
    expect(byEditor.json()).toMatchObject({ error: { code: "GOLIVE_E_ASSIGN_FORBIDDEN" } });
    const made = await api.as("admin").post("/api/runs", { runbook: hash.hash, name: "Cutover", id: "cutover", date: "2026-05-30", timezone: "Asia/Jakarta", golive_at: "2026-05-30T06:00:00+07:00", assignments: { [role ?? ""]: ["pat"] }, start: true });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ date: "2026-05-30", timezone: "Asia/Jakarta", started_at: api.fx.clock.now().toISOString(), assignments: { [role ?? ""]: ["pat"] } });
    const status = (await api.as("viewer").get("/api/runs/cutover/status")).json<{ version: number; status: { runbook: { timezone: string }; go: boolean } }>();
    expect(status.status.runbook.timezone).toBe("Asia/Jakarta");
    expect(status.status.go).toBe(false);

    const moved = await api.as("editor").patch("/api/runs/cutover", { version: status.version, date: "2026-06-06", timezone: "Asia/Ho_Chi_Minh" });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ date: "2026-06-06", timezone: "Asia/Ho_Chi_Minh" });
    const again = await api.as("editor").patch("/api/runs/cutover", { version: moved.json<{ version: number }>().version, start: true });
    expect(again.json()).toMatchObject({ error: { code: "GOLIVE_E_CONFLICT" } });
  });

  it("refuses a body with both source and data, or neither", async () => {
    for (const payload of [{}, { source: "golive: 1", runbook: { golive: 1 } }]) {
      const res = await api.as("editor").post("/api/runbooks", payload);
      expect(res.statusCode).toBe(400);
    }
  });
});
