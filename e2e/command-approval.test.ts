import { existsSync } from "node:fs";
import { mkdtemp, rm, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandRunbook } from "../src/server/testing/runbook.ts";
import { launchChromium, type TestBrowser } from "./support/browser.ts";
import { ensureWebBuild, PASSWORD, startWebApp, type WebApp } from "./support/web-app.ts";

// With --allow-commands, an editor's runbook shows its command checks awaiting an admin's
// approval in the dashboard; only an admin sees the Approve button, and only after it does the
// command run (it creates a file, so "it ran" is the file, not a word on the screen). Only an
// admin sees the Withdraw control beside the approval; a withdrawal brings the banner back, saying
// who withdrew it and why, and the command no longer runs.

let server: WebApp;
let chrome: TestBrowser;
let dir: string;
const RUN = "cmd-run";
let hash = "";

async function signIn(ctx: BrowserContext, user: string, path: string): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`${server.url}${path}`);
  await page.getByTestId("login-submit").waitFor();
  await page.locator('input[name="user"]').fill(user);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("account-menu").waitFor();
  return page;
}

beforeAll(async () => {
  await ensureWebBuild();
  dir = await mkdtemp(join(tmpdir(), "golive-e2e-approval-"));
  server = await startWebApp([], { allowCommands: true });
  const source = commandRunbook(`touch ${join(dir, "ran")}`);
  const up = await server.call("pat", "POST", "/api/runbooks", { source });
  if (up.status !== 201) throw new Error(`upload: ${JSON.stringify(up.body)}`);
  hash = (up.body as { hash: string }).hash;
  const created = await server.call("pat", "POST", "/api/runs", { runbook: hash, id: RUN, name: "Command run" });
  if (created.status !== 201) throw new Error(`run: ${JSON.stringify(created.body)}`);
  chrome = await launchChromium();
}, 180_000);

afterAll(async () => {
  await chrome?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("command checks awaiting approval, in the dashboard", () => {
  it("the editor sees the banner and the badge, no Approve button and no Run now for it", async () => {
    const ctx = await chrome.newContext();
    const page = await signIn(ctx, "pat", `/runs/${RUN}/checks`);
    await page.getByTestId("approval-banner").waitFor();
    expect(await page.getByTestId("approval-banner").innerText()).toContain("migrate");
    await page.getByTestId("check-migrate").getByTestId("awaiting-approval").waitFor();
    expect(await page.getByTestId("check-migrate").getAttribute("data-state")).toBe("pending");
    expect(await page.getByTestId("approve-commands").count()).toBe(0);
    expect(await page.getByTestId("check-migrate").getByRole("button").count()).toBe(0);
    expect(await page.getByTestId("header-verdict").innerText()).toMatch(/NO/i);
    expect(existsSync(join(dir, "ran"))).toBe(false);
    await ctx.close();
  });

  it("an admin approves from the banner; then the command runs", async () => {
    const ctx = await chrome.newContext();
    const page = await signIn(ctx, "admin", `/runs/${RUN}/checks`);
    await page.getByTestId("approve-commands").click();
    await page.getByTestId("approval-given").waitFor();
    expect(await page.getByTestId("approval-banner").count()).toBe(0);
    expect(await page.getByTestId("approval-given").innerText()).toContain("admin");
    await page.getByTestId("check-migrate").getByRole("button").click();
    await page.getByTestId("check-migrate").and(page.locator('[data-state="pass"]')).waitFor();
    expect(existsSync(join(dir, "ran"))).toBe(true);
    await ctx.close();
  });

  it("the editor and a viewer see the approval, without the Withdraw control", async () => {
    for (const user of ["pat", "vic"]) {
      const ctx = await chrome.newContext();
      const page = await signIn(ctx, user, `/runs/${RUN}/checks`);
      await page.getByTestId("approval-given").waitFor();
      expect(await page.getByTestId("withdraw-approval").count(), user).toBe(0);
      await ctx.close();
    }
  });

  it("an admin withdraws it with a reason: the banner is back with who and why, and the command does not run", async () => {
    await unlink(join(dir, "ran"));
    const ctx = await chrome.newContext();
    const page = await signIn(ctx, "admin", `/runs/${RUN}/checks`);
    await page.getByTestId("withdraw-approval").click();
    expect(await page.getByTestId("withdraw-confirm").isDisabled()).toBe(true);
    await page.getByTestId("withdraw-reason").fill("incident review: <b>migrate</b> ran twice");
    await page.getByTestId("withdraw-confirm").click();
    await page.getByTestId("approval-banner").waitFor();
    // The reason is shown as text (escaped), with who withdrew it.
    const withdrawn = await page.getByTestId("approval-withdrawn").innerText();
    expect(withdrawn).toContain("admin");
    expect(withdrawn).toContain("incident review: <b>migrate</b> ran twice");
    expect(await page.getByTestId("approval-withdrawn").locator("b").count()).toBe(0);
    await page.getByTestId("check-migrate").getByTestId("awaiting-approval").waitFor();
    expect(await page.getByTestId("check-migrate").getByRole("button").count()).toBe(0);
    // Its earlier passing result is not shown as its latest: nothing counts while it is held.
    expect(await page.getByTestId("check-migrate").innerText()).toContain("no result counts");
    expect(await page.getByTestId("check-migrate").getAttribute("data-state")).toBe("pending");
    expect(await page.getByTestId("header-verdict").innerText()).toMatch(/NO/i);
    expect(existsSync(join(dir, "ran"))).toBe(false);
    // The API refuses the editor what the screen does not offer it.
    expect((await server.call("pat", "POST", `/api/runbooks/${hash}/approve`, {})).status).toBe(403);
    expect((await server.call("vic", "POST", `/api/runbooks/${hash}/withdraw`, { reason: "x" })).status).toBe(403);
    await ctx.close();
  });

  it("says it in Vietnamese and Indonesian", async () => {
    const words = { vi: ["Phê duyệt đã bị admin thu hồi", "Thu hồi phê duyệt"], id: ["Persetujuan ditarik oleh admin", "Tarik persetujuan"] };
    for (const [lang, [withdrawn, control]] of Object.entries(words)) {
      const ctx = await chrome.newContext();
      const page = await signIn(ctx, "admin", `/runs/${RUN}/checks`);
      await page.evaluate(`localStorage.setItem("golive.lang", ${JSON.stringify(lang)})`);
      await page.goto(`${server.url}/runs/${RUN}/checks`);
      expect(await page.getByTestId("approval-withdrawn").innerText()).toContain(withdrawn);
      // Approved again: the withdraw control, in that language.
      expect((await server.call("admin", "POST", `/api/runbooks/${hash}/approve`, {})).status).toBe(200);
      await page.reload();
      expect(await page.getByTestId("withdraw-approval").innerText()).toBe(control);
      expect((await server.call("admin", "POST", `/api/runbooks/${hash}/withdraw`, { reason: `again (${lang})` })).status).toBe(200);
      await ctx.close();
    }
  });
});
