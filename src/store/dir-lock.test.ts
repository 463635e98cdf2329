import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirInUseError, lockDataDir, type DirLock } from "./dir-lock.ts";
import { openPgliteStore } from "./pglite.ts";

const held: DirLock[] = [];
afterEach(() => {
  for (const l of held.splice(0)) l.release();
});

/** A pid that was alive and is now dead (a child that exited and was reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", "0"]);
  await new Promise((r) => child.once("exit", r));
  return child.pid as number;
}

describe("embedded data directory lock", () => {
  it("refuses a second holder, naming the live owner's pid, and frees on release", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "golive-lock-")), "data");
    const first = lockDataDir(dir);
    held.push(first);
    expect(readFileSync(`${dir}.lock`, "utf8")).toMatch(new RegExp(`^${process.pid} `));
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dir)).toThrow(`data directory in use by pid ${process.pid}`);
    first.release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
    held.push(lockDataDir(dir));
  });

  it("takes over a lock left by a dead process, and one whose pid now names another process", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "golive-lock-")), "data");
    writeFileSync(`${dir}.lock`, `${await deadPid()} 12345\n`);
    const a = lockDataDir(dir);
    a.release();
    // Our own pid with another start time: the pid was recycled, the owner is gone.
    writeFileSync(`${dir}.lock`, `${process.pid} 1\n`);
    held.push(lockDataDir(dir));
    expect(readFileSync(`${dir}.lock`, "utf8")).not.toContain(" 1\n");
  });

  it("over a stale lock, one contender takes it and every later one is told who holds it", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "golive-lock-")), "data");
    writeFileSync(`${dir}.lock`, `${await deadPid()} 1\n`);
    // Many contenders over a stale lock: exactly one wins, the rest are told who holds it.
    const results = Array.from({ length: 8 }, () => {
      try {
        const l = lockDataDir(dir);
        held.push(l);
        return "held";
      } catch (e) {
        expect(e).toBeInstanceOf(DataDirInUseError);
        return "refused";
      }
    });
    expect(results.filter((r) => r === "held")).toHaveLength(1);
    expect(existsSync(`${dir}.lock`)).toBe(true);
  });

  it("an open embedded store holds its directory until closed", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "golive-lock-")), "data");
    const store = await openPgliteStore(dir);
    await expect(openPgliteStore(dir)).rejects.toThrow(`data directory in use by pid ${process.pid}`);
    await store.close();
    const again = await openPgliteStore(dir);
    await again.close();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  }, 120_000);
});
