import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkKinds } from "../checks/kinds.ts";
import { asList, flattenSteps } from "../core/model/access.ts";
import { allItems, allSections } from "../core/model/expand.ts";
import type { Runbook } from "../core/model/runbook.ts";
import { formatDiagnostic, loadRunbookText } from "./load.ts";

// The five seed documents written as runbooks. The counts below were taken from the seeds by hand
// (see the comments), so a runbook that drops or duplicates a row of its seed fails here.

const FILES = {
  pancake: "pancake-crm-pilot.yaml",
  goodgo: "goodgo-pos-production.yaml",
  outreach: "outreach-service.yaml",
  erp: "erp-wms-cutover.yaml",
  whatsapp: "whatsapp-inbox.yaml",
} as const;
type Name = keyof typeof FILES;

const ENV: Record<Name, string[]> = {
  pancake: ["PANCAKE_WEBHOOK_URL", "PANCAKE_CRM_API_URL", "PANCAKE_DB_URL", "PANCAKE_PROMETHEUS_URL"],
  goodgo: ["GOODGO_GATEWAY_URL", "GOODGO_PROMETHEUS_URL", "GOODGO_DB_URL", "GOODGO_PUBLIC_URL"],
  outreach: ["OUTREACH_URL", "OUTREACH_PROMETHEUS_URL"],
  erp: ["ERP_URL", "ERP_PROMETHEUS_URL", "ERP_DB_URL"],
  whatsapp: ["WA_INBOX_URL", "WA_INBOX_DIR"],
};

const textOf = (name: Name): string => readFileSync(new URL(`../../examples/${FILES[name]}`, import.meta.url), "utf8");

function load(name: Name): Runbook {
  const r = loadRunbookText(textOf(name), FILES[name], checkKinds);
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join("\n"));
  return r.loaded.runbook;
}

const ids = (list: { id: string }[]): string[] => list.map((x) => x.id);
const sectionItems = (rb: Runbook, id: string) => {
  const found = allSections(rb).find((s) => s.section.id === id);
  if (!found) throw new Error(`no section ${id}`);
  return found.section.items;
};

describe("the seed runbooks in examples/", () => {
  it.each(Object.keys(FILES) as Name[])("%s is valid and reads only its own environment variables", (name) => {
    load(name);
    const used = new Set([...textOf(name).matchAll(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual([...ENV[name]].sort());
  });

  it("000 Pancake CRM: gates, waves, steps, tiers, sign-offs, waivers, alerts", () => {
    const rb = load("pancake");
    // E1: G-1..G-12, owners as in the "Phụ trách" column.
    expect(ids(rb.gates)).toEqual(Array.from({ length: 12 }, (_, i) => `G-${i + 1}`));
    expect(rb.gates.find((g) => g.id === "G-4")?.owner).toEqual(["be", "devops"]);
    expect(rb.gates.find((g) => g.id === "G-9")?.owner).toEqual(["po", "manager"]);
    // W1 7 rows, W2 6, W3 7 + rollback drill (E7.6), W4 6 + PD-001/002 response or waiver (E7.6).
    expect(rb.waves.map((w) => [w.id, w.exit.length])).toEqual([["W1", 7], ["W2", 6], ["W3", 8], ["W4", 7]]);
    const criterion = (id: string) => rb.waves.flatMap((w) => w.exit).find((c) => c.id === id);
    expect(criterion("W1-telesale-survey")?.attest?.condition).toBe("value >= 4");
    expect(criterion("W4-manager-survey")?.attest?.condition).toBe("value >= 87%");
    expect(criterion("W3-rollback-drill")?.attest?.condition).toBe("value <= 15");
    expect(criterion("W3-webhook-latency-load")?.check).toBe("load-100rps-10m");
    const explain = rb.checks.find((c) => c.id === criterion("W3-db-performance")?.check);
    expect(explain?.needs).toEqual(["index-usage-snapshot"]);
    expect(rb.waves.find((w) => w.id === "W4")?.requires.gates).toEqual(["G-10"]);
    expect(rb.waves.find((w) => w.id === "W1")?.requires.items).toEqual(["OOB-7", "OOB-8", "OOB-10", "OOB-11"]);
    expect(rb.waves.find((w) => w.id === "W3")?.requires.items).toEqual(["OOB-9"]);
    // E4: 14 steps; E7.3 splits 9 into 9a (before services) and 9b (after step 11).
    expect(ids(rb.steps)).toEqual(Array.from({ length: 14 }, (_, i) => String(i + 1)));
    const flat = flattenSteps(rb.steps);
    expect(flat).toHaveLength(16);
    const after = (id: string) => flat.find((f) => f.step.id === id)?.after;
    expect(ids(rb.steps[8]?.steps ?? [])).toEqual(["9a", "9b"]);
    expect(after("9b")).toEqual(["11"]);
    expect(after("10")).toEqual(["9a"]);
    expect(rb.steps.every((s) => s.verify !== undefined && s.rollback !== undefined)).toBe(true);
    // E5: tiers with 4, 3, 8 (migrations) and 2 rows; Tier 3 only after Tiers 1 and 2.
    const tiers = rb.rollback?.tiers ?? [];
    expect(tiers.map((t) => [t.id, t.actions.length, t.budget, t.communication?.within])).toEqual([
      ["T1", 4, "5m", "5m"],
      ["T2", 3, "15m", "15m"],
      ["T3", 8, "30m", "30m"],
      ["T4", 2, undefined, "15m"],
    ]);
    expect(tiers[2]?.only_after).toEqual(["T1", "T2"]);
    expect(tiers[2]?.actions.every((a) => a.risk !== undefined)).toBe(true);
    // E6: 7 sign-offs; the Director waits for the other six and signs as a different person.
    expect(rb.signoffs).toHaveLength(7);
    const director = rb.signoffs.find((s) => s.id === "director");
    expect(director?.requires.signoffs).toHaveLength(6);
    expect(director?.separate_from).toHaveLength(6);
    expect(rb.signoffs.find((s) => s.id === "business")?.requires.gates).toEqual(["G-1", "G-3", "G-9"]);
    expect(rb.waivers[0]?.targets).toContain("G-10");
    expect(rb.waivers[0]?.grantors).toBe("security-lead");
    // 5 alerts of G-7 + 3 rules of E7.1, and one check that all 8 are loaded.
    expect(rb.monitoring?.alerts).toHaveLength(8);
    const rules = rb.checks.find((c) => c.id === "alert-rules-loaded");
    expect(rules?.config).toMatchObject({ rules: true });
    expect(asList(rules?.conditions)).toHaveLength(8);
  });

  it("000 Pancake CRM: pre-flight per team, day 0, day 1-7, out-of-band, sign-off criteria", () => {
    const rb = load("pancake");
    const counts = ["e1-gates", "e2-be", "e2-be-schema", "e2-be-deps", "e2-fe", "e2-qa", "e2-ops", "e3-be", "e3-fe", "e3-ops", "e7-5-backfill", "e7-7-out-of-band", "day-0", "day-1-7", "final-signoff", "post-signoff"];
    // E2 BE's 7 bullets: 3 + the 5 schema queries + 3; E3 BE's EXPLAIN bullet names two plans.
    expect(counts.map((id) => sectionItems(rb, id).length)).toEqual([12, 3, 5, 3, 6, 5, 6, 7, 5, 5, 3, 5, 7, 6, 10, 4]);
    const schema = sectionItems(rb, "e2-be-schema").map((it) => rb.checks.find((c) => c.id === it.check)?.conditions);
    expect(schema).toEqual(["rows == 0", "rows == 0", "rows == 0", "rows == 8", 'value == "1777870069927"']);
    expect(rb.checks.find((c) => c.id === "go-test")?.config).toMatchObject({ run: "go test ./..." });
    expect(sectionItems(rb, "day-0").every((it) => it.due === "+1d")).toBe(true);
    expect(sectionItems(rb, "day-1-7").every((it) => it.due === "+7d")).toBe(true);
  });

  it("001 GoodGo: the per-service checklist and probes are written once for 8 services", () => {
    const rb = load("goodgo");
    const services = ["iam", "merchant", "order", "fnb-engine", "wallet", "catalog", "inventory", "chat"];
    const perService = allSections(rb).filter((s) => s.section.id.startsWith("per-service["));
    expect(perService.map((s) => s.section.id)).toEqual(services.map((s) => `per-service[${s}]`));
    // 12 bullets, the health bullet split into liveness and readiness: 13 x 8.
    expect(perService.map((s) => s.section.items.length)).toEqual(services.map(() => 13));
    expect(allItems(rb).filter((it) => it.id.startsWith("svc-"))).toHaveLength(104);
    const live = rb.checks.filter((c) => c.id.startsWith("svc-live["));
    expect(live.map((c) => c.config.url)).toEqual(services.map((s) => `\${env:GOODGO_GATEWAY_URL}/${s}/health/live`));
    expect(allItems(rb).find((it) => it.id === "svc-health-ready[wallet]")?.check).toBe("svc-ready[wallet]");
    expect(rb.checks.find((c) => c.id === "svc-ready[wallet]")?.needs).toEqual(["svc-live[wallet]"]);
    expect(rb.checks).toHaveLength(39);
    const plain = ["pre-deployment", "k8s", "external-services", "monitoring", "authn-authz", "network-transport", "rate-limiting", "data-protection", "rollback-plan"];
    expect(plain.map((id) => sectionItems(rb, id).length)).toEqual([10, 8, 5, 8, 4, 3, 4, 5, 6]);
    // Service-specific table: 3 + 2 + 3 + 2 + 2 + 1 + 1 + 2 extra checks.
    const specific = allSections(rb).filter((s) => s.parents.some((p) => p.id === "service-specific"));
    expect(specific.map((s) => s.section.items.length)).toEqual([3, 2, 3, 2, 2, 1, 1, 2]);
    expect(asList(rb.checks.find((c) => c.id === "security-headers")?.conditions)).toHaveLength(5);
    expect(asList(rb.checks.find((c) => c.id === "security-headers")?.conditions)[0]).toMatch(/^headers\["strict-transport-security"\]/);
    expect([sectionItems(rb, "smoke-tests"), sectionItems(rb, "functional-verification"), sectionItems(rb, "monitoring-verification")].map((l) => [l.length, l[0]?.due])).toEqual([
      [12, "+30m"],
      [5, "+2h"],
      [7, "+24h"],
    ]);
    expect(ids(rb.steps)).toEqual(["canary-1", "canary-2", "canary-3"]);
    expect(rb.signoffs.map((s) => s.role)).toEqual(["cto", "tech-lead", "devops-lead", "qa-lead"]);
  });

  it("002 Outreach: facts, probes, measures, alert runbook, operations", () => {
    const rb = load("outreach");
    expect(rb.meta.facts).toHaveLength(10); // 7 rows of the deployment table + 3 Traefik labels
    const url = (id: string) => String(rb.checks.find((c) => c.id === id)?.config.url);
    expect([url("healthz"), url("readyz")]).toEqual(["${env:OUTREACH_URL}/healthz", "${env:OUTREACH_URL}/readyz"]);
    expect([sectionItems(rb, "observability").length, sectionItems(rb, "log-fields").length, sectionItems(rb, "security").length]).toEqual([5, 3, 9]);
    const alerts = rb.monitoring?.alerts ?? [];
    expect(ids(alerts)).toEqual(["outreachHighErrorRate", "outreachSubmitFlood", "outreachWSNotReady"]);
    expect(alerts.every((a) => a.trigger && a.check && a.fix && a.escalate)).toBe(true);
    expect(rb.procedures).toHaveLength(4);
  });

  it("003 ERP/WMS: timeline, checkpoints, contacts, rollback, decision matrix, first 24 h", () => {
    const rb = load("erp");
    const phases = rb.timeline?.phases ?? [];
    expect(phases.map((p) => [p.start, p.end, p.tasks.length])).toEqual([
      ["06:00", "06:30", 4],
      ["06:30", "08:00", 4],
      ["08:00", "09:00", 5],
      ["09:00", "10:30", 7],
      ["10:30", "11:00", 4],
      ["11:00", "12:00", 4],
    ]);
    expect(phases.flatMap((p) => (p.checkpoint ? [[p.checkpoint.id, p.checkpoint.at]] : []))).toEqual([
      ["CHECKPOINT-1", "06:30"],
      ["CHECKPOINT-2", "08:00"],
      ["CHECKPOINT-3", "09:00"],
      ["CHECKPOINT-4", "10:30"],
    ]);
    expect(phases[3]?.checkpoint?.approvers).toBe("qa-lead");
    expect(phases[0]?.title).toBe("Phase 1: Chuẩn bị");
    expect(phases[0]?.tasks[2]?.title).toBe("Khóa hệ thống cũ (read-only)");
    expect(textOf("erp")).not.toMatch(/[√‚∆Ä]/); // no Mac Roman mojibake left
    expect(rb.timeline?.rollback_deadline).toBe("11:00");
    expect(rb.contacts.map((c) => c.role)).toEqual(["tech-lead", "dba", "devops", "qa-lead", "business-owner"]);
    expect(rb.rollback?.triggers).toHaveLength(4);
    expect(rb.rollback?.decision_matrix.map((d) => [d.severity, d.rollback])).toEqual([
      ["P3", "no"],
      ["P2", "disable_feature"],
      ["P1", "yes"],
      ["P1", "yes"],
    ]);
    expect(ids(rb.incidents?.severities ?? [])).toEqual(["P1", "P2", "P3"]);
    expect(rb.rollback?.procedure).toHaveLength(7);
    expect(rb.monitoring?.windows[0]?.metrics.map((m) => [m.target, m.alert])).toEqual([
      ["< 0.1%", "> 1%"],
      ["< 200ms", "> 500ms"],
      ["< 70%", "> 85%"],
      ["< 70%", "> 85%"],
      ["Baseline", "-50% or spike"],
    ]);
    expect(sectionItems(rb, "end-of-day-1")).toHaveLength(5);
    expect(rb.hypercare?.duration).toBe("24h");
    expect(rb.procedures).toHaveLength(5);
  });

  it("004 WhatsApp inbox: routine, readiness, severities, actions, recovery, rollback, template", () => {
    const rb = load("whatsapp");
    expect(rb.steps).toHaveLength(8);
    expect(rb.checks.find((c) => c.id === "readiness")?.config).toMatchObject({ run: "npm run ops:readiness", cwd: "${env:WA_INBOX_DIR}" });
    const severities = rb.incidents?.severities ?? [];
    expect(severities.map((s) => [s.id, s.communication?.update_every])).toEqual([
      ["P0", "10m"],
      ["P1", "10m"],
      ["P2", undefined],
      ["P3", undefined],
    ]);
    expect(rb.incidents?.immediate_actions).toHaveLength(5);
    expect(rb.procedures).toHaveLength(3);
    expect(rb.rollback?.procedure).toHaveLength(5);
    expect(rb.rollback?.window).toBe("15m");
    for (const field of ["{status}", "{start}", "{impact}", "{eta}"]) expect(rb.incidents?.template).toContain(field);
  });
});

// Each example broken in each way: the diagnostic must point at the offending token.
const BREAKS = ["yaml syntax", "duplicate key", "unknown key", "wrong type", "duplicate id", "dangling reference", "gate cycle", "bad condition", "bad condition (quoted)", "single ="] as const;
type Break = (typeof BREAKS)[number];

/** A broken copy of an example, with the line and column (1-based) the diagnostic must name. */
function broken(name: Name, how: Break): { text: string; line: number; col: number; message: string } {
  const lines = textOf(name).split("\n");
  const find = (re: RegExp, from = 0): number => {
    const i = lines.findIndex((l, j) => j >= from && re.test(l));
    if (i < 0) throw new Error(`${name}: no line matches ${String(re)}`);
    return i;
  };
  const at = (i: number, col: number, message: string) => ({ text: lines.join("\n"), line: i + 1, col, message });
  const meta = find(/^meta:$/);
  const title = find(/^ {2}title: /, meta);
  const checks = find(/^checks:$/);
  const firstCheck = find(/^ {2}- id: /, checks);
  const cond = find(/^ {4}conditions: [a-z_]+ /, firstCheck);
  const [, name0 = "", rest = ""] = /^ {4}conditions: ([a-z_]+)(.*)$/.exec(lines[cond] ?? "") ?? [];
  switch (how) {
    case "yaml syntax":
      lines[title] = `\t${(lines[title] ?? "").trimStart()}`;
      return at(title, 1, "Tabs are not allowed as indentation");
    case "duplicate key":
      lines.splice(title + 1, 0, "  title: again");
      return at(title + 1, 3, "Map keys must be unique");
    case "unknown key":
      lines.splice(meta + 1, 0, "  colour: red");
      return at(meta + 1, 3, "unknown key 'colour'");
    case "wrong type":
      lines[title] = "  title: 42";
      return at(title, 10, "expected string");
    case "duplicate id": {
      const check = ["    kind: command", '    config: { run: "true" }'];
      lines.splice(checks + 1, 0, "  - id: dup-check", ...check, "  - id: dup-check", ...check);
      return at(checks + 4, 9, "duplicate check id 'dup-check'");
    }
    case "dangling reference":
      lines.splice(firstCheck + 1, 0, "    needs: [nosuch-check]");
      return at(firstCheck + 1, 13, "unknown check 'nosuch-check'");
    case "gate cycle": {
      let gates = lines.findIndex((l) => l === "gates:");
      if (gates < 0) lines.splice((gates = lines.length - 1), 0, "gates:");
      const gate = (id: string, other: string) => [`  - id: ${id}`, `    title: ${id}`, `    requires: { gates: [${other}] }`];
      lines.splice(gates + 1, 0, ...gate("cycle-a", "cycle-b"), ...gate("cycle-b", "cycle-a"));
      return at(gates + 3, 24, "gate dependency cycle: cycle-a -> cycle-b -> cycle-a");
    }
    case "bad condition":
      lines[cond] = `    conditions: ${name0}x${rest}`;
      return at(cond, 17, `unknown name '${name0}x'`);
    case "bad condition (quoted)":
      lines[cond] = `    conditions: "${name0}x${rest}"`;
      return at(cond, 18, `unknown name '${name0}x'`);
    case "single =":
      lines[cond] = `    conditions: ${name0}${rest.replace(" == ", " = ")}`;
      return at(cond, 17 + name0.length + 1, "use == to compare");
  }
}

describe("broken examples are located at the offending token", () => {
  const cases = (Object.keys(FILES) as Name[]).flatMap((name) => BREAKS.map((how) => [name, how] as const));
  it.each(cases)("%s: %s", (name, how) => {
    const b = broken(name, how);
    const r = loadRunbookText(b.text, FILES[name], checkKinds);
    expect(r.ok).toBe(false);
    const diagnostics = r.ok ? [] : r.diagnostics;
    // A for_each check expands to several checks; the same problem at the same place counts once.
    const where = [...new Set(diagnostics.map((d) => `${d.file}:${d.line}:${d.col}`))];
    // A tab makes the YAML parser report follow-on errors on later lines; the first one is the tab.
    expect(how === "yaml syntax" ? where.slice(0, 1) : where).toEqual([`${FILES[name]}:${b.line}:${b.col}`]);
    expect(diagnostics[0]?.message).toContain(b.message);
  });
});

describe("golive validate on the examples", () => {
  const bin = new URL("../../bin/golive", import.meta.url).pathname;
  const run = (...files: string[]) => spawnSync(process.execPath, [bin, "validate", "-q", ...files], { encoding: "utf8" });

  it("exits 0 for all five", () => {
    const r = run(...Object.values(FILES).map((f) => new URL(`../../examples/${f}`, import.meta.url).pathname));
    expect([r.status, r.stderr]).toEqual([0, ""]);
  });

  it("exits 1 and prints FILE:LINE:COL for a broken copy", () => {
    const b = broken("erp", "dangling reference");
    const file = join(mkdtempSync(join(tmpdir(), "golive-examples-")), FILES.erp);
    writeFileSync(file, b.text);
    const r = run(file);
    expect(r.status).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe(`${file}:${b.line}:${b.col} checks[0].needs[0]: unknown check 'nosuch-check'`);
  });
});
