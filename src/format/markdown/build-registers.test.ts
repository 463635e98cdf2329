import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkKinds } from "../../checks/kinds.ts";
import { computeStatus } from "../../core/engine/index.ts";
import { Facts } from "../../core/model/facts.ts";
import type { Runbook } from "../../core/model/runbook.ts";
import { formatDiagnostic, loadRunbookText } from "../load.ts";
import { isAnswer } from "./build-registers.ts";
import { statusState } from "./tables.ts";
import { importMarkdown, reportText, runbookText } from "./import.ts";

// Risk, open-question and inventory tables: each row an item the section's readiness waits for,
// done only when the document plainly says so, located by its source line.

function imported(md: string) {
  const r = importMarkdown(md, checkKinds);
  const loaded = loadRunbookText(runbookText(r.runbook, "yaml"), "doc.yaml", checkKinds);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map(formatDiagnostic).join("\n"));
  const rb = loaded.loaded.runbook;
  const items = rb.sections.flatMap(function all(s): Runbook["sections"][number]["items"] { return [...s.items, ...s.sections.flatMap(all)]; });
  const status = computeStatus(loaded.loaded, Facts.parse({}), new Date("2026-06-01T00:00:00Z"));
  return { report: r.report, rb, items, status };
}
const table = (rows: string[][]) => rows.map((r, i) => [`| ${r.join(" | ")} |`, ...(i === 0 ? [`|${r.map(() => "---").join("|")}|`] : [])]).flat();

describe("risk tables", () => {
  it("English: each risk an item owned by its owner, mitigation in place, the other cells its notes, located", () => {
    const { items, status, report, rb } = imported([
      "# OmniStudio go-live", "", "## Risks", "",
      ...table([["Risk", "Impact", "Likelihood", "Mitigation", "Owner"],
        ["DataRaptor limits hit on bulk load", "High", "Medium", "Batch size 200, tested in UAT", "Tech Lead"],
        ["Integration Procedure timeout", "Medium", "Low", "Raise timeout to 120 s", "Integration Lead"]]),
    ].join("\n"));
    expect(items.map((i) => [i.title, i.owner, i.done ?? false, i.optional])).toEqual([
      ["Mitigation in place: DataRaptor limits hit on bulk load", "tech-lead", false, false],
      ["Mitigation in place: Integration Procedure timeout", "integration-lead", false, false],
    ]);
    expect(items[0]?.notes).toBe("Impact: High; Likelihood: Medium; Mitigation: Batch size 200, tested in UAT");
    expect(rb.roles.map((r) => r.id)).toEqual(["tech-lead", "integration-lead"]);
    expect(status.verdict).toBe("no_go");
    expect(report.counts.risks).toBe(2);
    expect(report.unplaced).toEqual([]);
    expect(report.located).toEqual([{ line: 7, what: "risk", id: items[0]?.id }, { line: 8, what: "risk", id: items[1]?.id }]);
    expect(reportText(report)).toContain(`line 7: risk -> item ${items[0]?.id ?? ""}`);
  });

  it("Indonesian and Vietnamese headers; a status that says mitigated closes the row, nothing else does", () => {
    const id = imported(["# Go-live", "", "## Risiko", "", ...table([["Risiko", "Dampak", "Mitigasi", "PIC", "Status"],
      ["Data ganda saat migrasi", "Tinggi", "Dedup sebelum impor", "DBA", "Teratasi"], ["Lonjakan beban", "Sedang", "Autoscale", "DevOps", "Belum"]])].join("\n"));
    expect(id.items.map((i) => [i.title, i.owner, i.done ?? false])).toEqual([
      ["Mitigasi sudah diterapkan: Data ganda saat migrasi", "dba", true], ["Mitigasi sudah diterapkan: Lonjakan beban", "devops", false],
    ]);
    expect(id.status.verdict).toBe("no_go");
    const vi = imported(["# Go-live", "", "## Rủi ro", "", ...table([["Rủi ro", "Ảnh hưởng", "Giảm thiểu", "Người phụ trách"],
      ["Mất dữ liệu khi chuyển đổi", "Cao", "Sao lưu trước 22:00", "DBA"]])].join("\n"));
    expect(vi.items.map((i) => [i.title, i.owner, i.notes])).toEqual([["Đã có biện pháp giảm thiểu: Mất dữ liệu khi chuyển đổi", "dba", "Ảnh hưởng: Cao; Giảm thiểu: Sao lưu trước 22:00"]]);
  });

  it("hostile: a risk table without owners still blocks GO, and says how many risks have nobody", () => {
    const { items, status, report } = imported(["# Go-live", "", "## Risks", "", ...table([["Risk", "Impact", "Mitigation"], ["Vendor outage", "High", "✅"], ["", "", ""], ["Cert expiry", "", ""]])].join("\n"));
    expect(items.map((i) => [i.title, i.owner ?? null, i.done ?? false])).toEqual([["Mitigation in place: Vendor outage", null, false], ["Mitigation in place: Cert expiry", null, false]]);
    expect(report.counts.risks_without_owner).toBe(2);
    expect(status.verdict).toBe("no_go");
  });

  it("a Risk ID column gives the id and the description the title; a risk column that only rates leaves the title to the threat", () => {
    const a = imported(["# Go-live", "", ...table([["Risk ID", "Description", "Owner", "Status"], ["RISK-001", "Vendor misses the environment date", "PM", "Open"], ["RISK-002", "Test data unlike production", "BA", "Complete"]])].join("\n"));
    expect(a.items.map((i) => [i.id, i.title, i.done ?? false, i.notes ?? null])).toEqual([
      ["RISK-001", "Mitigation in place: Vendor misses the environment date", false, "Status: Open"], ["RISK-002", "Mitigation in place: Test data unlike production", true, "Status: Complete"],
    ]);
    const b = imported(["# Go-live", "", ...table([["ID", "Description", "Risk", "Mitigation", "Owner"], ["T1", "Client-supplied tenant id trusted", "Critical", "Server-side tenant context", "Security"]])].join("\n"));
    expect(b.items.map((i) => [i.id, i.title, i.notes])).toEqual([["T1", "Mitigation in place: Client-supplied tenant id trusted", "Risk: Critical; Mitigation: Server-side tenant context"]]);
  });

  it("a risk table whose cells lost their separators: each line one open item, a trailing Done closes nothing without a status column", () => {
    const { items, status } = imported(["# Go-live", "", "## Risks", "", "RiskImpactMitigationOwner", "Vendor outage High Retry queue DBA Done", "Cert expiry Medium Renew early SecOps"].join("\n"));
    expect(items.map((i) => [i.title, i.done ?? false, i.notes ?? null])).toEqual([
      ["Mitigation in place: Vendor outage High Retry queue DBA", false, null], ["Mitigation in place: Cert expiry Medium Renew early SecOps", false, null],
    ]);
    expect(status.verdict).toBe("no_go");
  });

  it("a risk row whose risk cell is empty is reported with its line, not dropped", () => {
    const { report } = imported(["# Go-live", "", ...table([["Risk", "Owner"], ["", "DBA"], ["Lock contention", "DBA"]])].join("\n"));
    expect(report.unplaced).toMatchObject([{ line: 5, block: "table row" }]);
    expect(report.counts.risks).toBe(1);
  });
});

describe("question and decision tables", () => {
  it("English: an answered question is done with its answer in the notes; blank, TBD and ? stay open and block GO", () => {
    const { items, status, report } = imported(["# Go-live", "", "## Open questions", "", ...table([["Question", "Answer", "Owner"],
      ["Is SSO enabled for all agents?", "Yes, via Okta since 05/20", "IT"], ["Who approves the data load?", "", "PM"], ["Freeze window?", "TBD", "PM"], ["Fallback org?", "?", ""]])].join("\n"));
    expect(items.map((i) => [i.title, i.done ?? false, i.owner ?? null])).toEqual([
      ["Is SSO enabled for all agents?", true, "it"], ["Who approves the data load?", false, "pm"], ["Freeze window?", false, "pm"], ["Fallback org?", false, null],
    ]);
    expect(items[0]?.notes).toBe("Answer: Yes, via Okta since 05/20");
    expect(report.counts.questions_open).toBe(3);
    expect(status.verdict).toBe("no_go");
    expect(report.located.map((l) => [l.line, l.what])).toEqual([[7, "question"], [8, "question"], [9, "question"], [10, "question"]]);
  });

  it("hostile: an Answer cell that says done, with a blank status, answers nothing and nothing reads GO", () => {
    const { items, status } = imported(["# Go-live", "", "## Decisions", "", ...table([["Question", "Answer", "Status"],
      ["Go-live date agreed with the customer?", "done", ""], ["Rollback owner named?", "Ana (DevOps)", ""], ["Pricing approved?", "✅", "Done"]])].join("\n"));
    expect(items.map((i) => i.done ?? false)).toEqual([false, false, false]);
    expect(status.verdict).toBe("no_go");
    // Without a status column a bare tick still answers nothing.
    const alone = imported(["# Go-live", "", ...table([["Question", "Answer"], ["Data migrated?", "done"], ["Legal ok?", "x"]])].join("\n"));
    expect(alone.items.map((i) => i.done ?? false)).toEqual([false, false]);
    expect(alone.status.verdict).toBe("no_go");
  });

  it("Vietnamese and Indonesian: chưa and belum are no answer; a status column closes only an answered row", () => {
    const vi = imported(["# Go-live", "", "## Câu hỏi mở", "", ...table([["Câu hỏi", "Câu trả lời", "Người phụ trách", "Trạng thái"],
      ["Khách hàng đã chốt ngày go-live?", "Chưa", "PM", ""], ["Đã có tài khoản test?", "Có, 20 tài khoản", "QA", "Đã trả lời"]])].join("\n"));
    expect(vi.items.map((i) => [i.title, i.done ?? false])).toEqual([["Khách hàng đã chốt ngày go-live?", false], ["Đã có tài khoản test?", true]]);
    expect(vi.status.verdict).toBe("no_go");
    const id = imported(["# Go-live", "", "## Pertanyaan terbuka", "", ...table([["Pertanyaan", "Jawaban", "PIC"],
      ["Siapa yang menyetujui rollback?", "Belum ada keputusan", "PM"], ["Apakah data master sudah final?", "Ya, dikunci 28/05", "BA"]])].join("\n"));
    expect(id.items.map((i) => [i.title, i.done ?? false, i.notes])).toEqual([
      ["Siapa yang menyetujui rollback?", false, "Jawaban: Belum ada keputusan"], ["Apakah data master sudah final?", true, "Jawaban: Ya, dikunci 28/05"],
    ]);
  });

  it("Question | Owner | Status: the status closes a row (resolved, with what was decided); TBD and Unassigned own nothing", () => {
    const { items, rb } = imported(["# Go-live", "", "## Open questions", "", ...table([["#", "Question", "Owner", "Status"],
      ["OQ-1", "Hosted platform choice", "TBD", "open"], ["OQ-2", "Storage compromise signed off?", "Unassigned", "resolved → table per type"], ["OQ-3", "Backfill plan?", "—", "leaning toward a script"]])].join("\n"));
    expect(items.map((i) => [i.id, i.done ?? false, i.owner ?? null])).toEqual([["OQ-1", false, null], ["OQ-2", true, null], ["OQ-3", false, null]]);
    expect(rb.roles).toEqual([]);
  });

  it("an FAQ table is reference, reported with its line, not items", () => {
    const { items, report } = imported(["# Launch", "", "## FAQ", "", ...table([["Question", "Answer"], ["Is it free?", "Yes"]])].join("\n"));
    expect(items).toEqual([]);
    expect(report.unplaced).toMatchObject([{ line: 5, block: "table" }]);
  });

  it("bullets under an Open questions heading are open items even beside checkbox tasks, in en, vi and id", () => {
    const { items, status } = imported([
      "# Go-live", "", "## Checklist", "", "- [x] Backup taken", "",
      "## Open questions before go-live", "", "- Who approves the data load?", "",
      "## Câu hỏi mở", "", "- Ai duyệt rollback?", "", "## Pertanyaan terbuka", "", "- Siapa PIC malam cutover?", "",
      "## Requirements", "", "- A verified account",
    ].join("\n"));
    expect(items.map((i) => [i.title, i.done ?? false])).toEqual([
      ["Backup taken", true], ["Who approves the data load?", false], ["Ai duyệt rollback?", false], ["Siapa PIC malam cutover?", false],
    ]);
    expect(status.verdict).toBe("no_go");
  });

  it("what counts as an answer", () => {
    expect(["", " ", "?", "??", "TBD", "tbd", "Chưa", "belum", "Pending", "…", "-", "done", "✅", "x", "n/a", "Open"].filter(isAnswer)).toEqual([]);
    expect(["Yes", "No", "Có", "Tidak", "Ya, dikunci", "Okta SSO", "Ana (DevOps)"].every(isAnswer)).toBe(true);
  });
});

describe("component inventory tables", () => {
  it("each component an item to deploy and verify, its version in the title, in the table's language", () => {
    const en = imported(["# OmniStudio go-live", "", "## Components", "", ...table([["Component", "Type", "Version", "Owner"],
      ["Account Onboarding", "OmniScript", "v3", "Salesforce Dev"], ["Get Account Data", "Integration Procedure", "v7", "Salesforce Dev"]])].join("\n"));
    expect(en.items.map((i) => [i.title, i.owner, i.notes, i.done ?? false])).toEqual([
      ["Deployed and verified: Account Onboarding v3", "salesforce-dev", "Type: OmniScript; Version: v3", false],
      ["Deployed and verified: Get Account Data v7", "salesforce-dev", "Type: Integration Procedure; Version: v7", false],
    ]);
    expect(en.status.verdict).toBe("no_go");
    expect(en.report.located.map((l) => l.what)).toEqual(["component", "component"]);
    const vi = imported(["# Go-live", "", "## Thành phần", "", ...table([["Thành phần", "Loại", "Phiên bản", "Trạng thái"], ["API đơn hàng", "service", "2.4.1", "Đã triển khai"]])].join("\n"));
    expect(vi.items.map((i) => [i.title, i.done ?? false])).toEqual([["Đã triển khai và kiểm tra: API đơn hàng 2.4.1", true]]);
    const id = imported(["# Go-live", "", "## Komponen", "", ...table([["Komponen", "Jenis", "Versi", "PIC"], ["Layanan pembayaran", "service", "1.2", "Backend"]])].join("\n"));
    expect(id.items.map((i) => [i.title, i.owner])).toEqual([["Sudah dideploy dan diverifikasi: Layanan pembayaran 1.2", "backend"]]);
  });

  it("a status of choices (Deployed / Not deployed) closes nothing", () => {
    const { items, status } = imported(["# Go-live", "", ...table([["Component", "Version", "Status"], ["Flexcard", "v2", "Deployed / Not deployed"]])].join("\n"));
    expect(items.map((i) => i.done ?? false)).toEqual([false]);
    expect(status.verdict).toBe("no_go");
  });
});

describe("registers never read GO while a row is open (fast-check, fixed seed)", () => {
  const answers = ["", "?", "TBD", "Chưa", "belum", "done", "✅", "x", "Yes", "Okta SSO", "Không", "Pending", "n/a", "Ya"];
  const statuses = ["", "Done", "done", "Pending", "Answered", "Mitigated", "Deployed", "Đã triển khai", "Teratasi", "Belum", "Done / Pending", "❌", "Accepted"];
  const row = fc.tuple(fc.constantFrom("Q one?", "Rủi ro A", "Komponen B"), fc.constantFrom(...answers), fc.constantFrom(...statuses), fc.constantFrom("", "DBA", "PM"));
  const headers = {
    questions: [["Question", "Answer", "Owner", "Status"], ["Câu hỏi", "Câu trả lời", "Người phụ trách", "Trạng thái"], ["Pertanyaan", "Jawaban", "PIC", "Status"]],
    risks: [["Risk", "Mitigation", "Owner", "Status"], ["Rủi ro", "Giảm thiểu", "Người phụ trách", "Trạng thái"], ["Risiko", "Mitigasi", "PIC", "Status"]],
    inventory: [["Component", "Version", "Owner", "Status"], ["Thành phần", "Phiên bản", "Người phụ trách", "Trạng thái"], ["Komponen", "Versi", "PIC", "Status"]],
  };
  const closing = { questions: ["answered"], risks: ["mitigated", "teratasi"], inventory: ["deployed", "đã triển khai"] };
  const kind = fc.constantFrom<keyof typeof headers>("questions", "risks", "inventory");

  it("GO only when every row's status closes it (and, for a question, an answer is there)", () => {
    let gos = 0;
    fc.assert(
      fc.property(kind, fc.nat(2), fc.array(row, { minLength: 1, maxLength: 5 }), (k, lang, rows) => {
        const header = headers[k][lang] ?? [];
        const { status, items } = imported(["# Go-live", "", "## Register", "", ...table([header, ...rows.map(([a, b, c, d]) => [a, b, d, c])])].join("\n"));
        const closed = (r: (typeof rows)[number]) => (statusState(r[2]) === "done" || closing[k].includes(r[2].toLowerCase())) && (k !== "questions" || isAnswer(r[1]));
        expect(items).toHaveLength(rows.length);
        if (status.verdict === "go") {
          gos++;
          expect(rows.every(closed)).toBe(true);
        } else expect(rows.every(closed)).toBe(false);
      }),
      // A register whose rows are all closed: GO is reached on any seed, not by luck of the draw.
      { seed: 20261206, numRuns: 120, examples: [["risks", 0, [["Rủi ro A", "", "Mitigated", "DBA"]]], ["questions", 1, [["Q one?", "Okta SSO", "Answered", "PM"]]]] },
    );
    // Not vacuous: some registers were all closed and read GO (the examples are, on every seed).
    expect(gos).toBeGreaterThan(0);
  });
});
