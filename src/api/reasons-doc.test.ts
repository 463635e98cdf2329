import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REASON_CODES } from "../core/engine/index.ts";

describe("reason catalogue", () => {
  const doc = readFileSync(new URL("../../docs/reasons.md", import.meta.url), "utf8");
  const documented = [...doc.matchAll(/^\| `([a-z_.]+)` \|/gm)].map((m) => m[1]);

  it("docs/reasons.md lists every code and no other", () => {
    expect([...documented].sort()).toEqual([...REASON_CODES].sort());
  });

  it("uses dotted lower-case codes", () => {
    for (const code of REASON_CODES) expect(code).toMatch(/^[a-z]+(\.[a-z_]+)?$/);
  });
});
