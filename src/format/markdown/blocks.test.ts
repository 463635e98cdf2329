import { describe, expect, it } from "vitest";
import { toBlocks, type Block, type Entry, type ListBlock } from "./blocks.ts";

// The blocks read from markdown-it's token stream: source lines, GFM task list items, inline
// code, nesting, and what a copied page holds.

const blocks = (md: string): Block[] => toBlocks(md, md.split("\n").map((_, i) => i + 1));
const items = (md: string): Entry[] => (blocks(md).find((b): b is ListBlock => b.type === "list")?.items ?? []);

describe("toBlocks", () => {
  it("gives each block and table row the source line that `lines` maps it to", () => {
    const md = "# A\n\n- [ ] one\n\n# B\n\n| Gate | Owner |\n|---|---|\n| G-1 | QA |\n| G-2 | SRE |\n\ntext\nmore";
    const lines = md.split("\n").map((_, i) => i + 101);
    const out = toBlocks(md, lines);
    expect(out.map((b) => [b.type, b.line])).toEqual([["heading", 101], ["list", 103], ["heading", 105], ["table", 107], ["paragraph", 112]]);
    expect(out[3]).toEqual({ type: "table", header: ["Gate", "Owner"], rows: [{ cells: ["G-1", "QA"], line: 109 }, { cells: ["G-2", "SRE"], line: 110 }], line: 107, flattened: false });
    expect(out[4]).toEqual({ type: "paragraph", text: "text\nmore", line: 112 });
  });

  it("reads GFM task list items: [ ], [x], [X] opening the item's first paragraph", () => {
    const got = items("- [ ] open\n- [x] done\n- [X] also done\n- [ ]\n  next line\n- [ ]glued\n- not [x] first\n- plain");
    expect(got.map((e) => [e.text, e.checked])).toEqual([
      ["open", false],
      ["done", true],
      ["also done", true],
      ["next line", false],
      ["[ ]glued", null],
      ["not [x] first", null],
      ["plain", null],
    ]);
    // Only the first paragraph's checkbox counts, and only it loses the checkbox.
    expect(items("- [x] one\n\n  [ ] two")[0]).toMatchObject({ text: "one [ ] two", checked: true });
    expect(items("- first\n\n  [x] second")[0]).toMatchObject({ text: "first [x] second", checked: null });
  });

  it("collects an item's inline code in order, its fenced code as its command, and its nested items", () => {
    const [e] = items("1. Run `a` then **`b`** and [`c`](u):\n   ```bash\n   npm run x\n   ```\n   - child `d`\n     - grandchild");
    expect(e).toEqual({
      text: "Run `a` then `b` and `c`:",
      checked: null,
      code: ["a", "b", "c"],
      fenced: "npm run x",
      line: 1,
      // The link, with the column of its address in its line.
      links: [{ title: "`c`", url: "u", line: 1, col: 35 }],
      children: [{ text: "child `d`", checked: null, code: ["d"], line: 5, children: [{ text: "grandchild", checked: null, code: [], children: [], line: 6 }] }],
    });
  });

  it("keeps the text of links, URLs, tildes, entities and escapes as written", () => {
    const text = (md: string) => (blocks(md)[0] as { text: string }).text;
    expect(text("see http://host/_a_/b and <https://x.test/%20y> or [docs](javascript:void) ![alt `c`](i.png)")).toBe(
      "see http://host/_a_/b and https://x.test/%20y or docs alt c",
    );
    expect(text("~8 phút for ~1M rows, ~~struck~~ &amp; \\*not emphasis\\*")).toBe("~8 phút for ~1M rows, struck & *not emphasis*");
  });

  it("reads code blocks with their language, and quotes through", () => {
    expect(blocks("```bash title\necho 1\n\n```\n\n    indented\n\n> # Quoted\n> - item")).toEqual([
      { type: "code", lang: "bash", value: "echo 1\n", line: 1 },
      { type: "code", lang: "", value: "indented", line: 6 },
      { type: "heading", level: 1, text: "Quoted", line: 8 },
      { type: "list", ordered: false, items: [{ text: "item", checked: null, code: [], children: [], line: 9 }], line: 9 },
    ]);
  });

  it("tells where nesting too deep to read starts, and keeps what came before", () => {
    const deep = Array.from({ length: 120 }, (_, i) => `${"  ".repeat(i)}- level ${i}`).join("\n");
    const md = `# Before\n\n${deep}\n\n${">".repeat(300)} quoted`;
    const unread: [number, string][] = [];
    const out = toBlocks(md, md.split("\n").map((_, i) => i + 1), (line, text) => unread.push([line, text.trim()]));
    expect(out[0]).toEqual({ type: "heading", level: 1, text: "Before", line: 1 });
    const texts: string[] = [];
    for (let e = (out[1] as ListBlock).items[0]; e; e = e.children[0]) texts.push(e.text);
    // The hundredth item is opened, but nothing in it is read.
    expect(texts).toEqual([...Array.from({ length: 99 }, (_, i) => `level ${i}`), ""]);
    expect(unread).toEqual([[102, "- level 99"]]);
    // A quote nested too deep inside no list: the quote alone is not read.
    const quote = `${">".repeat(300)} deep\n\n# After`;
    const lost: number[] = [];
    expect(toBlocks(quote, [7, 8, 9], (line) => lost.push(line))).toEqual([{ type: "heading", level: 1, text: "After", line: 9 }]);
    expect(lost).toEqual([7]);
  });
});
