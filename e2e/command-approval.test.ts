import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type TestBrowser } from "./support/browser.ts";
import { ensureWebBuild, PASSWORD, startWebApp, type WebApp } from "./support/web-app.ts";

// With --allow-commands, an editor's runbook shows its command checks awaiting an admin's
// approval in the dashboard; only an admin sees the Approve button, and only after it does the
// command run (it creates a file, so "it ran" is the file, not a word on the screen).

let server: WebApp;
let chrome: TestBrowser;
let dir: string;
const RUN = "cmd-run";

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
  const source = `golive: 1
meta: { id: cmd, title: Commands, timezone: UTC }
checks:
  - { id: migrate, kind: command, config: { run: "touch ${join(dir, "ran")}" } }
gates:
  - { id: G-1, title: Migrated, requires: { checks: [migrate] } }
`;
  const up = await server.call("pat", "POST", "/api/runbooks", { source });
  if (up.status !== 201) throw new Error(`upload: ${JSON.stringify(up.body)}`);
  const created = await server.call("pat", "POST", "/api/runs", { runbook: (up.body as { hash: string }).hash, id: RUN, name: "Command run" });
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
});
