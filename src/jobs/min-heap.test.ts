import { describe, expect, it } from "vitest";
import { MinHeap } from "./min-heap.ts";

describe("MinHeap", () => {
  it("pops in order whatever the order of pushes, with pushes in between", () => {
    const h = new MinHeap<number>((a, b) => a < b);
    // A fixed shuffle of 0..199 (multiplying by a number prime to 200).
    const input = Array.from({ length: 200 }, (_, i) => (i * 73) % 200);
    for (const n of input.slice(0, 100)) h.push(n);
    const out: number[] = [];
    for (let i = 0; i < 50; i++) out.push(h.pop() as number);
    for (const n of input.slice(100)) h.push(n);
    while (h.size > 0) out.push(h.pop() as number);
    expect(out.slice(0, 50)).toEqual([...input.slice(0, 100)].sort((a, b) => a - b).slice(0, 50));
    expect(out.slice(50)).toEqual([...out.slice(50)].sort((a, b) => a - b));
    expect(out.length).toBe(200);
    expect(h.pop()).toBeUndefined();
    expect(h.peek()).toBeUndefined();
  });
});
