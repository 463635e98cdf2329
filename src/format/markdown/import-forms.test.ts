import { describe, expect, it } from "vitest";
import { imported } from "../../testing/import-check.ts";
import { decisionLine, signLine } from "./build-forms.ts";

// What three real documents (German, Spanish, Portuguese go-live checklists, corpus 26-28) showed:
// checkboxes drawn as characters, template blanks for owners, approval tables and signature lines,
// decisions with their choices, rollback criteria and processes, tables of contents, text drawn in
// code blocks. Each is read as the team meant it, and none of it reads as done or as GO.

describe("importer: forms, drawn checkboxes and approvals", () => {
  it("a ☐ bullet (with or without a dash) is an open task, a ☑ one a done task; the box leaves the title", () => {
    const { items, status } = imported(["# Go-Live", "", "## Bereit", "- ☐ Backup getestet", "☐ Runbooks vorhanden", "- ☑ Monitoring eingerichtet", ""].join("\n"));
    expect(items.map((i) => [i.title, i.done])).toEqual([["Backup getestet", false], ["Runbooks vorhanden", false], ["Monitoring eingerichtet", true]]);
    expect(status.verdict).toBe("no_go");
  });

  it("a table whose title cells open with ☐ is a checklist; an empty box keeps the row open whatever its status says; no column is dropped", () => {
    const { items, rb } = imported([
      "# Go-live", "", "## Documentação", "",
      "| Item | Responsável | Status | Evidência |", "|---|---|---|---|",
      "| ☐ Runbook criado | DevOps | 🔄 | wiki |", "| ☐ Plano de rollback | Dev Lead | Done | |", "| ☑ Backup feito | [TODO] | | |", "",
      "## Dashboards", "", "| Dashboard | URL | Responsável |", "|---|---|---|", "| ☐ Taxa de erro | | SRE |", "",
    ].join("\n"));
    expect(items.map((i) => [i.title, i.done ?? false, i.owner, i.notes])).toEqual([
      ["Runbook criado", false, "devops", "Evidência: wiki"],
      ["Plano de rollback", false, "dev-lead", undefined],
      ["Backup feito", true, undefined, undefined],
      ["Taxa de erro", false, "sre", undefined],
    ]);
    // "[TODO]" names nobody: no role is made of a template's blank.
    expect(rb.roles.map((r) => r.id)).toEqual(["devops", "dev-lead", "sre"]);
  });

  it("an approvals table makes sign-offs of the approver column's roles, titled by what is approved", () => {
    const { rb, status } = imported([
      "# Go-live", "", "## Aprovações", "", "| Aprovação | Aprovador | Data | Status |", "|---|---|---|---|",
      "| ☐ QA Sign-off | QA Lead | | 🔄 |", "| ☐ Go/No-Go final | Steering Committee | | Done |", "",
    ].join("\n"));
    expect(rb.signoffs.map((s) => [s.id, s.title, s.role])).toEqual([["qa-sign-off", "QA Sign-off", "qa-lead"], ["go-no-go-final", "Go/No-Go final", "steering-committee"]]);
    // A status cell never gives a signature: the run's signers do.
    expect(status.verdict).toBe("no_go");
  });

  it("signature lines under an approval heading are sign-offs; a YES / NO or ☐ ja ☐ nein line is an open decision item", () => {
    const { rb, items, status, report } = imported([
      "# Checklist", "", "## Pruebas", "- [x] Tests pasan", "", "## ✅ Final Approval", "",
      "- Developer: _________________ Fecha: _______", "- Tech Lead: _________________ Fecha: _______", "- DevOps (si aplica): _________ Fecha: _______", "",
      "**Deploy autorizado: YES / NO**", "", "## Übergabe", "- Datum: [TODO]", "- Freigabe: ☐ ja ☐ nein", "",
    ].join("\n"));
    expect(rb.signoffs.map((s) => [s.title, s.role])).toEqual([["Developer", "developer"], ["Tech Lead", "tech-lead"], ["DevOps (si aplica)", "devops"]]);
    expect(items.map((i) => [i.title, i.done])).toEqual([["Tests pasan", true], ["Deploy autorizado: YES", false], ["Freigabe: ja", false]]);
    expect(report.counts.decisions_to_record).toBe(2);
    // Everything ticked but the decisions and signatures: still NO-GO.
    expect(status.verdict).toBe("no_go");
  });

  it("rollback criteria bullets are rollback triggers and a numbered list under a rollback heading its procedure, not tasks before go", () => {
    const { rb, items } = imported([
      "# Checklist", "", "## Deploy", "- [ ] Backup", "", "## 🚨 Rollback Criteria", "", "**Rollback inmediato si:**",
      "- Error rate > 10%", "- Health checks failing > 5 min", "", "**Proceso:**", "1. Ejecutar rollback command", "2. Notificar stakeholders", "",
    ].join("\n"));
    expect(rb.rollback?.triggers.map((t) => t.title)).toEqual(["Error rate > 10%", "Health checks failing > 5 min"]);
    expect(rb.rollback?.procedure.map((s) => s.title)).toEqual(["Ejecutar rollback command", "Notificar stakeholders"]);
    expect(items.map((i) => i.title)).toEqual(["Backup"]);
  });

  it("a rollout phases table keeps every column: a phase that is only a number takes the next cell in its title; a criteria heading's condition table makes triggers", () => {
    const { rb } = imported([
      "# Go-live", "", "## Plano de Rollout", "", "| Fase | % Tráfego | Duração | Critério de Avanço |", "|---|---|---|---|",
      "| 0 | Shadow only | 1 semana | 0 divergências |", "| 1 | 1% | 3 dias | Taxa erro < 0.01% |", "",
      "## Triggers de Rollback", "", "| Condição | Ação Automática | Ação Manual |", "|---|---|---|", "| Taxa erro > 1% | Reduz para 0% | Investigar |", "",
    ].join("\n"));
    expect(rb.waves.map((w) => [w.title, w.description, w.exit.map((c) => c.title)])).toEqual([
      ["Fase 0 — Shadow only", "% Tráfego: Shadow only; Duração: 1 semana", ["0 divergências"]],
      ["Fase 1 — 1%", "% Tráfego: 1%; Duração: 3 dias", ["Taxa erro < 0.01%"]],
    ]);
    expect(rb.rollback?.triggers.map((t) => t.title)).toEqual(["Taxa erro > 1% — Ação Automática: Reduz para 0%; Ação Manual: Investigar"]);
  });

  it("under a plain rollback heading a numbered list is the procedure only when led in as one; otherwise it is readiness work that stays required", () => {
    const ready = imported(["# Go-live", "", "## Rollback plan", "", "1. Rollback script tested in staging", "2. Backup restore verified", ""].join("\n"));
    expect(ready.items.map((i) => i.title)).toEqual(["Rollback script tested in staging", "Backup restore verified"]);
    expect(ready.status.verdict).toBe("no_go");
    const how = imported(["# Go-live", "", "## Rollback plan", "- [ ] Backup taken", "", "**Steps:**", "1. Disable the flag", "2. Redeploy the previous tag", ""].join("\n"));
    expect(how.rb.rollback?.procedure.map((x) => x.title)).toEqual(["Disable the flag", "Redeploy the previous tag"]);
    expect(how.items.map((i) => i.title)).toEqual(["Backup taken"]);
  });

  it("a table of contents is reported, not made items; text drawn in a code block is a step with notes, never a command", () => {
    const { items, rb, report } = imported([
      "# Go-live", "", "## Sumário", "", "1. [Pré-Requisitos](#1-pré-requisitos)", "2. [Rollback](#7-rollback)", "",
      "## 1. Pré-Requisitos", "- [ ] Backup", "", "## 7. Rollback", "", "```text",
      "┌──────────────────────────┐", "│ PROCEDIMENTO DE ROLLBACK │", "│ 1. IDENTIFICAR           │", "│    ☐ Verificar alertas   │", "└──────────────────────────┘", "```", "",
    ].join("\n"));
    expect(items.map((i) => i.title)).toEqual(["Backup"]);
    expect(report.unplaced.map((u) => u.reason)).toContain("a table of contents (links to the document's own headings)");
    expect(rb.rollback?.procedure).toEqual([{ title: "PROCEDIMENTO DE ROLLBACK", notes: "1. IDENTIFICAR\n☐ Verificar alertas" }]);
  });

  it("checkboxes drawn inside a framed text block before go are open items; a configuration block keeps every indent", () => {
    const { items, rb } = imported([
      "# Go-live", "", "## 2.1 Qualidade", "", "```text", "┌────────────────────────────┐", "│ CRITÉRIOS DE QUALIDADE      │",
      "│ ☐ Lint: 0 erros             │", "│ Cobertura: ___% (mín 90%) ☐ OK │", "└────────────────────────────┘", "```", "",
      "## 4.3 Configurações", "", "```yaml", "# Configuração inicial", "cnpj:", "  rollout:", "    percentage: 0", "```", "",
    ].join("\n"));
    expect(items.map((i) => [i.title, i.done])).toEqual([["Lint: 0 erros", false], ["Cobertura: ___% (mín 90%)", false]]);
    expect(rb.sections[0]?.description).toBe("CRITÉRIOS DE QUALIDADE");
    expect(rb.procedures.map((p) => [p.title, p.steps.map((x) => [x.title, x.command])])).toEqual([
      ["4.3 Configurações", [["Configuração inicial", "# Configuração inicial\ncnpj:\n  rollout:\n    percentage: 0"]]],
    ]);
  });

  it("criteria tables by level: the criterion names the row, a Vérifié column of [ ] is its status, a risk column stays a note, a desirable level is optional", () => {
    const { items, status, report } = imported([
      "# Critères Go/No-Go", "", "### 🔴 Bloquants (NO-GO absolu)", "", "| Critère | Seuil | Vérifié |", "|---|---|---|",
      "| Plan de rollback | Testé et documenté | [x] |", "", "### 🟡 Importants", "", "| Critère | Seuil | Vérifié | Si non, risque |", "|---|---|---|---|",
      "| Adoption beta | > 50% | [ ] | Rejet utilisateurs |", "", "### 🟢 Souhaitables (pas bloquants)", "", "| Critère | Seuil | Vérifié |", "|---|---|---|",
      "| ROI calculé | Positif | [ ] |", "", "### Si NO-GO", "- [ ] Raisons documentées", "", "### Si GO", "- [ ] Date de déploiement fixée", "",
    ].join("\n"));
    expect(items.map((i) => [i.title, i.done ?? false, i.optional ?? false, i.notes])).toEqual([
      ["Plan de rollback", true, false, "Seuil: Testé et documenté"],
      ["Adoption beta", false, false, "Seuil: > 50%; Si non, risque: Rejet utilisateurs"],
      ["ROI calculé", false, true, "Seuil: Positif"],
      ["Raisons documentées", false, true, undefined],
      ["Date de déploiement fixée", false, false, undefined],
    ]);
    expect(report.counts.optional_by_heading).toBe(2);
    // What applies after GO and every blocking or important criterion stays required.
    expect(status.verdict).toBe("no_go");
  });

  it("decision and signature lines: what counts as one", () => {
    expect(decisionLine("Freigabe: ☐ ja ☐ nein")).toEqual({ label: "Freigabe", choices: "☐ ja ☐ nein", first: "ja" });
    expect(decisionLine("Proceed? YES / NO")?.first).toBe("YES");
    expect(decisionLine("Consensus Decision: ☐ GO LIVE / ☐ NO-GO / ☐ DELAY")?.first).toBe("GO LIVE");
    expect(decisionLine("Verified: Done")).toBeUndefined();
    expect(decisionLine("Backup: ☐ taken")).toBeUndefined();
    expect(signLine("Code Reviewer: _____________ Fecha: _______")).toBe("Code Reviewer");
    expect(signLine("QA: [Name]")).toBe("QA");
    expect(signLine("Tech Lead: Carol")).toBeUndefined();
  });
});

describe("a signature form and a contacts list outside any approval table", () => {
  const doc = (tail: string[]) => ["# Go-live", "", "## Checklist", "", "- [x] Backup taken", "- [x] DNS switched", "", "## Emergency Contacts", "- **Technical Lead**: [Contact Info]", "- **DBA**: Bo, +84 90 123 4567, #db", "", "---", "", ...tail].join("\n");

  it("makes each signature asked for a sign-off to collect: every task done, still NO-GO until it is signed", () => {
    const { rb, report, status } = imported(doc(["**Signature**: _____________________ **Date**: _____________________", "", "**Role**: _____________________ **Name**: _____________________"]));
    expect(rb.signoffs.map((s) => [s.title, s.role])).toEqual([["Signature", "release-manager"]]);
    expect(report.counts.signature_forms).toBe(1);
    // The form's second line (who signs, when) is part of it, not an unplaced block.
    expect(report.unplaced).toEqual([]);
    expect(status.verdict).toBe("no_go");
    expect(status.signoffs.map((s) => s.state)).not.toContain("signed");
  });

  it("in Vietnamese and Indonesian too; a line of blanks that asks for no signature stays reported", () => {
    expect(imported(doc(["Chữ ký: __________ Ngày: __________"])).rb.signoffs.map((s) => s.title)).toEqual(["Chữ ký"]);
    expect(imported(doc(["Tanda tangan: ........ Tanggal: ........"])).rb.signoffs.map((s) => s.title)).toEqual(["Tanda tangan"]);
    const plain = imported(doc(["**Role**: ________ **Name**: ________"]));
    expect(plain.rb.signoffs).toEqual([]);
    expect(plain.report.unplaced.map((u) => u.reason)).toEqual(["text outside a recognised part"]);
  });

  it("makes each `Role: value` line under a contacts heading a contact of that role", () => {
    const { rb } = imported(doc([]));
    expect(rb.contacts).toEqual([{ role: "technical-lead" }, { role: "dba", name: "Bo", phone: "+84 90 123 4567", channel: "#db" }]);
    expect(rb.roles.map((r) => r.title)).toEqual(expect.arrayContaining(["Technical Lead", "DBA"]));
  });
});
