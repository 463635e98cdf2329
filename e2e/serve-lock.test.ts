import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// Two `golive serve` on one embedded data directory: PGlite holds the database in one process's
// memory, so the second must be refused (exit 2, naming the holder) while the first stays ready,
// and a lock left by a killed server must not keep the next one out.

const BIN = fileURLToPath(new URL("../bin/golive", import.meta.url));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
});

function serve(dir: string): Promise<{ proc: ChildProcess; base: string }> {
  const proc = spawn(process.execPath, [BIN, "serve", "--db", `pglite:${dir}`, "--port", "0", "--no-demo", "--no-checks", "--check-env", "PANCAKE_*"], {
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(proc);
  const log: string[] = [];
  proc.stderr?.on("data", (d: Buffer) => log.push(d.toString()));
  return new Promise((resolve, reject) => {
    let out = "";
    proc.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /serving on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve({ proc, base: m[1] });
    });
    proc.on("exit", (code) => reject(new Error(`serve exited ${code}: ${log.join("")}`)));
  });
}

describe("one golive per embedded data directory", () => {
  it("refuses a second serve with exit 2 while the first stays ready, and takes over after a SIGKILL", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "golive-serve-lock-")), "data");
    const first = await serve(dir);
    expect((await fetch(`${first.base}/readyz`)).status).toBe(200);

    const second = spawnSync(process.execPath, [BIN, "serve", "--db", `pglite:${dir}`, "--port", "0", "--no-demo", "--no-checks"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 120_000 });
    expect(second.status).toBe(2);
    expect(second.stderr).toContain(`data directory in use by pid ${first.proc.pid}`);
    expect(second.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    // Nor may a verifier or a backup read it underneath the server.
    const verify = spawnSync(process.execPath, [BIN, "audit", "verify", "--db", `pglite:${dir}`], { encoding: "utf8", timeout: 120_000 });
    expect(verify.status).toBe(2);
    expect(verify.stderr).toContain("data directory in use");
    expect((await fetch(`${first.base}/readyz`)).status).toBe(200);

    first.proc.kill("SIGKILL");
    await new Promise((r) => first.proc.once("exit", r));
    expect(existsSync(`${dir}.lock`)).toBe(true); // left behind by the killed server
    const third = await serve(dir);
    expect((await fetch(`${third.base}/readyz`)).status).toBe(200);
    third.proc.kill("SIGTERM");
    await new Promise((r) => third.proc.once("exit", r));
    expect(existsSync(`${dir}.lock`)).toBe(false);
  }, 240_000);
});
