import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { checkKinds } from "../../checks/kinds.ts";
import { loadRunbookText } from "../../format/load.ts";
import { main } from "../main.ts";
import { TEMPLATES, templateText } from "./init.ts";

describe("golive init", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "golive-init-"));
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(TEMPLATES)("template %s is a valid runbook", async (name) => {
    const r = loadRunbookText(await templateText(name), `${name}.yaml`, checkKinds);
    expect(r.ok ? [] : r.diagnostics).toEqual([]);
  });

  it("writes the chosen template and exits 0", async () => {
    const out = join(dir, "golive.yaml");
    expect(await main(["init", "--template", "cutover-day", "-o", out])).toBe(0);
    expect(await readFile(out, "utf8")).toBe(await templateText("cutover-day"));
  });

  it("never replaces a file the user has without --force", async () => {
    const out = join(dir, "golive.yaml");
    await writeFile(out, "mine\n");
    expect(await main(["init", "-o", out])).toBe(2);
    expect(await readFile(out, "utf8")).toBe("mine\n");
    expect(await main(["init", "-o", out, "--force"])).toBe(0);
    expect(await readFile(out, "utf8")).toBe(await templateText("pilot-waves"));
  });

  it("rejects an unknown template with exit 2", async () => {
    expect(await main(["init", "--template", "nope", "-o", join(dir, "x.yaml")])).toBe(2);
  });
});
