import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { checkKinds } from "../../checks/kinds.ts";
import { main } from "../../cli/main.ts";
import { computeStatus } from "../../core/engine/index.ts";
import { Facts } from "../../core/model/facts.ts";
import type { LoadedRunbook } from "../../core/model/validate.ts";
import { formatDiagnostic, loadRunbookText } from "../load.ts";
import { exportHtml, html } from "./export-html.ts";
import { exportMarkdown } from "./export-md.ts";
import { importMarkdown, runbookText } from "./import.ts";

const root = join(import.meta.dirname, "..", "..", "..");
const load = (text: string): LoadedRunbook => {
  const r = loadRunbookText(text, "t.yaml", checkKinds);
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join("\n"));
  return r.loaded;
};
const pancake = () => load(readFileSync(join(root, "examples", "pancake-crm-pilot.yaml"), "utf8"));
const w1Facts = () => Facts.parse(JSON.parse(readFileSync(join(root, "examples", "facts", "pancake-w1-passed.json"), "utf8")));
const at = new Date("2026-06-05T03:00:00Z");

describe("Markdown export", () => {
  it("writes the shapes teams write: checkboxes, gate table with status, criteria tables, steps, sign-offs", () => {
    const md = exportMarkdown(pancake().runbook);
    expect(md).toMatch(/^# Checklist phát hành/);
    expect(md).toContain("| # | Gate | Owner | Requires | Status |");
    expect(md).toMatch(/\| G-1 \| .* \| po \| .* \| pending \|/);
    expect(md).toContain("| ID | Criteria | Target | How measured | Check | Attested by | Condition |");
    expect(md).toContain("| # | Step | Owner | Command | Verify | Rollback | Window | Part of |");
    expect(md).toMatch(/^- \[ \] /m);
    expect(md).toContain("## Sign-off");
  });
  it("writes what tables have no column for as lines a team writes by hand", () => {
    const every = load(readFileSync(join(import.meta.dirname, "fixtures", "every-field.yaml"), "utf8"));
    const md = exportMarkdown(every.runbook, { templates: every.templates });
    expect(md).toContain("- [ ] Run migrations {#migrate check=db-ready owner=dba,ops due=+2h}\n  - Depends on: backup, freeze\n  - Notes: Takes 5 minutes.\n");
    expect(md).toContain("- [ ] Smoke tests green {#smoke owner=qa,ops due=2026-06-01T09:00+07:00}\n  - Depends on: migrate\n  - Evidence: required\n");
    expect(md).toContain("### Wave 1 — staff only {#W1 soak=1d cumulative=true}\n\n**Requires**: gates: G-1, G-2; items: smoke\n");
    expect(md).toMatch(/\| CP1 \| 08:55 \| CHECKPOINT: Go for deploy \{#CP1 quorum=2\} \| rm, qa \| gates: G-1; items: freeze; .* \| ☐ \|/);
    expect(md).toMatch(/\| 2b \| Deploy pay \|( [^|]* \|){5} 2 \| {2}\| 2a, 1 \|/);
    expect(md).toContain("## Hypercare\n\n**Duration**: 1w2d  \n**Starts after**: task P1-T3  \n**Owners**: ops, rm  \n**Green for**: 1d12h  \n**Windows**: first-day, week-1  \n"
      + "**Checks**: svc-health\\[cart\\], svc-health\\[pay\\]  \n**Items**: backup  \n**No open incidents**: P1  \n**No incidents**: P1, P2  \n**Sign-offs**: so-rm  \n**Early exit**: yes  \n\nOps watch the shop for a week.\n");
    expect(md).toContain("## Links\n\n- Design doc: `docs/design.md`\n- Dashboard: `https://grafana.example/d/shop?from=now-1h`\n");
  });
  it("fills in the live status when the run's facts are given", () => {
    const loaded = pancake();
    const status = computeStatus(loaded, w1Facts(), at);
    const md = exportMarkdown(loaded.runbook, { templates: loaded.templates, status });
    expect(md).toContain(status.go ? "> **GO**" : "> **NO-GO**");
    const done = status.items.filter((i) => i.state === "done");
    expect(done.length).toBeGreaterThan(0);
    for (const i of done) expect(md).toMatch(new RegExp(`^- \\[x\\] .*\\{#${i.id.replace(/[[\]]/g, "\\$&")}[ }]`, "m"));
    const w1 = status.waves.find((w) => w.id === "W1");
    expect(md).toContain(`*Status: ${w1?.state}`);
  });
  it("escapes Markdown so that text reads back as written", () => {
    const rb = load(`golive: 1
meta: { id: t, title: "A *b* [c] <d> | e_f _g_" }
sections:
  - id: s
    title: "Pipes | and \`code|x\`"
    items: [{ id: i1, title: "Run \`npm run a_b\` then *stop*", done: true }]
`);
    const back = importMarkdown(exportMarkdown(rb.runbook), checkKinds);
    const again = load(runbookText(back.runbook, "yaml"));
    expect(again.runbook.meta.title).toBe("A *b* [c] <d> | e_f _g_");
    expect(again.runbook.sections[0]?.title).toBe("Pipes | and `code|x`");
    expect(again.runbook.sections[0]?.items[0]).toMatchObject({ id: "i1", title: "Run `npm run a_b` then *stop*", done: true });
  });
});

describe("HTML report", () => {
  it("is self-contained and printable: inline CSS with print styles, no scripts, no external resources", () => {
    const page = exportHtml(pancake().runbook);
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain("@media print");
    expect(page).not.toMatch(/<script|<link|\ssrc=|\shref=|@import|url\(/i);
  });
  it("escapes every text", () => {
    const rb = load(`golive: 1
meta: { id: t, title: "<script>alert(1)</script>" }
gates: [{ id: G-1, title: "a <b> & \\"c\\"" }]
signoffs: [{ id: s1, title: "<img src=x onerror=y>", role: r }]
roles: [{ id: r }]
`);
    const page = exportHtml(rb.runbook);
    expect(page).not.toContain("<script>alert");
    expect(page).not.toContain("<img");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).toContain("a &lt;b&gt; &amp; &quot;c&quot;");
  });
  it("shows go / no-go, gates, waves, steps and sign-offs with the run's status and an audit summary", () => {
    const loaded = pancake();
    const facts = w1Facts();
    const status = computeStatus(loaded, facts, at);
    const page = exportHtml(loaded.runbook, { status, factCount: { items: facts.items.length } });
    expect(page).toContain(status.go ? ">GO</span>" : ">NO-GO</span>");
    for (const h of ["Gates", "Waves", "Deploy steps", "Sign-offs", "Audit summary"]) expect(page).toContain(`<h2>${h}`);
    expect(page).toContain(`<td>item ticks</td><td>${facts.items.length}</td>`);
    const passing = status.gates.filter((g) => g.state === "passing").length;
    expect((page.match(/class="state ok">passing</g) ?? []).length).toBe(passing);
    // The engine's reasons as its English catalogue says them.
    const reason = status.gates.flatMap((g) => g.reasons)[0];
    expect(reason).toBeDefined();
    expect(page).toContain(html(reason?.text ?? ""));
  });

  it("writes the report in Vietnamese and Indonesian: labels, states, reasons and times", () => {
    const loaded = pancake();
    const facts = w1Facts();
    const status = computeStatus(loaded, facts, at);
    const english = exportHtml(loaded.runbook, { status, factCount: { items: facts.items.length } });
    const englishLabels = [...english.matchAll(/<(?:h2|th)>([^<]+)</g)].map((m) => m[1] ?? "").filter((x) => x !== "#");
    expect(englishLabels.length).toBeGreaterThan(10);
    const reasons = status.gates.flatMap((g) => g.reasons);
    expect(reasons.length).toBeGreaterThan(0);
    for (const [lang, labels] of [["vi", ["Cổng", "Các bước triển khai", "Ký duyệt", "Tóm tắt nhật ký", "Phụ trách", "Trạng thái"]], ["id", ["Gerbang", "Langkah deploy", "Persetujuan", "Ringkasan audit", "Penanggung jawab"]]] as const) {
      const page = exportHtml(loaded.runbook, { status, factCount: { items: facts.items.length }, lang });
      expect(page).toContain(`<html lang="${lang}">`);
      for (const l of labels) expect(page, `${lang}: ${l}`).toContain(`>${l}<`);
      // No English heading or column is left (the runbook's own texts are the team's).
      const left = [...page.matchAll(/<(?:h2|th)>([^<]+)</g)].map((m) => m[1] ?? "").filter((x) => englishLabels.includes(x) && x !== "Status" && x !== "Target" && x !== "Rollback");
      expect(left, lang).toEqual([]);
      // States in words of the language, and the reasons said in it, not in English.
      expect(page).toContain(lang === "vi" ? "chờ" : "menunggu");
      for (const r of reasons) expect(page, `${lang}: ${r.code}`).not.toContain(html(r.text));
      expect(page).toContain(`<td>${lang === "vi" ? "đánh dấu mục" : "centang butir"}</td>`);
    }
  });
});

describe("CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "golive-import-"));
  afterEach(() => vi.restoreAllMocks());
  it("imports a seed to a file that validates, with a report on stderr", async () => {
    const err: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
    const out = join(dir, "003.yaml");
    const code = await main(["import", join(import.meta.dirname, "fixtures", "003_a20818a6074b355d.txt"), "-o", out, "--report"]);
    expect(code).toBe(0);
    expect(err.join("")).toContain("phases: 6");
    expect(await main(["validate", "-q", out])).toBe(0);
  });
  it("exits 1 when nothing is recognised, 2 on a bad format", async () => {
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(dir, "prose.md"), "Just words.\n");
    expect(await main(["import", join(dir, "prose.md"), "-o", join(dir, "x.yaml")])).toBe(1);
    expect(await main(["import", join(dir, "prose.md"), "--format", "xml"])).toBe(2);
    expect(await main(["export", join(root, "examples", "whatsapp-inbox.yaml"), "--format", "pdf"])).toBe(2);
  });
  it("exports HTML with facts to a file", async () => {
    const out = join(dir, "r.html");
    const code = await main(["export", join(root, "examples", "pancake-crm-pilot.yaml"), "--format", "html", "--facts", join(root, "examples", "facts", "pancake-w1-passed.json"), "--now", "2026-06-05T10:00:00+07:00", "-o", out]);
    expect(code).toBe(0);
    // The pilot's runbook is in Vietnamese: so is its report, unless --lang says otherwise.
    expect(readFileSync(out, "utf8")).toContain("<h2>Tóm tắt nhật ký</h2>");
    const args = ["export", join(root, "examples", "pancake-crm-pilot.yaml"), "--format", "html", "--facts", join(root, "examples", "facts", "pancake-w1-passed.json"), "--now", "2026-06-05T10:00:00+07:00", "-o", out];
    expect(await main([...args, "--lang", "en"])).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("<h2>Audit summary</h2>");
    const err: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((x) => (err.push(String(x)), true));
    expect(await main([...args, "--lang", "fr"])).toBe(2);
    expect(err.join("")).toContain("--lang must be en, vi, id, not 'fr'");
  });
});
