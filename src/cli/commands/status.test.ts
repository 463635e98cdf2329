import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RunStatus } from "../../core/engine/index.ts";
import { plain } from "../../testing/engine-kit.ts";
import { runCli } from "../testing.ts";

const run = runCli;

const PANCAKE = "examples/pancake-crm-pilot.yaml";
const W1_PASSED = "examples/facts/pancake-w1-passed.json";

const RB = `
golive: 1
meta: { id: mini, title: Mini release, timezone: Asia/Ho_Chi_Minh, date: "2026-05-30" }
roles: [{ id: lead, members: [leo] }]
checks:
  - { id: api, kind: http, config: { url: "http://127.0.0.1:1/" }, conditions: ["status == 200"] }
gates:
  - { id: G-1, title: API up, requires: { checks: [api] } }
signoffs:
  - { id: S-1, title: Lead, role: lead, requires: { gates: [G-1] } }
steps:
  - { id: "1", title: Deploy }
sections:
  - { id: s, title: S, items: [{ id: notes, title: Release notes, due: "10:00", optional: true }] }
`;
const GO_FACTS = {
  checks: [{ check: "api", outcome: "pass", at: "2026-05-30T08:00:00+07:00", conditions: [{ source: "status == 200", outcome: "pass", text: "status (200) == 200" }] }],
  signoffs: [{ signoff: "S-1", by: "leo", at: "2026-05-30T08:10:00+07:00" }],
};

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "golive-status-"));
  await writeFile(join(dir, "mini.yaml"), RB);
  await writeFile(join(dir, "go.json"), JSON.stringify(GO_FACTS, null, 2));
  await writeFile(join(dir, "bad.yaml"), RB.replace("requires: { checks: [api] }", "requires: { checks: [apii] }"));
  await writeFile(join(dir, "bad-facts.json"), '{\n  "signoffs": [\n    { "signoff": "S-1", "by": "leo" }\n  ]\n}\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  process.exitCode = 0;
});

describe("golive status on the Pancake CRM pilot", () => {
  it("without facts: no-go with reasons, W1 closed and may not open", async () => {
    const r = await run(["status", PANCAKE, "--format", "json", "--now", "2026-05-28T09:00:00+07:00"]);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.out) as RunStatus;
    expect(s.go).toBe(false);
    expect(s.verdict).toBe("no_go");
    expect(s.reasons.length).toBeGreaterThan(0);
    expect(plain(s.reasons)).toContain("gate ‘PO ký duyệt PRD (Z + A0-A12)’ pending: ‘PO ký duyệt PRD (Z + A0-A12)’ is not done");
    expect(s.waves.map((w) => [w.id, w.state, w.mayOpen])).toEqual([["W1", "closed", false], ["W2", "closed", false], ["W3", "closed", false], ["W4", "closed", false]]);
  });

  it("with the W1-passed facts: W1 passed, W2 may open, still no-go with reasons", async () => {
    const r = await run(["status", PANCAKE, "--facts", W1_PASSED, "--format", "json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(1);
    const s = JSON.parse(r.out) as RunStatus;
    expect(plain(s.refused)).toEqual([]);
    const [w1, w2] = s.waves;
    expect(w1).toMatchObject({ id: "W1", state: "passed", exitHolds: true, soakElapsed: true, openedAt: "2026-05-28T02:00:00.000Z" });
    expect(w1?.criteria.every((c) => c.state === "met")).toBe(true);
    expect(w2).toMatchObject({ id: "W2", state: "closed", mayOpen: true, openBlockers: [] });
    expect(s.go).toBe(false);
    expect(plain(s.reasons)).toContain("gate ‘Out-of-band PD-001/002 (Pancake support HMAC + IP whitelist) — Block W4 only’ pending: ‘Out-of-band PD-001: Pancake support HMAC signature’ is not done; ‘Out-of-band PD-002: Pancake IP whitelist’ is not done");
    expect(plain(s.reasons)).toContain("gate ‘Out-of-band PD-003 (customer_consent.consent_data.marketing key) — Block Phase 4 SPECIFY’ pending: ‘Out-of-band PD-003: customer_consent.consent_data.marketing key’ is not done");
    expect(plain(s.reasons.some((x) => x.text.startsWith("sign-off ‘Kỹ thuật’ pending: needs 1 more sign-off from role 'tech-lead' (minh.tl)")))).toBe(true);
    expect(s.gates.filter((g) => g.state !== "passing" && g.section === undefined).map((g) => g.id)).toEqual(["G-10", "G-11"]);
    // The pre-flight checklists no gate names still count: their open items keep it no-go.
    expect(s.reasons.find((x) => x.code === "go.readiness" && x.params.section === "e2-qa")?.text).toMatch(/^section ‘QA pre-flight’ not ready, 5 required items open: ‘Test data set chuẩn bị/);
  });

  it("before W1's 7-day soak has passed, W2 may not open", async () => {
    const r = await run(["status", PANCAKE, "--facts", W1_PASSED, "--format", "json", "--now", "2026-06-04T08:59:00+07:00"]);
    const s = JSON.parse(r.out) as RunStatus;
    expect(s.waves[0]).toMatchObject({ state: "passed", exitHolds: true, soakElapsed: false });
    expect(s.waves[1]?.mayOpen).toBe(false);
    expect(plain(s.waves[1]?.openBlockers)).toContain("W1 exit: wave W1 soak (7d) ends 2026-06-04 09:00");
  });

  it("table view: headline, reasons, waves; no colour codes when not a terminal", async () => {
    const r = await run(["status", PANCAKE, "--facts", W1_PASSED, "--now", "2026-06-04T10:00:00+07:00"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^Checklist phát hành .* as of 2026-06-04 10:00 Asia\/Ho_Chi_Minh\n\nNO-GO 24 blockers\n {2}- gate ‘Out-of-band PD-001\/002 .*’ pending/);
    expect(r.out).toMatch(/\n {2}W1 {2}passed {2}Wave 1 \(W1\) — 1 source low-volume {2}opened 2026-05-28 09:00, soak 7d done\n/);
    expect(r.out).toMatch(/\n {2}W2 {2}closed {2}Wave 2 \(W2\) — 5 source mid-volume {2}may open\n/);
    expect(r.out).toContain("W1-tc-001-010");
    expect(r.out).toContain("value (100%) >= 100%");
    expect(r.out).not.toContain("\u001b[");
  });
});

describe("golive status on the ERP/WMS cutover day", () => {
  const ERP = ["status", "examples/erp-wms-cutover.yaml", "--facts", "examples/facts/erp-cutover-day.json", "--format", "json"];

  it("09:40: phases planned against actual, checkpoints decided by the approvers only; the end-of-day checklist still open: no-go", async () => {
    const r = await run([...ERP, "--now", "2026-01-31T09:40:00+07:00"]);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.out) as RunStatus;
    const tl = s.timeline!;
    expect(tl.phases.map((p) => [p.id, p.state, p.slippageMinutes ?? null])).toEqual([
      ["phase-1", "done", 4], ["phase-2", "done", 12], ["phase-3", "done", 19], ["phase-4", "running", 20], ["phase-5", "pending", null], ["phase-6", "pending", null],
    ]);
    expect(tl.phases.map((p) => p.checkpoint?.decision ?? null)).toEqual(["go", "go", "go", "pending", null, null]);
    expect(plain(s.refused.map((x) => [x.kind, x.target, x.by]))).toEqual([["checkpoint", "CHECKPOINT-3", "lan.pm"]]);
    expect(tl).toMatchObject({ rollbackDeadline: "2026-01-31T04:00:00.000Z", fixForward: false });
    // No checkpoint stops it yet; only the end-of-day checklist, which no gate names, is open.
    expect(s.reasons.map((x) => x.code)).toEqual(["go.readiness"]);
    expect(s.reasons[0]?.text).toMatch(/^section ‘Checklist - End of Day 1’ not ready, 5 required items open: ‘No P1\/P2 incidents’ is not done/);
  });

  it("10:31: the verification checkpoint is past its time undecided: no-go; 11:00: fix forward only", async () => {
    const r = await run([...ERP, "--now", "2026-01-31T10:31:00+07:00"]);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.out) as RunStatus;
    expect(plain(s.reasons.filter((x) => x.code !== "go.readiness"))).toEqual(["checkpoint ‘Verification OK’ undecided: checkpoint CHECKPOINT-4 needs 1 more go from role 'qa-lead' (members: thu.qa); checkpoint CHECKPOINT-4 was due 10:30"]);
    const late = JSON.parse((await run([...ERP, "--now", "2026-01-31T11:00:00+07:00"])).out) as RunStatus;
    expect(late.timeline?.fixForward).toBe(true);
  });
});

describe("golive status contract", () => {
  it("exit 0 on go; JSON is the RunStatus", async () => {
    const r = await run(["status", join(dir, "mini.yaml"), "--facts", join(dir, "go.json"), "--format", "json", "--now", "2026-05-30T09:00:00+07:00"]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as RunStatus;
    expect(s).toMatchObject({ go: true, verdict: "go", now: "2026-05-30T02:00:00.000Z", runbook: { id: "mini", timezone: "Asia/Ho_Chi_Minh" } });
    expect(s.signoffs[0]).toMatchObject({ id: "S-1", state: "given", signers: [{ by: "leo", at: "2026-05-30T01:10:00.000Z" }] });
    const table = await run(["status", join(dir, "mini.yaml"), "--facts", join(dir, "go.json"), "--now", "2026-05-30T09:00:00+07:00"]);
    expect(table.code).toBe(0);
    expect(table.out).toContain("\nGO\n");
    expect(table.out).toMatch(/\n {2}S-1 {2}given {2}Lead {2}leo 08:10\n/);
    expect(table.out).toMatch(/\n {2}1 {2}ready {2}Deploy\n/);
    expect(table.out).not.toContain("Overdue items");
    const late = await run(["status", join(dir, "mini.yaml"), "--facts", join(dir, "go.json"), "--now", "2026-05-30T10:01:00+07:00"]);
    expect(late.out).toMatch(/\nOverdue items\n {2}notes {2}not-done {2}Release notes {2}due 10:00\n/);
  });

  it("exit 1 on no-go, as of --now", async () => {
    const r = await run(["status", join(dir, "mini.yaml"), "--facts", join(dir, "go.json"), "--format", "json", "--now", "2026-05-30T08:05:00+07:00"]);
    expect(r.code).toBe(1);
    expect(plain((JSON.parse(r.out) as RunStatus).reasons)).toEqual(["sign-off ‘Lead’ pending: needs 1 more sign-off from role 'lead' (leo)"]);
  });

  it("exit 2 with located errors for an invalid runbook or facts file", async () => {
    const bad = await run(["status", join(dir, "bad.yaml")]);
    expect(bad.code).toBe(2);
    expect(bad.out).toBe("");
    expect(bad.err).toMatch(/bad\.yaml:8:52 gates\[0\]\.requires\.checks\[0\]: unknown check 'apii'; did you mean 'api'\?/);
    const facts = await run(["status", join(dir, "mini.yaml"), "--facts", join(dir, "bad-facts.json")]);
    expect(facts.code).toBe(2);
    expect(facts.err).toMatch(/bad-facts\.json:3:5 signoffs\[0\]: missing required field .at./);
    const missing = await run(["status", join(dir, "mini.yaml"), "--facts", join(dir, "nope.json")]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("nope.json:1:1 file not found");
  });

  it("exit 2 on usage mistakes", async () => {
    const fmt = await run(["status", join(dir, "mini.yaml"), "--format", "xml"]);
    expect(fmt.code).toBe(2);
    expect(fmt.err).toContain("--format must be table or json");
    const now = await run(["status", join(dir, "mini.yaml"), "--now", "09:00"]);
    expect(now.code).toBe(2);
    expect(now.err).toContain("--now must be an ISO 8601 date-time with offset");
    expect((await run(["status"])).code).toBe(2);
  });

  it("shows hypercare: its period, each exit criterion met or not and why (seed 003, 20:00 on go-live day)", async () => {
    const facts = { run: { golive_at: "2026-01-31T11:00:00+07:00", date: "2026-01-31" }, incidents: [{ id: "INC-7", title: "Label printer offline", severity: "P2", opened_at: "2026-01-31T14:00:00+07:00", opened_by: "sam" }] };
    await writeFile(join(dir, "hypercare.json"), JSON.stringify(facts));
    const r = await run(["status", "examples/erp-wms-cutover.yaml", "--facts", join(dir, "hypercare.json"), "--now", "2026-01-31T20:00:00+07:00"]);
    const lines = r.out.split("\n");
    const at = lines.findIndex((l) => l.startsWith("Hypercare"));
    expect(lines[at]).toBe("Hypercare running started 11:00, ends 2026-02-01 11:00 (15h left)");
    expect(lines.slice(at + 1, at + 16).filter((l) => /^ {2}met /.test(l)).map((l) => l.trim())).toEqual(["met      no-open-incidents  P1"]);
    expect(r.out).toContain("incident INC-7 (P2) opened during hypercare 14:00: Label printer offline");
  });
});
