import { describe, expect, it } from "vitest";
import { en } from "./en.ts";
import { id } from "./id.ts";
import { detectLang, fill } from "./lang.ts";
import { SAME_IN_EVERY_LANGUAGE } from "./same.ts";
import { vi } from "./vi.ts";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each([
  ["vi", vi],
  ["id", id],
] as const)("the %s dictionary", (_name, dict) => {
  it("has every key of English and no other", () => {
    expect(Object.keys(dict).sort()).toEqual(Object.keys(en).sort());
  });

  it("translates every value (only proper names and symbols stay as in English)", () => {
    const same = Object.entries(en).filter(([k, v]) => !SAME_IN_EVERY_LANGUAGE.has(k) && dict[k as keyof typeof en] === v).map(([k]) => k);
    expect(same).toEqual([]);
    for (const [k, v] of Object.entries(dict)) expect(v.trim(), k).not.toBe("");
  });

  it("keeps the placeholders of each message", () => {
    for (const [k, v] of Object.entries(en)) expect(placeholders(dict[k as keyof typeof en]), k).toEqual(placeholders(v));
  });
});

describe("language choice", () => {
  it("takes the first of the browser's languages that the dashboard speaks", () => {
    expect(detectLang(["fr-FR", "vi-VN", "en"])).toBe("vi");
    expect(detectLang(["id"])).toBe("id");
    expect(detectLang(["in-ID"])).toBe("id");
    expect(detectLang(["de", "fr"])).toBe("en");
    expect(detectLang([])).toBe("en");
  });

  it("fills placeholders and leaves unknown ones", () => {
    expect(fill("{done} of {total}", { done: 3, total: 7 })).toBe("3 of 7");
    expect(fill("in {time}", {})).toBe("in {time}");
  });
});
