import { describe, expect, it } from "vitest";
import { History } from "./context.ts";

// History parses each fact's time once per fact object (a status reads the same facts again and
// again); a fact whose time text changed is read at its new time, never at a remembered one.

const fact = (id: string, at: string) => ({ id, at });

describe("History", () => {
  it("reads the latest fact at or before a time, the same on a second build from the same facts", () => {
    const facts = [fact("a", "2026-06-01T10:00:00Z"), fact("a", "2026-06-01T09:00:00Z"), fact("b", "2026-06-01T11:00:00Z")];
    for (let i = 0; i < 2; i++) {
      const h = new History(facts, (f) => f.id);
      expect(h.latest("a", Date.parse("2026-06-01T09:30:00Z"))).toBe(facts[1]);
      expect(h.latest("a", Date.parse("2026-06-01T12:00:00Z"))).toBe(facts[0]);
      expect(h.latest("b", Date.parse("2026-06-01T10:59:59Z"))).toBeUndefined();
      expect(h.countAfter(Date.parse("2026-06-01T09:30:00Z"))).toBe(2);
    }
  });

  it("reads a fact whose time was changed at its new time", () => {
    const f = fact("a", "2026-06-01T10:00:00Z");
    expect(new History([f], (x) => x.id).latest("a", Date.parse("2026-06-01T10:30:00Z"))).toBe(f);
    f.at = "2026-06-01T11:00:00Z";
    expect(new History([f], (x) => x.id).latest("a", Date.parse("2026-06-01T10:30:00Z"))).toBeUndefined();
  });
});
