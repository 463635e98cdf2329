import { mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import type { ProbeError } from "../provider.ts";
import { CommandConfig } from "./config.ts";
import { commandProvider, DISABLED_MESSAGE, OUTPUT_CAP } from "./provider.ts";
import { expectProbeError } from "../test-plan.ts";

const dir = realpathSync(mkdtempSync(join(tmpdir(), "golive-cmd-")));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ctx(timeoutMs = 5000, signal = new AbortController().signal, allowCommands = true) {
  return { signal, timeoutMs, allowCommands, env: { PATH: process.env.PATH ?? "/usr/bin:/bin" }, files: "any" as const };
}

function probe(config: Record<string, unknown>, timeoutMs?: number) {
  return commandProvider.probe(CommandConfig.parse(config), ctx(timeoutMs));
}

function probeError(config: Record<string, unknown>, timeoutMs?: number): Promise<ProbeError> {
  return expectProbeError(probe(config, timeoutMs));
}

/** Gone, or a zombie nobody reaped yet (in a container PID 1 may never reap): either way not running. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** SIGKILL is delivered asynchronously: give the kernel a bounded moment (longer on a loaded machine). */
async function expectGone(pid: number): Promise<void> {
  for (let i = 0; i < 500 && running(pid); i++) await delay(20);
  expect(running(pid)).toBe(false);
}

describe("command provider", () => {
  it("refuses to run unless commands are allowed", async () => {
    const pending = commandProvider.probe(CommandConfig.parse({ run: `touch ${dir}/ran` }), ctx(5000, undefined, false));
    await expect(pending).rejects.toThrow(DISABLED_MESSAGE);
    expect(() => readFileSync(`${dir}/ran`)).toThrow();
  });

  it("runs argv without a shell", async () => {
    const v = await probe({ argv: ["printf", "%s|", "$HOME", "two words"] });
    expect(v).toMatchObject({ exit_code: 0, stdout: "$HOME|two words|", stderr: "" });
    expect(typeof v.latency).toBe("number");
  });

  it("runs a shell line with cwd and env, reporting exit code, stdout and stderr", async () => {
    const v = await probe({ run: 'echo "$GREETING from $(pwd)"; echo oops >&2; exit 3', cwd: dir, env: { GREETING: "xin chào" } });
    expect(v).toMatchObject({ exit_code: 3, stdout: `xin chào from ${dir}`, stderr: "oops" });
    expect(commandProvider.explain?.(v)).toBe("exit code 3: oops");
  });

  it("reports a command killed by a signal as 128 + its number", async () => {
    const v = await probe({ run: "kill -TERM $$" });
    expect(v.exit_code).toBe(143);
  });

  it("names a program that does not exist, and a missing cwd", async () => {
    expect((await probeError({ argv: ["golive-no-such-program"] })).message).toBe("command not found: golive-no-such-program");
    expect((await probeError({ argv: ["true"], cwd: `${dir}/nope` })).message).toBe(`working directory not found: ${dir}/nope`);
  });

  it("caps stdout and keeps reading so the command finishes", async () => {
    const v = await probe({ run: "head -c 1000000 /dev/zero | tr '\\0' a; echo done >&2" });
    expect((v.stdout as string).length).toBe(OUTPUT_CAP);
    expect(v).toMatchObject({ exit_code: 0, stderr: "done" });
  });

  it("kills children left running in the background when the command exits", async () => {
    const v = await probe({ run: "sleep 60 & echo $!" });
    expect(v.exit_code).toBe(0);
    await expectGone(Number(v.stdout));
  });
});

describe("command provider against hostile commands", () => {
  it("kills a command that never exits, with its children, at the timeout", async () => {
    const pidFile = join(dir, "child.pid");
    const started = performance.now();
    const err = await probeError({ run: `sleep 60 & echo $! > ${pidFile}; exec sleep 61` }, 1000);
    const elapsed = performance.now() - started;
    expect(err.message).toBe("timeout after 1s; killed the command and its children");
    // Ended by the timeout, not by the command (60 s); how close to 1 s depends on the machine's
    // load, so the bound is generous (the message says the timeout ended it).
    expect(elapsed).toBeLessThan(20_000);
    await expectGone(Number(readFileSync(pidFile, "utf8")));
  });

  it("kills a command that ignores SIGTERM", async () => {
    const pidFile = join(dir, "stubborn.pid");
    const err = await probeError({ run: `trap '' TERM; echo $$ > ${pidFile}; while :; do sleep 1; done` }, 500);
    expect(err.message).toMatch(/^timeout after 500ms/);
    await expectGone(Number(readFileSync(pidFile, "utf8")));
  });

  it("stops when the run is cancelled", async () => {
    const controller = new AbortController();
    const pending = commandProvider.probe(CommandConfig.parse({ argv: ["sleep", "60"] }), ctx(60_000, controller.signal));
    setTimeout(() => controller.abort(), 200);
    await expect(pending).rejects.toThrow(/^cancelled; killed the command and its children$/);
  });
});
