import { describe, expect, it } from "vitest";
import type { PlannedCheck } from "../checks/scheduler.ts";
import { splitCommandRound } from "./command-round.ts";

const check = (id: string, needs: string[] = []): PlannedCheck => ({
  id, kind: "http", config: {}, conditions: [], timeoutMs: 1000, retries: 0, count: 1, intervalMs: 1000, failureLimit: 0, inconclusiveLimit: 0, advisory: false, needs,
});
const ids = (r: { commands: PlannedCheck[]; others: PlannedCheck[] }) => ({ commands: r.commands.map((c) => c.id), others: r.others.map((c) => c.id) });

describe("splitting a round around its command checks", () => {
  it("keeps the commands, what needs them and what they need together, in the given order; the rest apart", () => {
    const round = [check("web"), check("db"), check("migrate", ["db"]), check("smoke", ["migrate"]), check("report", ["smoke"]), check("dns")];
    expect(ids(splitCommandRound(round, new Set(["migrate"])))).toEqual({ commands: ["db", "migrate", "smoke", "report"], others: ["web", "dns"] });
  });

  it("a round without commands, and one of commands only, stay whole", () => {
    const round = [check("web"), check("dns", ["web"])];
    expect(ids(splitCommandRound(round, new Set(["migrate"])))).toEqual({ commands: [], others: ["web", "dns"] });
    expect(ids(splitCommandRound([check("a"), check("b")], new Set(["a", "b"])))).toEqual({ commands: ["a", "b"], others: [] });
  });

  it("ignores needs outside the round", () => {
    expect(ids(splitCommandRound([check("migrate", ["elsewhere"]), check("web", ["elsewhere"])], new Set(["migrate"])))).toEqual({ commands: ["migrate"], others: ["web"] });
  });
});
