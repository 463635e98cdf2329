import { describe, expect, it } from "vitest";
import { checkKinds } from "../checks/kinds.ts";
import { formatDiagnostic, loadRunbookText } from "./load.ts";

describe("YAML alias bomb", () => {
  it("is a located diagnostic, not an exception", () => {
    const rows = ["golive: 1", 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [name, prev] of [["b", "a"], ["c", "b"], ["d", "c"], ["e", "d"]]) rows.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(",")}]`);
    const r = loadRunbookText(rows.join("\n"), "bomb.yaml", checkKinds);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(formatDiagnostic(r.diagnostics[0] ?? { file: "", line: 0, col: 0, path: "", message: "" })).toMatch(/^bomb\.yaml:3:8 YAML: .*aliases may expand to at most 100 nodes/);
  });
});
