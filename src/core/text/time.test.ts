import { describe, expect, it } from "vitest";
import { formatCountdown, formatDateTime, formatMinutes, formatRelative, formatTime } from "./time.ts";

describe("time formatting", () => {
  it("shows times in the runbook's time zone, whatever the reader's", () => {
    expect(formatTime("2026-05-30T01:20:00Z", "Asia/Ho_Chi_Minh", "en-GB")).toBe("08:20");
    expect(formatTime("2026-05-30T01:20:05Z", "Asia/Jakarta", "id-ID", true)).toBe("08.20.05");
    expect(formatDateTime("2026-05-30T01:20:00Z", "Asia/Ho_Chi_Minh", "en-GB")).toBe("30 May 2026, 08:20");
    expect(formatTime(undefined, "UTC", "en-GB")).toBe("—");
  });

  it("counts down as H:MM:SS", () => {
    expect(formatCountdown(7 * 60_000 + 5_000)).toBe("7:05");
    expect(formatCountdown(3_600_000 + 61_000)).toBe("1:01:01");
    expect(formatCountdown(-90_000)).toBe("1:30");
  });

  it("says spans in the reader's language", () => {
    expect(formatRelative(7 * 60_000, "en-GB")).toBe("in 7 minutes");
    expect(formatRelative(-2 * 3_600_000, "en-GB")).toBe("2 hours ago");
    expect(formatRelative(7 * 60_000, "vi-VN")).toBe("sau 7 phút nữa");
    expect(formatMinutes(65, "en-GB")).toBe("1 hr 5 mins");
    expect(formatMinutes(-20, "en-GB")).toBe("−20 mins");
    expect(formatMinutes(3 * 24 * 60 + 60, "en-GB")).toBe("3 days 1 hr");
    expect(formatMinutes(5, "vi-VN")).toBe("5 phút");
  });
});
