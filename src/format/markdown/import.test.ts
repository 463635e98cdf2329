import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkKinds } from "../../checks/kinds.ts";
import type { Runbook } from "../../core/model/runbook.ts";
import { formatDiagnostic, loadRunbookText } from "../load.ts";
import { importMarkdown, reportText, runbookText } from "./import.ts";

const seed = (prefix: string): string => {
  const dir = join(import.meta.dirname, "fixtures");
  const names: Record<string, string> = {
    "000": "000_30218c46a9af5117.txt", "001": "001_373a4791b42c8633.txt", "002": "002_b5a5d72c09322b65.txt",
    "003": "003_a20818a6074b355d.txt", "004": "004_f16cba07a6ea25de.txt",
  };
  return readFileSync(join(dir, names[prefix] ?? ""), "utf8");
};

/** Imports and loads through the real loader: the imported runbook must validate as it is. */
function load(prefix: string): { rb: Runbook; result: ReturnType<typeof importMarkdown> } {
  const result = importMarkdown(seed(prefix), checkKinds);
  return { rb: loadImported(result, `${prefix}.yaml`), result };
}

/** The imported runbook through the real loader; throws with the located diagnostics. */
function loadImported(result: ReturnType<typeof importMarkdown>, file: string): Runbook {
  const loaded = loadRunbookText(runbookText(result.runbook, "yaml"), file, checkKinds);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map(formatDiagnostic).join("\n"));
  return loaded.loaded.runbook;
}

describe("seed 000 (Pancake CRM, flattened Vietnamese)", () => {
  const { rb, result } = load("000");
  it("has 12 gates with owners", () => {
    expect(rb.gates.map((g) => g.id)).toEqual(Array.from({ length: 12 }, (_, i) => `G-${i + 1}`));
    expect(rb.gates[3]?.owner).toEqual(["be", "devops"]);
    // Each gate is ticked by a person: a manual item it requires, pending as the status column says.
    expect(rb.gates[0]?.requires.items).toEqual(["G-1.done"]);
    const gateItems = rb.sections.flatMap((s) => [s, ...s.sections]).flatMap((s) => s.items).filter((i) => i.id.endsWith(".done"));
    expect(gateItems).toHaveLength(12);
    expect(gateItems.every((i) => i.done === false)).toBe(true);
    expect(result.report.counts["status:pending"]).toBeGreaterThanOrEqual(12);
  });
  it("has 4 waves with their criteria (7, 6, 7, 6; 8 and 7 after the E7.6 update)", () => {
    expect(rb.waves.map((w) => w.id)).toEqual(["W1", "W2", "W3", "W4"]);
    expect(rb.waves.map((w) => w.exit.length)).toEqual([7, 6, 8, 7]);
    const latency = rb.waves[0]?.exit[1];
    expect(latency?.target).toBe("< 1s");
    expect(latency?.attest?.condition).toBe("value < 1s");
    expect(rb.waves[0]?.exit[0]?.attest?.condition).toBe("value >= 99.5%");
    expect(rb.waves[2]?.exit.find((c) => c.title === "Memory webhook")?.attest?.condition).toBe("value < 256MB");
    // "≥ 4/5" is not unambiguous: it stays text.
    expect(rb.waves[0]?.exit[4]?.attest?.condition).toBeUndefined();
  });
  it("has 14 deploy steps with verify and rollback", () => {
    expect(rb.steps).toHaveLength(14);
    expect(rb.steps[9]?.verify).toContain("GET /healthz 200");
    expect(rb.steps[0]?.rollback).toBe("down.sql DROP COLUMN");
  });
  it("has 4 rollback tiers with actions and communication", () => {
    const tiers = rb.rollback?.tiers ?? [];
    expect(tiers.map((t) => t.id)).toEqual(["T1", "T2", "T3", "T4"]);
    expect(tiers.map((t) => t.actions.length)).toEqual([4, 3, 8, 2]);
    expect(tiers[0]?.budget).toBe("5m");
    expect(tiers[0]?.downtime).toBe(false);
    expect(tiers[2]?.communication?.within).toBe("30m");
  });
  it("has 7 sign-offs waiting for named gates", () => {
    expect(rb.signoffs).toHaveLength(7);
    expect(rb.signoffs[0]?.requires.gates).toEqual(["G-1", "G-3", "G-9"]);
    expect(rb.signoffs[0]?.requires.waves).toEqual(["W4"]);
  });
  it("keeps pre-flight checklists, repairs items split over lines, drops the page chrome", () => {
    const be = rb.sections.flatMap((s) => [s, ...s.sections]).find((s) => s.title === "BE Dev pre-flight");
    expect(be?.items[0]?.title).toBe("go test ./...pass trên main branch (no regression)");
    expect(be?.items[0]?.done).toBe(false);
    expect(result.report.chrome).toEqual([1]);
  });
  it("applies the E7 resolutions: criteria updates to their waves, the split of step 9, the alert rules", () => {
    // E7.6 "Gate | Cũ | Mới": new targets for three criteria, a new exit criterion for W3 and W4.
    const w = (n: number) => rb.waves[n - 1]?.exit ?? [];
    expect(w(1).find((c) => c.title.startsWith("Telesale survey"))?.target).toBe("n≥3 ≥ 4/5 (realistic statistical)");
    expect(w(3).find((c) => c.title === "DB performance")?.target).toMatch(/^Snapshot pg_stat_user_indexes/);
    expect(w(4).find((c) => c.title.startsWith("Manager survey"))?.target).toBe("≥87% (13/15) — realistic threshold");
    expect(w(3).at(-1)?.title).toMatch(/^Rollback drill rehearsal pass/);
    expect(w(4).at(-1)?.title).toMatch(/^Pancake support response PD-001\/002/);
    // E7.3 "Step | Old | New": step 9 split into 9a (before the services) and 9b (after them).
    expect(rb.steps[8]?.steps.map((s) => s.id)).toEqual(["9a", "9b"]);
    expect(result.report.counts.updates).toBe(4);
    // E7.1: three alertmanager rules, read from YAML that lost its indentation.
    expect(rb.monitoring?.alerts.map((a) => a.id)).toEqual(["PancakeEventProcessLatencyHigh", "PancakeWebhookLatencyP99High", "PancakeCircuitBreakerOpenLong"]);
    expect(rb.monitoring?.alerts[2]?.trigger).toBe('pancake_circuit_breaker_state{name="pancake_rest"} == 2 for 30m');
    // E7.2's "Mục | Default | Production" is what each HMAC setting is at each stage: facts.
    expect(rb.meta.facts.find((f) => f.name === "Algorithm")?.value).toBe("Default (W1-W3 trust IP+token): (no); Production (W4+ post PD-001): HMAC-SHA256 hex");
    expect(result.report.unplaced.map((u) => u.line)).not.toContain(261);
    // E7.4 joins the rollback steps; E7.2's Lua and E7.5's job are procedures of their headings.
    expect(rb.rollback?.procedure.map((p) => p.title)).toContain("down-soft.sql cho migration 1777870069932 (insert_ticket_source_pancake)");
    expect(rb.procedures.map((p) => p.title)).toEqual(["E7.2) HMAC verification path spec (DevOps P0-D2, post PD-001)", "E7.5) Backfill normalized_phone mitigation (DevOps P0-D5)"]);
  });
  it("E7.5: the code under the heading is the procedure's commands; the pre-check list after it is not", () => {
    // The copy lost the fences: "bash" then comment lines, then "Pre-check verify:" glued to the
    // last of them, then a list. The list is steps of the procedure, not part of a command.
    const steps = rb.procedures.find((p) => p.title.startsWith("E7.5)"))?.steps ?? [];
    expect(steps.flatMap((s) => (s.command ? [s.command] : []))).toEqual([]);
    expect(steps.map((s) => s.title)).toEqual([
      "Schedule chạy 02:00-06:00 ICT (low-traffic window)",
      "scripts/backfill_normalized_phone.go",
      "Batch 10k row/transaction + pg_sleep(0.1) giữa batches",
      "Estimate: 1M accounts × 10k batch × (5s execute + 100ms sleep) = ~10-12 phút wall clock",
      "Lock impact: chỉ rows trong batch, release sau 5s mỗi batch → production queries không bị block lâu",
      "Pre-check verify:",
      "Production accounttable có ~1M rows - POS + telesale activity overnight thấp (verify với DevOps team observation)",
      "Prometheus pg_stat_activitycho thấy không có lock contention > 1s",
    ]);
  });
  it("reports every block it could not place, with its line", () => {
    const lines = result.report.unplaced.map((u) => u.line);
    expect(lines).toContain(7); // the "File | Vai trò" table
    expect(lines).not.toContain(317); // "Gate | Cũ | Mới" is applied
    expect(reportText(result.report)).toMatch(/line 293: table row: change names no deploy step: Services deploy/);
    expect(result.report.unplaced.filter((u) => u.block === "code").map((u) => u.line)).toEqual([]);
  });
});

describe("seed 001 (GoodGo POS, copied from a rendered page)", () => {
  const { rb, result } = load("001");
  it("has its sections and items", () => {
    const titles = rb.sections.map((s) => s.title);
    expect(titles).toEqual(expect.arrayContaining(["Pre-Deployment", "Kubernetes Cluster (RKE2)", "Monitoring", "Rate Limiting", "Smoke Tests (within 30 minutes)", "Monitoring Verification (within 24 hours)"]));
    expect(rb.sections.find((s) => s.title === "Pre-Deployment")?.items).toHaveLength(10);
    expect(rb.sections.find((s) => s.title === "Smoke Tests (within 30 minutes)")?.due).toBe("+30m");
    expect(result.report.chrome).toEqual([1, 2, 3, 4, 6]);
  });
  it("nests the security headers under their item", () => {
    const net = rb.sections.find((s) => s.title === "Network & Transport");
    const parent = net?.items.find((i) => i.title.startsWith("Security headers"));
    expect(parent?.depends_on).toHaveLength(5);
  });
  it("turns the checklist repeated per service into a for_each section over the 8 services", () => {
    expect(result.runbook.vars).toEqual({ services: ["iam", "merchant", "order", "fnb-engine", "wallet", "catalog", "inventory", "chat"] });
    const template = (result.runbook.sections as { title: string; for_each?: unknown; items: { title: string }[] }[]).find((s) => s.for_each);
    expect(template?.title).toBe("Per-Service Checklist: {{service}}");
    expect(template?.for_each).toEqual({ service: "services" });
    expect(template?.items[1]?.title).toBe("{{service}}: Image pushed to Docker Hub (goodgo/{{service}}:{sha})");
    // Loaded, it is one section per service, each with the 12 items.
    const expanded = rb.sections.filter((s) => s.id.startsWith("per-service-checklist["));
    expect(expanded.map((s) => s.title)).toEqual(["iam", "merchant", "order", "fnb-engine", "wallet", "catalog", "inventory", "chat"].map((v) => `Per-Service Checklist: ${v}`));
    expect(expanded.every((s) => s.items.length === 12)).toBe(true);
    expect(result.report.unplaced.map((u) => u.line)).not.toContain(49);
  });
  it("has 4 sign-offs", () => {
    expect(rb.signoffs.map((s) => s.role)).toEqual(["cto", "tech-lead", "devops-lead", "qa-lead"]);
  });
});

describe("seed 002 (Outreach service, tables without separators)", () => {
  const { rb, result } = load("002");
  it("has its 3 alert runbook rows", () => {
    expect(rb.monitoring?.alerts).toHaveLength(3);
    expect(rb.monitoring?.alerts[0]?.title).toMatch(/^outreachHighErrorRate/);
  });
  it("reports the tables whose cells cannot be separated", () => {
    expect(result.report.unplaced.find((u) => u.line === 7)?.text).toBe("Thuộc tínhGiá trị");
  });
});

describe("seed 003 (ERP cutover, mis-decoded UTF-8)", () => {
  const { rb, result } = load("003");
  it("repairs the Vietnamese text", () => {
    expect(result.report.mojibake?.encoding).toBe("Mac Roman");
    expect(rb.timeline?.phases[0]?.title).toBe("Phase 1: Chuẩn bị");
    expect(runbookText(result.runbook, "yaml")).not.toMatch(/·ª|√/);
  });
  it("has 6 phases with times and 4 checkpoints", () => {
    const phases = rb.timeline?.phases ?? [];
    expect(phases).toHaveLength(6);
    expect(phases[0]).toMatchObject({ id: "P1", start: "06:00", end: "06:30" });
    expect(phases.filter((p) => p.checkpoint).map((p) => p.checkpoint?.at)).toEqual(["06:30", "08:00", "09:00", "10:30"]);
    expect(phases[5]?.tasks.at(-1)?.at).toBe("+24h");
    expect(rb.timeline?.rollback_deadline).toBe("11:00");
  });
  it("has 5 contacts and 4 decision-matrix rows", () => {
    expect(rb.contacts.map((c) => c.role)).toEqual(["tech-lead", "dba", "devops", "qa-lead", "business-owner"]);
    expect(rb.rollback?.decision_matrix.map((d) => [d.severity, d.rollback])).toEqual([["P3", "no"], ["P2", "disable_feature"], ["P1", "yes"], ["P1", "yes"]]);
    expect(rb.rollback?.triggers).toHaveLength(4);
  });
  it("places every block", () => {
    expect(result.report.unplaced).toEqual([]);
  });
});

describe("seed 004 (WhatsApp inbox, Indonesian)", () => {
  const { rb } = load("004");
  it("has 4 severities P0-P3", () => {
    expect(rb.incidents?.severities.map((s) => [s.id, s.title])).toEqual([["P0", "Critical"], ["P1", "High"], ["P2", "Medium"], ["P3", "Low"]]);
    expect(rb.incidents?.severities[0]?.communication?.update_every).toBe("10m");
  });
  it("has its 8 deploy steps with commands, immediate actions and rollback steps", () => {
    expect(rb.steps).toHaveLength(8);
    expect(rb.steps[1]).toMatchObject({ title: "Run migration:", command: "npm run db:deploy" });
    expect(rb.incidents?.immediate_actions).toHaveLength(5);
    expect(rb.rollback?.procedure).toHaveLength(5);
    expect(rb.procedures).toHaveLength(3);
  });
});

describe("edge cases", () => {
  it("leaves out, and reports, what would not validate: unknown kinds, bad configs and conditions, references to them", () => {
    const md = [
      "# T", "", "## Checks", "", "| ID | Kind | Config | Conditions |", "|---|---|---|---|",
      "| a | nope | `{}` | |", "| b | http | `{}` | `status == 200` |", '| c | http | `{"url":"http://127.0.0.1/"}` | `status ==` |', "",
      "## Gates", "", "| # | Gate | Requires |", "|---|---|---|", "| G-1 | one | checks: a, b, c |", "",
    ].join("\n");
    const r = importMarkdown(md, checkKinds);
    expect(r.runbook.checks).toEqual([{ id: "c", kind: "http", config: { url: "http://127.0.0.1/" }, conditions: [] }]);
    expect(r.runbook.gates).toEqual([{ id: "G-1", title: "one", requires: { checks: ["c"] } }]);
    expect(r.report.dropped.join("\n")).toMatch(/unknown check kind 'nope'/);
    expect(loadRunbookText(runbookText(r.runbook, "yaml"), "t.yaml", checkKinds).ok).toBe(true);
  });
  it("applies a table of changes to the criteria and steps it names, and reports the rest", () => {
    const md = [
      "## Wave 1 (W1) — pilot", "", "| Criteria | Target |", "|---|---|", "| Error rate | < 1% |", "| Survey score | ≥ 4/5 |", "",
      "## Deploy steps", "", "| # | Step | Verify |", "|---|---|---|", "| 1 | Migrate | ok |", "| 2 | Deploy | ok |", "",
      "## Changes", "", "| Criteria | Before | After |", "|---|---|---|", "| W1 exit Error rate | < 1% | < 0.5% |", "| NEW W1 exit: | — | No page for 24h |", "| W2 exit Latency | < 1s | < 2s |", "",
      "| Step | Old | New |", "|---|---|---|", "| 2 | Deploy | Deploy services |", "| 2a | — | Warm caches |", "| Later | x | y |",
    ].join("\n");
    const r = importMarkdown(md, checkKinds);
    const rb = loadImported(r, "changes.yaml");
    expect(rb.waves[0]?.exit.map((c) => [c.title, c.target, c.attest?.condition])).toEqual([["Error rate", "< 0.5%", "value < 0.5%"], ["Survey score", "≥ 4/5", undefined], ["No page for 24h", undefined, undefined]]);
    expect(rb.steps.map((s) => [s.id, s.title, s.steps.map((x) => x.title)])).toEqual([["1", "Migrate", []], ["2", "Deploy services", ["Warm caches"]]]);
    expect(r.report.unplaced.map((u) => u.reason)).toEqual(["change names no wave of the document", "change names no deploy step"]);
  });
  it("a checklist that says it repeats for each value of a list becomes for_each; without the list it stays one", () => {
    const md = (list: string) => ["# Cutover", "", "## Databases (repeat for each database)", "", list, "", "- [ ] Backup of {database} taken", "- [x] Restore tested"].join("\n");
    const r = importMarkdown(md("Databases: main, audit, billing"), checkKinds);
    expect(r.runbook.vars).toEqual({ databases: ["main", "audit", "billing"] });
    const items = loadImported(r, "repeat.yaml").sections.flatMap((s) => s.items);
    expect(items.map((i) => i.title)).toEqual(["main", "audit", "billing"].flatMap((v) => [`${v}: Backup of ${v} taken`, `${v}: Restore tested`]));
    expect(items.map((i) => i.done)).toEqual([false, true, false, true, false, true]);
    const none = importMarkdown(md("Databases are listed elsewhere."), checkKinds);
    expect(none.runbook.vars).toBeUndefined();
  });
  it("reads the lines a team writes by hand for what tables have no room for, in Vietnamese and Indonesian", () => {
    const md = [
      "# Go-live", "",
      "## Chuẩn bị {#prep}", "",
      "- [ ] Sao lưu database {#backup}", "  - Bằng chứng: bắt buộc", "  - Ghi chú: giữ mã bản sao lưu",
      "- [ ] Chạy migration {#migrate}", "  - Phụ thuộc: backup", "  - Bukti: tangkapan layar dasbor", "",
      "## Gates", "", "| # | Gate | Requires |", "|---|---|---|", "| G-1 | Sẵn sàng | items: backup, migrate |", "",
      "## Waves", "", "### Đợt 1 {#W1}", "", "**Yêu cầu**: G-1", "", "### Gelombang 2 {#W2}", "", "Prasyarat: waves: W1", "",
      "## Hypercare", "", "**Durasi**: 7 hari  ", "**Hijau selama**: 48 jam  ", "**Cửa sổ giám sát**: day-1", "",
      "Tim ops memantau selama seminggu.", "",
      "## Monitoring", "", "### Ngày đầu {#day-1 to=+24h}", "", "| Metric | Target |", "|---|---|", "| Error rate | < 1% |", "",
      "## Tautan", "", "- Tài liệu thiết kế: `docs/design.md`", "- Dasbor — https://grafana.example/d/x", "",
    ].join("\n");
    const r = importMarkdown(md, checkKinds);
    const rb = loadImported(r, "labels.yaml");
    expect(rb.sections[0]?.items.map((i) => [i.id, i.evidence, i.depends_on, i.notes])).toEqual([
      ["backup", "required", [], "giữ mã bản sao lưu"],
      ["migrate", "required", ["backup"], "Evidence: tangkapan layar dasbor"],
    ]);
    expect(rb.waves.map((w) => [w.id, w.requires.gates, w.requires.waves])).toEqual([["W1", ["G-1"], []], ["W2", [], ["W1"]]]);
    expect(rb.hypercare).toMatchObject({ duration: "7d", exit: { green_for: "48h", windows: ["day-1"] }, description: "Tim ops memantau selama seminggu." });
    expect(rb.meta.links).toEqual([{ title: "Tài liệu thiết kế", url: "docs/design.md" }, { title: "Dasbor", url: "https://grafana.example/d/x" }]);
    expect(r.report.unplaced).toEqual([]);
  });
  it("recognises nothing in plain prose", () => {
    expect(importMarkdown("Just a note.\n\nNothing else.", checkKinds).recognised).toBe(false);
  });
  it("keeps checked state and nesting of task lists", () => {
    const r = importMarkdown("# Go-live\n\n## Before\n\n- [x] Backup done\n- [ ] Deploy\n  - [ ] Run `npm run migrate`\n", checkKinds);
    const items = (r.runbook.sections as { items: { title: string; done?: boolean; command?: string; depends_on?: string[] }[] }[])[0]?.items ?? [];
    expect(items.map((i) => i.done)).toEqual([true, false, false]);
    expect(items[1]?.depends_on).toEqual([items[2] && "before-3"]);
    expect(items[2]?.command).toBe("npm run migrate");
  });
});
