import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { reviewRun } from "../../core/engine/index.ts";
import { load } from "../../testing/engine-kit.ts";
import { loadFactsText } from "../facts-file.ts";
import { exportHtml } from "./export-html.ts";

// The review in the HTML report: seed 003's cutover day as of 09:40, in the three languages.

const loaded = load(readFileSync(new URL("../../../examples/erp-wms-cutover.yaml", import.meta.url), "utf8"));
const factsFile = loadFactsText(readFileSync(new URL("../../../examples/facts/erp-cutover-day.json", import.meta.url), "utf8"), "erp.json");
if (!factsFile.ok) throw new Error("the example facts do not load");
const review = reviewRun(loaded, factsFile.facts, new Date("2026-01-31T09:40:00+07:00"));

describe("the review section of the HTML report", () => {
  it("is computed from the run: phases that ended finish their tasks, the finish is forecast 30 min late", () => {
    expect(review.tasks).toHaveLength(28);
    expect(review.tasks.find((t) => t.id === "t-0620")?.actualFinish).toBe(new Date("2026-01-31T06:34:00+07:00").toISOString());
    expect(review.finished).toBe(false);
    expect(review.finishVarianceMs).toBe(30 * 60_000);
    expect(review.checkpoints.find((c) => c.id === "CHECKPOINT-1")?.decision).toBe("go");
  });

  it.each([
    ["en", "Review: planned against actual", "Critical path as run"],
    ["vi", "Đánh giá: kế hoạch so với thực tế", "Đường găng thực tế"],
    ["id", "Tinjauan: rencana dibanding realisasi", "Jalur kritis saat berjalan"],
  ] as const)("%s: heading, critical paths and a row per task", (lang, heading, critical) => {
    const page = exportHtml(loaded.runbook, { review, lang });
    expect(page).toContain(heading);
    expect(page).toContain(critical);
    expect(page).toContain("t-0600 · Team standup call");
    expect(page).toContain("End-to-end test: Order → Stock");
  });
});
