import { describe, expect, it } from "vitest";
import { computeStatus } from "../engine/index.ts";
import type { HypercareFact } from "../model/facts.ts";
import { at, facts, load, now } from "../../testing/engine-kit.ts";
import { transitionEvents } from "./events.ts";

// Hypercare's extensions and its close as events: from the status, so a decision the rules
// refuse (recorded anyway, e.g. by a facts file) is never announced.

const rb = load(`
golive: 1
meta: { id: h, title: H, timezone: Asia/Ho_Chi_Minh, date: "2026-05-30" }
roles:
  - { id: po, title: PO, members: [pat] }
hypercare:
  duration: 1h
  owners: po
`);

const run = { run: { golive_at: at("09:00") } };
const snap = (hypercare: HypercareFact[], clock: string) => {
  const f = facts({ ...run, hypercare });
  return { status: computeStatus(rb, f, now(clock)), facts: f };
};
const hc = (e: ReturnType<typeof transitionEvents>) => e.filter((x) => x.type.startsWith("hypercare."));
const extend = (by: string, clock: string): HypercareFact => ({ action: "extend", by, at: at(clock), extend_by: "2h", comment: "backlog" });
const close = (by: string, clock: string): HypercareFact => ({ action: "close", by, at: at(clock) });

describe("hypercare events", () => {
  it("announces an owner's extension with the new end, and not one by someone else", () => {
    const refused = hc(transitionEvents(rb.runbook, snap([], "09:30"), snap([extend("mallory", "09:30")], "09:30"), 3));
    expect(refused).toEqual([]);
    const [e, ...rest] = hc(transitionEvents(rb.runbook, snap([], "09:30"), snap([extend("pat", "09:30")], "09:30"), 3));
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ type: "hypercare.extend", subject: "hypercare", key: "hypercare.extend:3", data: { by: "pat", extend_by: "2h", comment: "backlog", ends_at: new Date(at("12:00")).toISOString() } });
  });

  it("announces the close once, and not a close before the period ends", () => {
    expect(hc(transitionEvents(rb.runbook, snap([], "09:30"), snap([close("pat", "09:30")], "09:30"), 4))).toEqual([]);
    const closed = snap([close("pat", "10:30")], "10:30");
    expect(hc(transitionEvents(rb.runbook, snap([], "10:30"), closed, 4)).map((x) => [x.type, x.key, x.data.by])).toEqual([["hypercare.close", "hypercare.close:4", "pat"]]);
    expect(hc(transitionEvents(rb.runbook, closed, snap([close("pat", "10:30"), close("pat", "10:40")], "10:40"), 5))).toEqual([]);
  });
});
