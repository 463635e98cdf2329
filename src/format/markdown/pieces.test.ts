import { describe, expect, it } from "vitest";
import { toBlocks } from "./blocks.ts";
import { pieceStarts } from "./pieces.ts";

const starts = (md: string) => pieceStarts(md.split("\n"), 0);

describe("pieceStarts: cuts only where the parse cannot change", () => {
  it("cuts before headings and before paragraphs after a blank line", () => {
    expect(starts("# A\ntext\n## B\n\nmore\n\nlast")).toEqual([0, 2, 4, 6]);
  });
  it("never inside fenced code, however it looks", () => {
    expect(starts("# A\n```\n# not a heading\n\nplain\n```\n# B")).toEqual([0, 6]);
    expect(starts("~~~~\n~~~\n# x\n~~~~\n# y")).toEqual([0, 4]);
    // Indented four spaces, a fence line is code inside the fence, not its end.
    expect(starts("```\n    ```\n# x\n```\n# y")).toEqual([0, 4]);
  });
  it("never inside an HTML comment or <pre>", () => {
    expect(starts("<!--\n# x\n\ny\n-->\n# z")).toEqual([0, 5]);
    expect(starts("<pre>\n\ntext\n</pre>\n\nafter")).toEqual([0, 5]);
  });
  it("not before what can continue the block above: list items, quotes, table rows, indented lines", () => {
    expect(starts("- a\n\n- b\n\n1. c\n\n> d\n\n| e |\n\n    f")).toEqual([0]);
  });
  it("not at all when the document holds an HTML block that may hide a fence line", () => {
    expect(starts("# A\n<div>\n```\n</div>\n\n```\ncode\n\nstill code\n```\n# B")).toEqual([0]);
  });
  it("not at all when the document defines links or footnotes (they reach across the document)", () => {
    expect(starts("# A\nsee [x]\n# B\n\n[x]: https://example.com")).toEqual([0]);
    expect(starts("# A\nnote[^1]\n# B\n\n[^1]: text")).toEqual([0]);
  });
  it("pieces of the given size: no cut before it is reached", () => {
    const md = Array.from({ length: 10 }, (_, i) => `# H${i}\n${"x".repeat(50)}`).join("\n");
    expect(pieceStarts(md.split("\n"), 100)).toEqual([0, 4, 8, 12, 16]);
  });
});

describe("toBlocks in pieces gives the blocks of the whole", () => {
  it("keeps the source lines of blocks in later pieces", () => {
    const md = "# A\n\n- [ ] one\n\n# B\n\n| Gate | Owner |\n|---|---|\n| G-1 | QA |\n\ntext";
    const lines = md.split("\n").map((_, i) => i + 101);
    const cut = toBlocks(md, lines, 0);
    expect(cut).toEqual(toBlocks(md, lines, Infinity));
    expect(cut.map((b) => [b.type, b.line])).toEqual([["heading", 101], ["list", 103], ["heading", 105], ["table", 107], ["paragraph", 111]]);
  });
});
