import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkKinds } from "../../checks/kinds.ts";
import { formatDiagnostic, loadRunbookText } from "../load.ts";
import { importMarkdown, runbookText } from "./import.ts";

// Hypercare from the documents teams write: seed 003's "Hypercare: 24h đầu tiên" with its
// first-24h metrics and its end-of-day-1 checklist becomes a hypercare with an exit rule; a
// hypercare section under a Vietnamese or Indonesian heading is read with its owners, sign-offs
// and incident rules.

const fixtures = join(import.meta.dirname, "fixtures");
const rbOf = (md: string) => {
  const r = importMarkdown(md, checkKinds);
  const loaded = loadRunbookText(runbookText(r.runbook, "yaml"), "imported.yaml", checkKinds);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map(formatDiagnostic).join("\n"));
  return { rb: loaded.loaded.runbook, report: r.report };
};

describe("hypercare in imported documents", () => {
  it("seed 003: 24 h, the first-24h thresholds green for 24 h, the end-of-day-1 checklist, no P1/P2 during it", () => {
    const file = readdirSync(fixtures).find((f) => f.startsWith("003_"));
    const { rb } = rbOf(readFileSync(join(fixtures, file ?? ""), "utf8"));
    const window = rb.monitoring?.windows.find((w) => rb.hypercare?.exit?.windows.includes(w.id));
    expect(window?.title).toBe("Metrics to Watch (First 24h)");
    expect(window?.metrics.map((m) => [m.title, m.target, m.alert])).toEqual([
      ["Error rate", "< 0.1%", "> 1%"], ["Response p95", "< 200ms", "> 500ms"], ["CPU usage", "< 70%", "> 85%"], ["Memory usage", "< 70%", "> 85%"], ["Active users", "Baseline", "-50% or spike"],
    ]);
    expect(rb.hypercare).toMatchObject({ duration: "24h", owners: "team", exit: { green_for: "24h", incidents: { none_opened: ["P1", "P2"], no_open: [] } } });
    const items = rb.sections.flatMap((s) => [s, ...s.sections]).flatMap((s) => s.items);
    expect(rb.hypercare?.exit?.items.map((id) => items.find((i) => i.id === id)?.title)).toEqual([
      "No P1/P2 incidents", "All critical flows working", "User feedback collected", "Metrics within targets", "Next day plan confirmed",
    ]);
  });

  it.each([
    ["vi", "## Giai đoạn hỗ trợ sau triển khai", ["**Thời gian**: 2 tuần  ", "**Bắt đầu sau**: wave W4  ", "**Owners**: ops  ", "**Xanh liên tục**: 7 ngày  ", "**Ký duyệt**: handover  ", "**Không có sự cố đang mở**: P0, P1  "]],
    ["id", "## Pendampingan pasca go-live", ["**Durasi**: 2 minggu  ", "**Dimulai setelah**: wave W4  ", "**Penanggung jawab**: ops  ", "**Hijau selama**: 7 hari  ", "**Persetujuan**: handover  ", "**Tidak ada insiden terbuka**: P0, P1  "]],
    ["id", "## Masa hypercare", ["**Durasi**: 2 minggu  ", "**Dimulai setelah**: wave W4  ", "**Owner**: ops  ", "**Hijau selama**: 7 hari  ", "**Persetujuan**: handover  ", "**Tidak ada insiden terbuka**: P0, P1  "]],
  ] as const)("%s heading %s: period, start, owners, sign-offs, incident rule", (_lang, heading, lines) => {
    const md = [
      "# Go-live", "", "## Roles", "", "| Role | Name |", "|---|---|", "| Ops | |", "",
      "## Waves", "", "### W4 {#W4}", "",
      "## Sign-off", "", "| ID | Sign-off | Signer | Status |", "|---|---|---|---|", "| handover | Handover to support | ops | pending |", "",
      heading, "", ...lines, "",
    ].join("\n");
    const { rb, report } = rbOf(md);
    expect(report.dropped).toEqual([]);
    expect(rb.hypercare).toMatchObject({ duration: "2w", starts_after: { kind: "wave", id: "W4" }, owners: "ops", exit: { green_for: "7d", signoffs: ["handover"], incidents: { no_open: ["P0", "P1"] } } });
  });
});
