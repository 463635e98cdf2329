import { describe, expect, it } from "vitest";
import { parseCondition } from "../core/conditions/index.ts";
import { loadRunbookText } from "../format/load.ts";
import { checkKinds } from "./kinds.ts";
import { DEFAULT_CONDITIONS, planChecks } from "./plan.ts";
import { selectChecks } from "./select.ts";

const RB = `
golive: 1
meta: { id: t, title: T }
vars: { services: [iam, pos] }
sections:
  - id: s
    title: S
    items:
      - { id: i1, title: I1, check: via-item }
checks:
  - { id: base, kind: tcp, config: { host: 127.0.0.1, port: 1 } }
  - { id: direct, kind: http, config: { url: "http://127.0.0.1:1/" }, needs: [base] }
  - { id: via-item, kind: http, config: { url: "http://127.0.0.1:1/" } }
  - { id: nested, kind: dns, config: { name: x.test } }
  - { id: crit, kind: tls, config: { host: 127.0.0.1 } }
  - { id: probe, kind: http, config: { url: "http://127.0.0.1:1/{{service}}" }, for_each: { service: services } }
  - { id: soak, kind: load, config: { url: "http://127.0.0.1:1/", rate: 10, duration: 1m }, timeout: 5s, for: 10m }
  - { id: other, kind: tcp, config: { host: 127.0.0.1, port: 2 }, conditions: connected == false }
gates:
  - { id: G-1, title: One, requires: { checks: [direct], items: [i1], gates: [G-2] } }
  - { id: G-2, title: Two, requires: { checks: [nested], criteria: [c1] } }
waves:
  - id: W1
    title: W
    requires: { checks: [probe] }
    exit:
      - { id: c1, title: C, check: crit }
`;

const load = () => {
  const r = loadRunbookText(RB, "t.yaml", checkKinds);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.loaded;
};

describe("selectChecks", () => {
  it("takes a gate's checks, its items', its criteria's and its nested gates', with what they need", () => {
    expect(selectChecks(load(), { gates: ["G-1"] })).toEqual({ ok: true, ids: ["base", "direct", "via-item", "nested", "crit"] });
  });

  it("takes a wave's exit criteria and requirements, templates expanded", () => {
    expect(selectChecks(load(), { waves: ["W1"] })).toEqual({ ok: true, ids: ["crit", "probe[iam]", "probe[pos]"] });
  });

  it("takes named checks and adds up selectors; nothing selected means everything", () => {
    expect(selectChecks(load(), { only: ["other", "probe"] })).toEqual({ ok: true, ids: ["probe[iam]", "probe[pos]", "other"] });
    const all = selectChecks(load(), {});
    expect(all.ok && all.ids.length).toBe(9);
  });

  it("names an unknown id with a suggestion", () => {
    expect(selectChecks(load(), { gates: ["G-3"] })).toEqual({ ok: false, message: "unknown gate 'G-3'; did you mean 'G-1'?" });
    expect(selectChecks(load(), { only: ["drect"] })).toEqual({ ok: false, message: "unknown check 'drect'; did you mean 'direct'?" });
  });
});

describe("planChecks", () => {
  it("gives kind defaults to checks without conditions, and keeps written ones", () => {
    const [base, other] = planChecks(load(), ["base", "other"]);
    expect(base?.conditions.map((c) => c.source)).toEqual([DEFAULT_CONDITIONS.tcp]);
    expect(other?.conditions.map((c) => c.source)).toEqual(["connected == false"]);
    expect(base?.timeoutMs).toBe(10_000);
  });

  it("plans windows and load durations", () => {
    const [soak] = planChecks(load(), ["soak"]);
    expect(soak).toMatchObject({ forMs: 600_000, intervalMs: 10_000, timeoutMs: 60_000 + 5_000 + 5_000 });
  });
});

describe("DEFAULT_CONDITIONS", () => {
  it("parse and type-check against their kind", () => {
    for (const [kind, source] of Object.entries(DEFAULT_CONDITIONS)) {
      expect(parseCondition(source, checkKinds[kind as keyof typeof checkKinds].values).ok, `${kind}: ${source}`).toBe(true);
    }
  });
});
