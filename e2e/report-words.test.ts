import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkKinds } from "../src/checks/kinds.ts";
import { importMarkdown } from "../src/format/markdown/import.ts";
import { sayUnplaced } from "../web/src/features/new-run/report-words.ts";

// The dashboard's import report's "not placed" list in Vietnamese and Indonesian: every block and reason the
// importer gives for the five seed documents is said in both, not left in English.

const SEEDS = new URL("../src/format/markdown/fixtures/", import.meta.url);

describe("the import report's unplaced blocks in the reader's language", () => {
  const unplaced = readdirSync(SEEDS)
    .filter((f) => f.endsWith(".txt"))
    .flatMap((f) => importMarkdown(readFileSync(new URL(f, SEEDS), "utf8"), checkKinds).report.unplaced);

  it("has blocks to say (the seeds leave some)", () => {
    expect(unplaced.length).toBeGreaterThan(5);
  });

  it.each(["vi", "id"] as const)("says every seed's unplaced block and reason in %s", (lang) => {
    const english = unplaced.filter((u) => {
      const said = sayUnplaced(lang, u);
      return said.block === u.block || said.reason === u.reason;
    });
    expect(english.map((u) => `${u.block}: ${u.reason}`)).toEqual([]);
  });

  it("leaves English as it is, and an unknown reason as written", () => {
    expect(sayUnplaced("en", { block: "table", reason: "x" })).toEqual({ block: "table", reason: "x" });
    expect(sayUnplaced("vi", { block: "table", reason: "a brand-new reason" })).toEqual({ block: "bảng", reason: "a brand-new reason" });
    expect(sayUnplaced("id", { block: "table", reason: "timeline table outside a place for it" }).reason).toBe("tabel timeline di luar tempatnya");
  });
});
