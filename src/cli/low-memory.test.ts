import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { applyServeV8Flags, SERVE_V8_FLAGS, SHEBANG, startedLean } from "./low-memory.ts";

const run = promisify(execFile);

// In a child process: the flags change the whole V8 instance, so never in the test worker.
async function newSpaceAfterChurn(lowMemory: boolean): Promise<{ applied: string[]; beforeMb: number; newSpaceMb: number }> {
  const code = `
import v8 from "node:v8";
const newSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size / 1048576;
const { applyServeV8Flags } = await import(${JSON.stringify(new URL("./low-memory.ts", import.meta.url).href)});
const applied = applyServeV8Flags({ GOLIVE_LOW_MEMORY: ${JSON.stringify(lowMemory ? "" : "0")} });
const beforeMb = newSpace();
// A startup-like burst of short-lived and surviving objects: new space grows unless told not to.
let keep = [];
const held = [];
for (let i = 0; i < 2e6; i++) { keep.push({ i, s: "x" + i }); if (keep.length > 5000) { held.push(keep[0]); keep = []; } }
process.stdout.write(JSON.stringify({ applied, beforeMb, newSpaceMb: newSpace(), held: held.length }));`;
  const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { timeout: 60_000 });
  return JSON.parse(stdout) as { applied: string[]; beforeMb: number; newSpaceMb: number };
}

describe("serve's V8 settings", () => {
  it("keeps the young generation at its first size; GOLIVE_LOW_MEMORY=0 leaves V8's defaults", async () => {
    const [lean, plain] = await Promise.all([newSpaceAfterChurn(true), newSpaceAfterChurn(false)]);
    expect(lean.applied).toEqual(SERVE_V8_FLAGS);
    expect(plain.applied).toEqual([]);
    // Never grows (with --optimize-for-size set, V8 may even shrink it).
    expect(lean.newSpaceMb).toBeLessThanOrEqual(lean.beforeMb);
    expect(plain.newSpaceMb).toBeGreaterThan(plain.beforeMb);
  });

  it("answers nothing applied when turned off", () => {
    expect(applyServeV8Flags({ GOLIVE_LOW_MEMORY: "0" })).toEqual([]);
  });

  it("starts the golive command with the settings read only at start (bin/golive's first line)", async () => {
    const bin = new URL("../../bin/golive", import.meta.url);
    expect(readFileSync(bin, "utf8").split("\n")[0]).toBe(SHEBANG);
    // Run as the installed command runs: the file itself, through its first line.
    const { stdout } = await run(bin.pathname, ["--version"], { timeout: 60_000 });
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(startedLean(["--optimize-for-size"], { MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "131072" })).toBe(true);
    expect(startedLean(["--optimize-for-size"], { MALLOC_ARENA_MAX: "2" })).toBe(false);
    expect(startedLean([], { MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "131072" })).toBe(false);
  });
});
