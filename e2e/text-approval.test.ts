import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type TestBrowser } from "./support/browser.ts";
import { signInAt } from "./support/sign-in.ts";
import { ensureWebBuild, startWebApp, type WebApp } from "./support/web-app.ts";

// An editor's runbook lists people for its roles. In the dashboard, the New-run flow says before
// the run exists that those people will not act until an admin approves the text; the run's
// screens say whether the text is approved; only an admin gets the Approve button, and after it
// the people the text lists act (the banner gives way to who approved it). In en, vi and id.

const SHOTS = fileURLToPath(new URL("./screenshots/", import.meta.url));
const RUNBOOK = `golive: 1
meta: { id: team-release, title: Team release, timezone: UTC }
roles:
  - { id: po, title: Product owner, members: [pat] }
  - { id: qa, title: QA, members: [quinn, pat] }
sections:
  - id: prep
    title: Preparation
    items:
      - { id: smoke, title: Smoke test, owner: qa }
signoffs:
  - { id: po-ok, title: PO accepts, role: po }
`;

let server: WebApp;
let chrome: TestBrowser;

async function signIn(ctx: BrowserContext, user: string, path: string): Promise<Page> {
  return signInAt(await ctx.newPage(), `${server.url}${path}`, user);
}

beforeAll(async () => {
  await ensureWebBuild();
  server = await startWebApp([]);
  chrome = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await chrome?.close();
  await server?.close();
});

describe("the people a runbook text lists, until an admin approves it", () => {
  let runId = "";

  it("New run tells the editor that the people the text lists will not act until an admin approves it", async () => {
    const ctx = await chrome.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(ctx, "pat", "/new-run");
    await page.locator('input[type="file"]').setInputFiles({ name: "team-release.yaml", mimeType: "application/yaml", buffer: Buffer.from(RUNBOOK) });
    await page.getByTestId("save-runbook").click();
    await page.getByTestId("runbook-saved").waitFor();
    await page.getByTestId("run-name-input").fill("Team release");
    await page.getByTestId("run-next").click();
    const notice = page.getByTestId("text-members-pending");
    await notice.waitFor();
    const text = await notice.innerText();
    expect(text).toContain("Product owner: pat; QA: quinn, pat");
    expect(text).toContain("until an admin approves the text");
    expect(await page.getByText("counts once an admin approves the text").count()).toBe(2);
    await page.screenshot({ path: `${SHOTS}text-approval-new-run.png`, fullPage: true });
    await page.getByTestId("create-run").click();
    await page.waitForURL(/\/runs\/run-[0-9a-f]+$/);
    runId = new URL(page.url()).pathname.split("/")[2] ?? "";
    // The run's screens say it too; the editor gets no Approve button.
    const banner = page.getByTestId("approval-banner");
    await banner.waitFor();
    expect(await page.getByTestId("approval-members").innerText()).toContain("do not act in those roles");
    expect(await page.getByTestId("approval-never").count()).toBe(1);
    expect(await page.getByTestId("approve-commands").count()).toBe(0);
    // And the editor the text names PO is not one: the sign-off is refused by the server.
    const status = (await server.call("pat", "GET", `/api/runs/${runId}/status`)).body as { text_members?: boolean; approval?: object };
    expect(status).toMatchObject({ text_members: false, approval: {} });
    await ctx.close();
  }, 120_000);

  it("an admin sees the same banner with the Approve button; approving makes the people the text lists act", async () => {
    const ctx = await chrome.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await signIn(ctx, "admin", `/runs/${runId}/signoffs`);
    await page.getByTestId("approval-banner").waitFor();
    await page.screenshot({ path: `${SHOTS}text-approval-banner.png`, fullPage: true });
    expect(await page.getByTestId("approve-commands").innerText()).toBe("Approve runbook text");
    await page.getByTestId("approve-commands").click();
    await page.getByTestId("approval-given").waitFor();
    expect(await page.getByTestId("approval-banner").count()).toBe(0);
    expect(await page.getByTestId("approval-given").innerText()).toContain("Runbook text approved by admin");
    await page.screenshot({ path: `${SHOTS}text-approval-approved.png`, fullPage: true });
    const version = ((await server.call("pat", "GET", `/api/runs/${runId}`)).body as { version: number }).version;
    const sign = await server.call("pat", "POST", `/api/runs/${runId}/signoffs/po-ok`, { version });
    expect(sign.status, JSON.stringify(sign.body)).toBe(200);
    await ctx.close();
  }, 120_000);

  it("says it in Vietnamese and Indonesian", async () => {
    const hash = ((await server.call("pat", "GET", `/api/runs/${runId}`)).body as { runbook: string }).runbook;
    expect((await server.call("admin", "POST", `/api/runbooks/${hash}/withdraw`, { reason: "lists pat twice" })).status).toBe(200);
    const words = { vi: ["Nội dung runbook chưa được phê duyệt", "Phê duyệt nội dung runbook"], id: ["Teks runbook belum disetujui", "Setujui teks runbook"] };
    for (const [lang, [title, button]] of Object.entries(words)) {
      const ctx = await chrome.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await signIn(ctx, "admin", `/runs/${runId}`);
      await page.evaluate(`localStorage.setItem("golive.lang", ${JSON.stringify(lang)})`);
      await page.goto(`${server.url}/runs/${runId}`);
      await page.getByTestId("approval-banner").waitFor();
      expect(await page.getByTestId("approval-banner").innerText()).toContain(title);
      expect(await page.getByTestId("approval-withdrawn").innerText()).toContain("lists pat twice");
      expect(await page.getByTestId("approve-commands").innerText()).toBe(button);
      await page.screenshot({ path: `${SHOTS}text-approval-banner-${lang}.png`, fullPage: true });
      await ctx.close();
    }
  }, 120_000);
});
