import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { computeStatus } from "../../core/engine/index.ts";
import { facts, load } from "../../testing/engine-kit.ts";
import { exportHtml } from "./export-html.ts";

// The hypercare section of the HTML report: seed 003's 24 h after the 11:00 go-live, every
// first-24h threshold green for the whole period, the end-of-day checklist done, a P3 during it,
// closed by the tech lead at 11:05 the next day; and the same run the evening before, still open.

const loaded = load(readFileSync(new URL("../../../examples/erp-wms-cutover.yaml", import.meta.url), "utf8"));
const at = (d: string, clock: string) => `2026-01-${d}T${clock}:00+07:00`;
const checks = loaded.runbook.monitoring?.windows[0]?.metrics.flatMap((m) => [m.check, m.alert_check]).filter((c) => c !== undefined) ?? [];
const items = loaded.runbook.hypercare?.exit?.items ?? [];
const run = facts({
  run: { golive_at: at("31", "11:00"), date: "2026-01-31" },
  assignments: { "tech-lead": ["tina"] },
  checks: checks.flatMap((check) => [{ check, outcome: "pass", at: at("31", "11:00") }, { check, outcome: "pass", at: at("31", "22:00") }]),
  items: items.map((item) => ({ item, state: "done", by: "tina", at: at("31", "22:30") })),
  incidents: [{ id: "INC-7", title: "Label printer offline", severity: "P3", opened_at: at("31", "14:00"), opened_by: "sam", resolved_at: at("31", "15:00") }],
  hypercare: [{ action: "close", by: "tina", at: "2026-02-01T11:05:00+07:00", comment: "stable; handed over to support" }],
});

describe("the hypercare section of the HTML report", () => {
  it("the run closed hypercare with every criterion met", () => {
    const h = computeStatus(loaded, run, new Date("2026-02-01T12:00:00+07:00")).hypercare;
    expect(h).toMatchObject({ state: "closed", closedBy: "tina", criteriaHold: true, incidents: ["INC-7"] });
    expect(h?.criteria).toHaveLength(15);
  });

  it.each([
    ["en", "Hypercare", "Closed by tina at", "Label printer offline", "No incident of P1, P2 during hypercare", "met"],
    ["vi", "Hypercare (hỗ trợ sau go-live)", "tina đã đóng lúc", "Label printer offline", "Không có sự cố P1, P2 trong hypercare", "đáp ứng"],
    ["id", "Masa hypercare", "Ditutup oleh tina pada", "Label printer offline", "Tidak ada insiden P1, P2 selama hypercare", "terpenuhi"],
  ] as const)("%s: period, criteria outcome, incidents during it, who closed it", (lang, title, closed, incident, rule, met) => {
    const page = exportHtml(loaded.runbook, { status: computeStatus(loaded, run, new Date("2026-02-01T12:00:00+07:00")), lang });
    const section = page.slice(page.indexOf(`<h2>${title}`));
    expect(section).toContain(closed);
    expect(section).toContain("stable; handed over to support");
    expect(section).toContain(incident);
    expect(section).toContain(rule);
    expect(section).toContain(met);
    // Started at the go-live, ended 24 h later: times in the runbook's zone.
    expect(section.match(/11[:.]00/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it("says what is still open before the close, and escapes what the run wrote", () => {
    const evening = computeStatus(loaded, facts({ ...run, hypercare: [], incidents: [{ id: "INC-8", title: "<script>x</script>", severity: "P2", opened_at: at("31", "16:00"), opened_by: "sam" }] }), new Date("2026-01-31T20:00:00+07:00"));
    const page = exportHtml(loaded.runbook, { status: evening, lang: "en" });
    const section = page.slice(page.indexOf("<h2>Hypercare"));
    expect(section).toContain("Still open: hypercare runs until");
    expect(section).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(section).not.toContain("<script>");
  });
});
