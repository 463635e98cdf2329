import { describe, expect, it } from "vitest";
import { checkKinds } from "../checks/kinds.ts";
import { formatDiagnostic, loadRunbookText } from "./load.ts";
import { unclosedOpeners } from "./unclosed.ts";

const diagnostics = (text: string): string[] => {
  const r = loadRunbookText(text, "rb.yaml", checkKinds);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.diagnostics.map(formatDiagnostic);
};

describe("YAML syntax errors are located where the unclosed thing opens", () => {
  it("an unclosed [ on line 3 is reported at its line and column, with the parser's message", () => {
    const text = "golive: 1\nmeta: { id: x, title: X }\nroles: [a, b\nchecks:\n  - id: c\n    kind: http\n    config: { url: http://127.0.0.1 }\n";
    const d = diagnostics(text);
    expect(d[0]).toMatch(/^rb\.yaml:3:8 YAML: .*end with a \]/);
    expect(d.every((l) => !l.startsWith("rb.yaml:4:"))).toBe(true);
  });

  it("an unclosed { and an unclosed quote point at their openers", () => {
    expect(diagnostics("golive: 1\nmeta: { id: x, title: X\nroles: []\n")[0]).toMatch(/^rb\.yaml:2:7 YAML: .*end with a \}/);
    const quoted = diagnostics('golive: 1\nmeta: { id: x, title: "X }\nroles: []\nchecks: []\n');
    expect(quoted.some((l) => /^rb\.yaml:2:23 YAML: Missing closing "?quote/.test(l))).toBe(true);
    expect(quoted.every((l) => l.startsWith("rb.yaml:2:"))).toBe(true);
  });

  it("other syntax errors stay where the parser found them, and closed brackets are not openers", () => {
    expect(unclosedOpeners('a: [1, {b: "x"}]\nc: \'y\'\n')).toEqual([]);
    expect(unclosedOpeners("a: [1, 2\n")).toEqual([{ offset: 3, char: "[" }]);
    const d = diagnostics("golive: 1\nmeta:\n  id: x\n id2: y\n");
    expect(d[0]).toMatch(/^rb\.yaml:4:/);
  });
});
