import { afterEach, describe, expect, it } from "vitest";
import type { PlanJson } from "../views/plan-view.ts";
import { runCli } from "../testing.ts";

// `golive plan` on the seed runbooks: seed 003's cutover day against its 11:00 rollback deadline,
// seed 000's deploy steps with a fixed start.

const ERP = "examples/erp-wms-cutover.yaml";
const PANCAKE = "examples/pancake-crm-pilot.yaml";
const ON_TIME = "2026-01-31T06:00:00+07:00";
const LATE = "2026-01-31T09:30:00+07:00";

afterEach(() => {
  process.exitCode = 0;
});

async function plan(args: string[]): Promise<{ code: number; json: PlanJson }> {
  const r = await runCli(["plan", ...args, "--format", "json"]);
  return { code: r.code, json: JSON.parse(r.out) as PlanJson };
}

describe("golive plan on seed 003 (ERP/WMS cutover day)", () => {
  it("started on time fits the 11:00 rollback deadline; 3.5 h late it does not and the finish moves by 3.5 h", async () => {
    const onTime = await plan([ERP, "--start", ON_TIME]);
    expect(onTime.code).toBe(0);
    expect(onTime.json.fits_deadline).toBe(true);
    expect(onTime.json.rollback_deadline).toBe("2026-01-31T04:00:00.000Z");
    expect(onTime.json.finish).toBe("2026-01-31T04:00:00.000Z");
    expect(onTime.json.finish_task).toBe("t-1100");

    const late = await plan([ERP, "--start", LATE]);
    expect(late.code).toBe(1);
    expect(late.json.fits_deadline).toBe(false);
    const moved = Date.parse(late.json.finish) - Date.parse(onTime.json.finish);
    expect(moved).toBeGreaterThanOrEqual(3 * 3_600_000);
    expect(late.json.margin_minutes).toBe(-210);
    expect(late.json.tasks.filter((t) => t.planned_start !== null).every((t) => t.late)).toBe(true);
    expect(onTime.json.tasks.some((t) => t.late)).toBe(false);
  });

  it("has a critical path of at least 2 tasks, at least 20 tasks, none finishing before it starts", async () => {
    for (const start of [ON_TIME, LATE]) {
      const { json } = await plan([ERP, "--start", start]);
      expect(json.critical_path.length).toBeGreaterThanOrEqual(2);
      expect(json.critical_path.at(-1)).toBe("t-1100");
      expect(json.tasks.length).toBeGreaterThanOrEqual(20);
      for (const t of json.tasks) expect(Date.parse(t.finish), t.id).toBeGreaterThanOrEqual(Date.parse(t.start));
      for (const id of json.critical_path) expect(json.tasks.find((t) => t.id === id)?.slack, id).toBe(0);
    }
  });

  it("forecasts from the facts: phases that ran late push the finish past the deadline", async () => {
    const { code, json } = await plan([ERP, "--start", "2026-01-31T06:00:00+07:00", "--facts", "examples/facts/erp-cutover-day.json"]);
    expect(code).toBe(1);
    expect(Date.parse(json.finish)).toBeGreaterThan(Date.parse(json.rollback_deadline ?? ""));
  });
});

describe("golive plan on seed 000 (Pancake CRM deploy steps)", () => {
  it("holds the backfill's fixed 02:00 start and follows 9b after step 11", async () => {
    const { code, json } = await plan([PANCAKE, "--start", "2026-05-28T01:30:00+07:00"]);
    expect(code).toBe(0);
    expect(json.rollback_deadline).toBeNull();
    const at = (id: string) => json.tasks.find((t) => t.id === id);
    expect(json.tasks.map((t) => t.id)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9a", "9b", "10", "11", "12", "13", "14"]);
    expect(at("2")?.start).toBe("2026-05-27T19:00:00.000Z");
    expect(at("9b")?.start).toBe(at("11")?.finish);
    expect(json.critical_path).toEqual(["2", "3", "4", "5", "6", "7", "8", "9a", "10", "11", "12", "13", "14"]);
    expect(at("9b")?.slack).toBe(15);
  });
});

describe("golive plan usage", () => {
  it("exits 2 without --start, with a bad --start or format", async () => {
    expect((await runCli(["plan", ERP])).code).toBe(2);
    expect((await runCli(["plan", ERP, "--start", "06:00"])).code).toBe(2);
    expect((await runCli(["plan", ERP, "--start", ON_TIME, "--format", "xml"])).code).toBe(2);
  });

  it("prints a table with the finish against the deadline", async () => {
    const r = await runCli(["plan", ERP, "--start", LATE]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("Forecast finish: 14:30 (t-1100)");
    expect(r.out).toContain("does not fit: 3h 30m past it");
  });
});
