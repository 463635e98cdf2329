import { describe, expect, it } from "vitest";
import { computeStatus } from "./index.ts";
import { at, facts, load, now, result, plain } from "../../testing/engine-kit.ts";

const RB = `
golive: 1
meta: { id: t, title: T, timezone: Asia/Ho_Chi_Minh, date: "2026-05-30" }
vars: { services: [iam, pos] }
roles: [{ id: ops, members: [an] }]
checks:
  - { id: health, kind: http, config: { url: "http://127.0.0.1:1/healthz" }, conditions: ["status == 200"] }
sections:
  - id: pre
    title: Pre-flight
    items:
      - { id: backup, title: Backup taken, evidence: required, due: "08:00" }
      - { id: restore, title: Restore tested, depends_on: [backup] }
      - { id: health-ok, title: Health OK, check: health }
      - { id: smoke, title: Smoke test, due: "+30m" }
      - { id: report, title: Report, due: "2026-05-30T10:00+07:00" }
      - { id: imported, title: Ticked in the document, done: true }
  - id: svc
    title: "Service {{service}}"
    for_each: { service: services }
    items:
      - { id: svc-image, title: "Image of {{service}} pinned" }
`;

const item = (s: ReturnType<typeof computeStatus>, id: string) => {
  const found = s.items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
};

describe("items", () => {
  const loaded = load(RB);

  it("start not done; a document's ticked box counts as done; templates expand", () => {
    const s = computeStatus(loaded, facts(), now("07:00"));
    expect(item(s, "backup").state).toBe("not_done");
    expect(item(s, "imported").state).toBe("done");
    expect(s.items.map((i) => i.id)).toContain("svc-image[pos]");
  });

  it("the latest fact decides: done, failed, not applicable", () => {
    const f = facts({
      items: [
        { item: "smoke", state: "failed", by: "an", at: at("07:00"), note: "login 500" },
        { item: "smoke", state: "done", by: "an", at: at("07:30") },
        { item: "report", state: "done", by: "an", at: at("07:10") },
        { item: "report", state: "failed", by: "an", at: at("07:20"), note: "typo" },
        { item: "svc-image[iam]", state: "not_applicable", by: "an", at: at("07:00") },
      ],
    });
    const s = computeStatus(loaded, f, now("08:00"));
    expect(item(s, "smoke").state).toBe("done");
    expect(item(s, "report").state).toBe("failed");
    expect(plain(item(s, "report").reasons[0])).toBe("‘Report’ failed (an 07:20: typo)");
    expect(item(s, "svc-image[iam]").state).toBe("not_applicable");
    // As of 07:15 the report was still done: facts after `now` do not count.
    expect(item(computeStatus(loaded, f, now("07:15")), "report").state).toBe("done");
  });

  it("evidence: required means done only with evidence", () => {
    const without = computeStatus(loaded, facts({ items: [{ item: "backup", state: "done", by: "an", at: at("07:00") }] }), now("07:30"));
    expect(item(without, "backup").state).toBe("not_done");
    expect(plain(item(without, "backup").reasons[0])).toMatch(/needs evidence/);
    const withIt = computeStatus(loaded, facts({ items: [{ item: "backup", state: "done", by: "an", at: at("07:00"), evidence: [{ kind: "link", value: "https://x/backup.log" }] }] }), now("07:30"));
    expect(item(withIt, "backup").state).toBe("done");
    expect(item(withIt, "backup").evidence).toBe(1);
  });

  it("an automated item follows its check, not ticks", () => {
    const ticked = facts({ items: [{ item: "health-ok", state: "done", by: "an", at: at("07:00") }] });
    expect(item(computeStatus(loaded, ticked, now("07:30")), "health-ok").state).toBe("not_done");
    const failing = facts({ checks: [result("health", "fail", at("07:10"), ["status (500) == 200"])] });
    const s = computeStatus(loaded, failing, now("07:30"));
    expect(item(s, "health-ok").state).toBe("failed");
    expect(plain(item(s, "health-ok").reasons[0])).toBe("check health failed 07:10: status (500) == 200");
    const passing = facts({ checks: [result("health", "fail", at("07:10")), result("health", "pass", at("07:20"))] });
    expect(item(computeStatus(loaded, passing, now("07:30")), "health-ok").state).toBe("done");
  });

  it("depends_on not done blocks", () => {
    const s = computeStatus(loaded, facts(), now("07:00"));
    expect(item(s, "restore").state).toBe("blocked");
    expect(plain(item(s, "restore").reasons)).toEqual(["‘Restore tested’ waits for ‘Backup taken’ (not_done)"]);
    const done = facts({ items: [{ item: "backup", state: "done", by: "an", at: at("06:00"), evidence: [{ kind: "text", value: "ok" }] }] });
    expect(item(computeStatus(loaded, done, now("07:00")), "restore").state).toBe("not_done");
  });

  it("overdue for HH:MM on the run date, +30m after go-live, and ISO", () => {
    const before = computeStatus(loaded, facts(), now("07:59"));
    expect(item(before, "backup").overdue).toBe(false);
    expect(item(before, "backup").due).toBe("2026-05-30T01:00:00.000Z");
    const after = computeStatus(loaded, facts(), now("08:00"));
    expect(item(after, "backup").overdue).toBe(true);
    expect(plain(item(after, "backup").reasons)).toContain("‘Backup taken’ was due 08:00");
    // +30m has no due time until go-live happens.
    expect(item(after, "smoke").due).toBeUndefined();
    const live = facts({ run: { golive_at: at("09:00") } });
    expect(item(computeStatus(loaded, live, now("09:29")), "smoke").overdue).toBe(false);
    expect(item(computeStatus(loaded, live, now("09:30")), "smoke").overdue).toBe(true);
    expect(item(computeStatus(loaded, facts(), now("10:01")), "report").overdue).toBe(true);
    // Done items are never overdue.
    const done = facts({ items: [{ item: "report", state: "done", by: "an", at: at("09:00") }] });
    expect(item(computeStatus(loaded, done, now("11:00")), "report").overdue).toBe(false);
  });

  it("a run date in the facts moves clock times to that day (a rehearsal)", () => {
    const rehearsal = facts({ run: { date: "2026-05-23" } });
    const s = computeStatus(loaded, rehearsal, now("08:30", "2026-05-23"));
    expect(item(s, "backup").due).toBe("2026-05-23T01:00:00.000Z");
    expect(item(s, "backup").overdue).toBe(true);
  });
});
