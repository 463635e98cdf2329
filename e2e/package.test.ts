import { execFile, spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureWebBuild } from "./support/web-app.ts";

// The package as a user gets it: build, `npm pack`, `npm install ./golive-X.tgz` in an empty
// folder (from npm's cache when it holds the dependencies: CI's `npm ci` filled it), then the
// installed `golive` runs from dist/ without any development tool and serves the dashboard.

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** Development tools that must not reach a user's node_modules (peggy: the condition parser is generated at build time). */
const DEV_ONLY = ["tsx", "autocannon", "playwright-core", "vite", "vitest", "typescript", "esbuild", "peggy"];

let dir: string;
let bin: string;

/** Every package name under node_modules, nested ones included. */
function installed(modules: string, into = new Set<string>()): Set<string> {
  if (!existsSync(modules)) return into;
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith(".")) continue;
    const names = entry.startsWith("@") ? readdirSync(join(modules, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of names) {
      into.add(name);
      installed(join(modules, name, "node_modules"), into);
    }
  }
  return into;
}

beforeAll(async () => {
  await ensureWebBuild();
  await run("npm", ["run", "build"], { cwd: ROOT });
  dir = await mkdtemp(join(tmpdir(), "golive-pack-"));
  // Scripts were run just above: pack what they built.
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--pack-destination", dir, "--json"], { cwd: ROOT });
  const packed = (JSON.parse(stdout) as { filename: string }[])[0];
  if (!packed) throw new Error(`npm pack printed no file: ${stdout}`);
  const filename = packed.filename;
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "golive-install-test", private: true }));
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", join(dir, filename)], { cwd: dir });
  bin = join(dir, "node_modules/.bin/golive");
}, 300_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the packed package installed in an empty folder", () => {
  it("holds only what runs: no development tool, compiled code, no TypeScript sources", () => {
    const names = installed(join(dir, "node_modules"));
    expect(names.has("golive")).toBe(true);
    expect(DEV_ONLY.filter((n) => names.has(n))).toEqual([]);
    const pkg = join(dir, "node_modules/golive");
    expect(existsSync(join(pkg, "dist/cli/main.js"))).toBe(true);
    expect(existsSync(join(pkg, "dist/cli/templates/cutover-day.yaml"))).toBe(true);
    expect(existsSync(join(pkg, "web/dist/index.html"))).toBe(true);
    expect(existsSync(join(pkg, "src"))).toBe(false);
  });

  it("runs golive --help and a command from dist", { timeout: 60_000 }, async () => {
    const help = await run(bin, ["--help"], { cwd: dir });
    expect(help.stdout).toContain("serve");
    expect(help.stdout).toContain("validate");
    const example = join(dir, "node_modules/golive/examples/pancake-crm-pilot.yaml");
    const ok = await run(bin, ["validate", example], { cwd: dir });
    expect(ok.stdout).toMatch(/^ok .*pancake-crm-pilot/);
  });

  it("golive serve serves the dashboard at / and is ready", async () => {
    const proc = spawn(bin, ["serve", "--port", "0", "--no-checks", "--db", "memory:"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        let err = "";
        proc.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /serving on (http:\/\/\S+)/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        proc.stderr.on("data", (d: Buffer) => (err += d.toString()));
        proc.on("exit", (code) => reject(new Error(`serve exited ${code}: ${err}`)));
      });
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toContain("text/html");
      expect(await page.text()).toContain("<title>golive</title>");
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
    } finally {
      const exited = new Promise((resolve) => proc.on("exit", resolve));
      proc.kill("SIGTERM");
      await exited;
    }
    // Start-up opens PGlite and migrates: seconds on a quiet machine, much longer on a loaded CI runner.
  }, 120_000);
});
