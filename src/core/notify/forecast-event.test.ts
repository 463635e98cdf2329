import { describe, expect, it } from "vitest";
import { computeStatus } from "../engine/index.ts";
import { at, facts, load, now } from "../../testing/engine-kit.ts";
import { routeTakes } from "./routes.ts";
import { forecastCrossing, transitionEvents } from "./events.ts";

// The forecast passing the rollback deadline: once per crossing, whether a fact (a task that ran
// long) or the clock (a running task overrunning) makes it cross.

const rb = load(`
golive: 1
meta: { id: f, title: F, timezone: Asia/Ho_Chi_Minh, date: "2026-05-30" }
timeline:
  rollback_deadline: "11:00"
  forecast: { finish: announce }
  phases:
    - id: p1
      title: Migrate
      start: "09:00"
      tasks:
        - { id: export, at: "09:00", title: Export, duration: 30m }
        - { id: migrate, at: "09:30", title: Migrate, duration: 60m }
        - { id: announce, at: "10:30", title: Announce, duration: 0m }
`);

const started = { run: { started_at: at("09:00") } };
const snap = (f: ReturnType<typeof facts>, clock: string) => ({ status: computeStatus(rb, f, now(clock)), facts: f });

describe("forecast.past_deadline", () => {
  it("a fact that makes the finish pass the deadline emits it once, keyed by the version", () => {
    const before = facts({ ...started, tasks: [{ task: "export", started_at: at("09:00"), ended_at: at("09:30") }, { task: "migrate", started_at: at("09:30") }] });
    const after = facts({ ...started, tasks: [{ task: "export", started_at: at("09:00"), ended_at: at("10:10") }, { task: "migrate", started_at: at("10:10") }] });
    expect(snap(before, "10:10").status.forecast?.fitsDeadline).toBe(true);
    const events = transitionEvents(rb.runbook, snap(before, "10:10"), snap(after, "10:10"), 7).filter((e) => e.type === "forecast.past_deadline");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ key: "forecast.past_deadline:7", data: { finish: new Date(at("11:10")).toISOString(), rollback_deadline: new Date(at("11:00")).toISOString(), margin_minutes: -10, finish_task: "announce" } });
    expect(events[0]?.title).toContain("by 10 min");
    // Still past after another fact: no new event.
    const later = facts({ ...started, tasks: [{ task: "export", started_at: at("09:00"), ended_at: at("10:10") }, { task: "migrate", started_at: at("10:10") }], items: [] });
    expect(transitionEvents(rb.runbook, snap(after, "10:20"), snap(later, "10:20"), 8).filter((e) => e.type === "forecast.past_deadline")).toEqual([]);
  });

  it("the clock crossing is announced by the sweep that saw it fit last, with the same key a fact would give", () => {
    const f = facts({ ...started, tasks: [{ task: "export", started_at: at("09:00"), ended_at: at("09:30") }, { task: "migrate", started_at: at("09:55") }] });
    const fits = computeStatus(rb, f, now("10:50"));
    expect(fits.forecast?.fitsDeadline).toBe(true);
    const past = computeStatus(rb, f, now("11:05"));
    expect(past.forecast?.fitsDeadline).toBe(false);
    expect(forecastCrossing(true, past, 12)?.key).toBe("forecast.past_deadline:12");
    expect(forecastCrossing(false, past, 12)).toBeUndefined();
    expect(forecastCrossing(undefined, past, 12)).toBeUndefined();
    expect(forecastCrossing(true, fits, 12)).toBeUndefined();
  });

  it("routes by family and severity", () => {
    expect(routeTakes({ events: ["forecast.*"], severities: [] }, { type: "forecast.past_deadline" })).toBe(true);
    expect(routeTakes({ events: ["incident.*"], severities: [] }, { type: "forecast.past_deadline" })).toBe(false);
    expect(routeTakes({ events: ["*"], severities: ["P1"] }, { type: "forecast.past_deadline" })).toBe(false);
    expect(routeTakes({ events: ["*"], severities: ["p1"] }, { type: "incident.opened", severity: "P1" })).toBe(true);
    expect(routeTakes({ events: ["gate.failed"], severities: ["P1"] }, { type: "test" })).toBe(true);
  });
});
