import { describe, expect, it } from "vitest";
import { checkKinds } from "../checks/kinds.ts";
import { allItems } from "../core/model/expand.ts";
import { formatDiagnostic, loadRunbookText, type Diagnostic } from "./load.ts";

const HEAD = `golive: 1
meta:
  id: demo
  title: Demo
roles:
  - id: devops
    members: [minh]
`;

function errors(text: string): Diagnostic[] {
  const r = loadRunbookText(text, "rb.yaml", checkKinds);
  if (r.ok) throw new Error("expected diagnostics, got a valid runbook");
  return r.diagnostics;
}

function lines(text: string): string[] {
  return errors(text).map(formatDiagnostic);
}

describe("loadRunbookText", () => {
  it("loads a valid runbook and parses its conditions once", () => {
    const r = loadRunbookText(
      `${HEAD}checks:
  - id: healthz
    kind: http
    config: { url: "\${env:APP_URL}/healthz" }
    conditions: ["status == 200", "latency < 1s"]
gates:
  - { id: G-1, title: Healthy, owner: devops, requires: { checks: [healthz] } }
`,
      "rb.yaml",
      checkKinds,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.loaded.conditions.get("healthz")).toHaveLength(2);
    expect(r.loaded.runbook.gates[0]?.requires.checks).toEqual(["healthz"]);
  });

  it("locates a YAML syntax error", () => {
    const out = errors(`golive: 1\nmeta:\n  id: demo\n  title: [unclosed\n`);
    expect(out[0]?.message).toMatch(/^YAML: /);
    expect(out[0]?.line).toBeGreaterThanOrEqual(4);
  });

  it("reports a duplicate YAML key where it stands", () => {
    const out = lines(`golive: 1\nmeta:\n  id: demo\n  title: A\n  title: B\n`);
    expect(out[0]).toMatch(/^rb\.yaml:5:3 YAML: .*unique/);
  });

  it("names an unknown key at the key, with a did-you-mean", () => {
    expect(lines(`${HEAD}gates:\n  - id: G-1\n    titel: Ready\n`)).toEqual([
      "rb.yaml:9:5 gates[0]: missing required field 'title' (expected string)",
      "rb.yaml:10:5 gates[0].titel: unknown key 'titel'; did you mean 'title'?",
    ]);
    const out = lines(`${HEAD}gates:\n  - id: G-1\n    title: Ready\n    ownr: devops\n`);
    expect(out).toEqual(["rb.yaml:11:5 gates[0].ownr: unknown key 'ownr'; did you mean 'owner'?"]);
  });

  it("says which type was expected, at the value", () => {
    const out = lines(`${HEAD}waves:\n  - id: W1\n    title: Wave 1\n    soak: 7\n`);
    expect(out).toEqual(["rb.yaml:11:11 waves[0].soak: expected string, received number"]);
  });

  it("rejects a malformed duration with what was expected", () => {
    const out = lines(`${HEAD}waves:\n  - id: W1\n    title: Wave 1\n    soak: 7 days\n`);
    expect(out[0]).toBe("rb.yaml:11:11 waves[0].soak: a duration such as 30s, 5m, 2h, 7d or 1h30m");
  });

  it("reports duplicate ids, dangling references and cycles all at once", () => {
    const out = lines(`${HEAD}gates:
  - { id: G-1, title: A, requires: { gates: [G-2] } }
  - { id: G-2, title: B, requires: { gates: [G-1] } }
  - { id: G-2, title: C }
  - { id: G-3, title: D, owner: devopz, requires: { checks: [healthz] } }
`);
    expect(out).toEqual([
      "rb.yaml:9:45 gates[0].requires.gates: gate dependency cycle: G-1 -> G-2 -> G-1",
      "rb.yaml:11:11 gates[2].id: duplicate gate id 'G-2' (first at gates[1])",
      "rb.yaml:12:33 gates[3].owner: unknown role 'devopz'; did you mean 'devops'?",
      "rb.yaml:12:62 gates[3].requires.checks[0]: unknown check 'healthz'",
    ]);
  });

  it("points into a condition at the token that is wrong", () => {
    const out = lines(`${HEAD}checks:
  - id: healthz
    kind: http
    config: { url: "http://127.0.0.1:1/healthz" }
    conditions:
      - "status == 200"
      - latency < 5
`);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^rb\.yaml:14:19 checks\[0\]\.conditions\[1\]: condition: .*duration/);
  });

  it("type-checks names against the check kind's values", () => {
    const out = lines(`${HEAD}checks:
  - id: healthz
    kind: http
    config: { url: "http://127.0.0.1:1/healthz" }
    conditions: statsu == 200
`);
    expect(out[0]).toMatch(/^rb\.yaml:12:17 checks\[0\]\.conditions: condition: .*statsu.*status/);
  });

  it("validates a check's config against its kind and suggests a kind", () => {
    const out = lines(`${HEAD}checks:
  - id: a
    kind: htp
    config: { url: x }
  - id: b
    kind: sql
    config: { url: "\${env:DB}" }
`);
    expect(out[0]).toMatch(/^rb\.yaml:10:11 checks\[0\]\.kind: unknown check kind 'htp'.*did you mean 'http'/);
    expect(out[1]).toMatch(/^rb\.yaml:14:13 checks\[1\]\.config: sql config: missing required field 'query' \(expected string\)$/);
  });

  it("expands for_each once per value and resolves template references", () => {
    const r = loadRunbookText(
      `${HEAD}vars:
  services: [iam, order]
sections:
  - id: per-service
    title: "Service {{service}}"
    owner: devops
    for_each: { service: services }
    items:
      - { id: live, title: "{{service}} is live", check: live }
checks:
  - id: live
    for_each: { service: services }
    kind: http
    config: { url: "http://127.0.0.1:1/{{service}}/health/live" }
    conditions: status == 200
gates:
  - { id: G-1, title: All live, requires: { items: [live], checks: [live] } }
`,
      "rb.yaml",
      checkKinds,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const items = allItems(r.loaded.runbook);
    expect(items.map((i) => [i.id, i.title, i.check, i.owner])).toEqual([
      ["live[iam]", "iam is live", "live", "devops"],
      ["live[order]", "order is live", "live", "devops"],
    ]);
    expect(r.loaded.runbook.checks.map((c) => [c.id, c.config.url])).toEqual([
      ["live[iam]", "http://127.0.0.1:1/iam/health/live"],
      ["live[order]", "http://127.0.0.1:1/order/health/live"],
    ]);
    expect(r.loaded.templates.get("live")).toEqual(["live[iam]", "live[order]"]);
  });

  it("names an unknown for_each list", () => {
    const out = lines(`${HEAD}sections:\n  - id: s\n    title: S\n    for_each: { service: servics }\n    items: []\n`);
    expect(out[0]).toMatch(/^rb\.yaml:11:\d+ sections\[0\]\.for_each\.service: unknown list 'servics'/);
  });

  it("points at the token inside escaped, block and folded conditions", () => {
    const base = `${HEAD}checks:\n  - id: h\n    kind: http\n    config: { url: "http://127.0.0.1:1/" }\n`;
    const escaped = lines(`${base}    conditions: "headers[\\"x-frame-options\\"] == \\"DENY\\" and statuz == 200"\n`);
    expect(escaped[0]).toMatch(/^rb\.yaml:12:63 .*statuz/);
    const block = lines(`${base}    conditions: >-\n      status == 200 and\n      statuz == 200\n`);
    expect(block[0]).toMatch(/^rb\.yaml:14:7 .*statuz/);
    const folded = lines(`${base}    conditions: status == 200 and\n      statuz == 200\n`);
    expect(folded[0]).toMatch(/^rb\.yaml:13:7 .*statuz/);
  });
});
