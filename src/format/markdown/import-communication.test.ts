import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { imported } from "../../testing/import-check.ts";

// A communication plan that names no tier or severity (who to tell, where, when) is the
// go-live's own plan (`communication`), in every language the importer knows; one that names
// a tier or a severity stays theirs.

const plan = (header: string, row: string) => imported(["# Go", "", "## Plan", "", header, "|---|---|---|", row, "", "- [ ] Backup taken"].join("\n"));

describe("a communication plan without tiers", () => {
  const cases: [string, string, string, { audience: string[]; channels: string[]; when?: string; update_every?: string }][] = [
    ["pt", "| Grupo | Canal | Quando Comunicar |", "| Time de Dev | Slack #dev-cnpj | Sempre |", { audience: ["Time de Dev"], channels: ["Slack #dev-cnpj"], when: "Sempre" }],
    ["en", "| Team | Channel | When to communicate |", "| Executives | Email | Final go-live |", { audience: ["Executives"], channels: ["Email"], when: "Final go-live" }],
    ["en", "| Stakeholder | Channel | Frequency |", "| Support | #support | every 30m |", { audience: ["Support"], channels: ["#support"], update_every: "30m" }],
    ["vi", "| Nhóm | Kênh | Khi nào thông báo |", "| Đội Dev | Slack #dev | Luôn luôn |", { audience: ["Đội Dev"], channels: ["Slack #dev"], when: "Luôn luôn" }],
    ["id", "| Pemangku kepentingan | Saluran | Kapan diberitahu |", "| Tim QA | Email | Awal fase |", { audience: ["Tim QA"], channels: ["Email"], when: "Awal fase" }],
    ["es", "| Partes interesadas | Canal | Cuándo comunicar |", "| Soporte | Email | Siempre |", { audience: ["Soporte"], channels: ["Email"], when: "Siempre" }],
  ];
  for (const [lang, header, row, want] of cases) {
    it(`${lang}: ${header}`, () => {
      const { rb, report, status } = plan(header, row);
      expect(rb.communication).toEqual([want]);
      expect(report.unplaced).toEqual([]);
      // A plan is no task: the open item alone keeps the verdict NO-GO.
      expect(status.verdict).toBe("no_go");
    });
  }

  it("keeps a team's contacts (phone, backup) as contacts", () => {
    const { rb } = imported(["# Go", "", "| Team | Name | Phone | Channel |", "|---|---|---|---|", "| DBA | Bo | +62 811 | #db |", "", "- [ ] x"].join("\n"));
    expect(rb.contacts).toHaveLength(1);
    expect(rb.communication).toEqual([]);
  });

  it("lands the Portuguese corpus document's stakeholder table as its plan", () => {
    const { rb, report } = imported(readFileSync(join(import.meta.dirname, "corpus", "28-cnpj-go-live-pt.md"), "utf8"));
    expect(rb.communication.map((c) => [c.audience.join(), c.channels.join(), c.when])).toEqual([
      ["Time de Dev", "Slack #dev-cnpj", "Sempre"],
      ["Time de QA", "Slack #qa-cnpj", "Sempre"],
      ["SRE/DevOps", "Slack #sre-alerts", "Incidentes"],
      ["Product", "Email", "Início/Fim de fases"],
      ["Executivos", "Email", "Go-Live final"],
    ]);
    expect(report.unplaced.map((u) => u.line)).not.toContain(331);
    // Its references list is the runbook's links now, kept as written.
    expect(rb.meta.links.map((l) => l.url)).toEqual(["cenario-migracao.md", "plano-de-testes.md", "implementacao-testes.md", "../01-fundamentos/"]);
  });
});
