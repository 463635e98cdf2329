import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { errorCatalogue } from "./errors.ts";

describe("error catalogue", () => {
  const doc = readFileSync(new URL("../../docs/errors.md", import.meta.url), "utf8");

  it("is listed in docs/errors.md, every code with its HTTP status", () => {
    for (const [code, { status }] of Object.entries(errorCatalogue)) {
      const row = doc.split("\n").find((l) => l.startsWith(`| \`${code}\` |`));
      expect(row, `${code} missing from docs/errors.md`).toBeDefined();
      expect(row?.split("|")[2]?.trim(), code).toBe(String(status));
    }
  });

  it("documents no code that does not exist", () => {
    const documented = [...doc.matchAll(/^\| `(GOLIVE_E_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(errorCatalogue).sort());
  });

  it("uses stable GOLIVE_E_ codes with error statuses", () => {
    for (const [code, { status, message }] of Object.entries(errorCatalogue)) {
      expect(code).toMatch(/^GOLIVE_E_[A-Z_]+$/);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(message.length).toBeGreaterThan(0);
    }
  });
});
