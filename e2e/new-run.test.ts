import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type TestBrowser } from "./support/browser.ts";
import { ensureWebBuild, PASSWORD, startWebApp, type WebApp } from "./support/web-app.ts";
import { signInAt } from "./support/sign-in.ts";

// A team's own Markdown document becomes a live run through the dashboard's "New run", in
// Debian's Chromium against the real server: upload → preview and report → fix in place → save →
// date, zone, go-live time → people in roles (one account made on the way) → start; then each
// owner acts in their own browser and a second session sees the verdict change live.

const SHOTS = fileURLToPath(new URL("./screenshots/", import.meta.url));
const DOC = fileURLToPath(new URL("./fixtures/billing-go-live.md", import.meta.url));
const NEW_PASSWORD = "another long e2e password";
/** A document with a risk and a question register (line numbers matter: the report names them). */
const REGISTERS = `# Payments go-live

## Checklist

- [ ] Freeze deploys (owner: Ops)

## Risks

| ID | Risk | Mitigation | Owner |
|---|---|---|---|
| R1 | Card processor times out | Retry with backoff | Ops |
| R2 | Refund <img src=x onerror="window.__pwned=1"> job stalls | Watch the queue | Ops |

## Open questions

| # | Question | Owner |
|---|---|---|
| Q1 | Who signs the cutover? | PM |
`;

let server: WebApp;
let chrome: TestBrowser;

async function signIn(ctx: BrowserContext, user: string, path: string, password = PASSWORD): Promise<Page> {
  return signInAt(await ctx.newPage(), `${server.url}${path}`, user, password);
}

/** Types a name into a role's account field and takes it (Enter). */
async function assign(page: Page, role: string, user: string): Promise<void> {
  const input = page.getByTestId(`assign-${role}`);
  await input.click();
  await input.fill(user);
  await input.press("Enter");
  await input.press("Escape");
}

async function tick(page: Page, runId: string, item: string): Promise<void> {
  await page.goto(`${server.url}/runs/${runId}/checklist`);
  await page.getByTestId(`tick-${item}`).click();
  await page.getByTestId("evidence-input").fill(`done by the owner: ${item}`);
  await page.getByTestId("tick-save").click();
  await page.getByTestId(`item-${item}`).and(page.locator('[data-state="done"]')).waitFor();
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

describe("New run: from a Markdown document to a live run", () => {
  it("uploads, previews, fixes, saves, dates, staffs and starts a run; owners act and another session sees the verdict change", async () => {
    const started = performance.now();
    const adminCtx = await chrome.newContext();
    const admin = await signIn(adminCtx, "admin", "/");
    await admin.getByTestId("runs-new-run").click();
    await admin.getByTestId("drop-zone").waitFor();
    await admin.screenshot({ path: `${SHOTS}new-run-1-document.png`, fullPage: true });

    // The file input behind "Choose a file".
    await admin.locator('input[type="file"]').setInputFiles({ name: "billing-go-live.md", mimeType: "text/markdown", buffer: readFileSync(DOC) });
    await admin.getByTestId("runbook-preview").waitFor();
    const preview = await admin.getByTestId("runbook-preview").innerText();
    const sections = admin.getByTestId("preview-sections");
    for (const task of ["Database backup verified", "Smoke tests pass on staging", "Status page message drafted"]) {
      expect(await sections.locator(`input[value="${task}"]`).count(), task).toBe(1);
    }
    expect(preview).toContain("QA Lead");
    expect(await admin.getByTestId("count-items").innerText()).toBe("checklist items: 3");
    await admin.screenshot({ path: `${SHOTS}new-run-2-preview.png`, fullPage: true });

    // Fix in place: a clearer title, an item the team does not need for go, the runbook's name.
    await sections.locator('input[value="Status page message drafted"]').fill("Status page message drafted and approved");
    await admin.getByTestId("optional-go-live-checklist-3").check();
    await admin.getByTestId("runbook-title").fill("Billing go-live (June)");
    await admin.getByTestId("save-runbook").click();
    await admin.getByTestId("runbook-saved").waitFor();

    await admin.getByTestId("run-name-input").fill("Billing production");
    await admin.getByTestId("run-date").fill("2026-06-20");
    await admin.getByTestId("run-timezone").click();
    await admin.getByTestId("run-timezone").fill("Asia/Ho_Chi");
    await admin.getByRole("option", { name: "Asia/Ho_Chi_Minh" }).click();
    await admin.getByTestId("run-golive").fill("09:00");
    await admin.screenshot({ path: `${SHOTS}new-run-3-run.png`, fullPage: true });
    await admin.getByTestId("run-next").click();

    // People: one account is made right here, then everyone goes into their role.
    await admin.getByTestId("new-account-name").fill("nga");
    await admin.getByTestId("new-account-password").fill(NEW_PASSWORD);
    await admin.getByTestId("new-account-create").click();
    await admin.getByTestId("new-account-made").waitFor();
    await assign(admin, "dba", "pat");
    await assign(admin, "qa-lead", "quinn");
    await assign(admin, "support", "nga");
    await admin.screenshot({ path: `${SHOTS}new-run-4-people.png`, fullPage: true });
    await admin.getByTestId("start-run").click();
    await admin.waitForURL(/\/runs\/run-[0-9a-f]+$/);
    const runId = new URL(admin.url()).pathname.split("/")[2] ?? "";

    const run = (await server.call("admin", "GET", `/api/runs/${runId}`)).body as Record<string, unknown>;
    expect(run).toMatchObject({
      name: "Billing production",
      date: "2026-06-20",
      timezone: "Asia/Ho_Chi_Minh",
      golive_at: "2026-06-20T02:00:00.000Z",
      assignments: { dba: ["pat"], "qa-lead": ["quinn"], support: ["nga"] },
    });
    expect(typeof run.started_at).toBe("string");

    // The date stays editable afterwards (run settings on the overview).
    await admin.getByTestId("run-settings").click();
    await admin.getByTestId("run-date").fill("2026-06-21");
    await admin.getByTestId("run-settings-save").click();
    await admin.getByTestId("run-settings-saved").waitFor();
    await admin.keyboard.press("Escape");
    await expect.poll(async () => ((await server.call("admin", "GET", `/api/runs/${runId}`)).body as { date?: string; golive_at?: string }).golive_at).toBe("2026-06-21T02:00:00.000Z");

    // A second session watches the overview.
    const watchCtx = await chrome.newContext();
    const watcher = await signIn(watchCtx, "vic", `/runs/${runId}`);
    const verdict = () => watcher.getByTestId("verdict").getAttribute("data-verdict");
    await expect.poll(verdict).toBe("no_go");
    await watcher.screenshot({ path: `${SHOTS}new-run-5-started.png`, fullPage: true });

    // The sign-off alone does not make it GO: required items are open.
    const quinnCtx = await chrome.newContext();
    const quinn = await signIn(quinnCtx, "quinn", `/runs/${runId}/signoffs`);
    await quinn.getByTestId("sign-qa-lead").click();
    await quinn.getByTestId("signoff-qa-lead").and(quinn.locator('[data-state="given"]')).waitFor();
    // Each owner ticks their item in their own browser; the optional one is not needed for go.
    const patCtx = await chrome.newContext();
    const pat = await signIn(patCtx, "pat", `/runs/${runId}/checklist`);
    await tick(pat, runId, "go-live-checklist-1");
    await expect.poll(async () => (await server.call("vic", "GET", `/api/runs/${runId}/status`)).body).toMatchObject({ status: { verdict: "no_go" } });
    expect(await verdict()).toBe("no_go");
    await tick(quinn, runId, "go-live-checklist-2");
    // The watcher did nothing: the last required tick reaches it over the live stream.
    // (Bounded below the status's 30 s re-read, so only the live stream can bring it in time.)
    await expect.poll(verdict, { timeout: 15_000 }).toBe("go");
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    await watcher.screenshot({ path: `${SHOTS}new-run-6-go.png`, fullPage: true });
    console.log(`new-run e2e: document uploaded to GO seen in a second session in ${seconds} s (Chromium, embedded store)`);
    const ngaCtx = await chrome.newContext();
    const nga = await signIn(ngaCtx, "nga", `/runs/${runId}/checklist`, NEW_PASSWORD);
    expect(await nga.getByTestId("item-title-go-live-checklist-3").innerText()).toBe("Status page message drafted and approved");
    await tick(nga, runId, "go-live-checklist-3");
    // Every screen of a run whose runbook has no steps, gates, checks or timeline says so, on a phone too.
    const phoneCtx = await chrome.newContext({ viewport: { width: 390, height: 844 } });
    const phone = await signIn(phoneCtx, "quinn", `/runs/${runId}`);
    for (const screen of ["gates", "checks", "steps", "timeline"]) {
      await phone.goto(`${server.url}/runs/${runId}/${screen}`);
      await phone.getByTestId("empty-state").first().waitFor();
      await phone.screenshot({ path: `${SHOTS}new-run-phone-${screen}.png`, fullPage: true });
    }
    await phone.goto(`${server.url}/runs/${runId}/checklist`);
    await phone.getByTestId("tick-go-live-checklist-1").waitFor();
    const button = await phone.getByTestId("tick-go-live-checklist-1").evaluate((b: { scrollWidth: number; clientWidth: number }) => ({ scroll: b.scrollWidth, client: b.clientWidth }));
    expect(button.scroll, "the Tick button shows its whole word").toBeLessThanOrEqual(button.client);
    await phone.screenshot({ path: `${SHOTS}new-run-phone-checklist.png`, fullPage: true });
    for (const c of [adminCtx, watchCtx, patCtx, quinnCtx, ngaCtx, phoneCtx]) await c.close();
  }, 120_000);

  it("says where each register row went and takes the reader to that item in the preview; a row's markup stays text", async () => {
    const ctx = await chrome.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await signIn(ctx, "pat", "/new-run");
    await page.locator('input[type="file"]').setInputFiles({ name: "payments.md", mimeType: "text/markdown", buffer: Buffer.from(REGISTERS) });
    const located = page.getByTestId("located");
    await located.waitFor();
    const rows = (await located.locator("tr").allInnerTexts()).map((r) => r.replace(/\s+/g, " ").trim());
    expect(rows).toEqual([
      "line 11 risk Mitigation in place: Card processor times out R1",
      'line 12 risk Mitigation in place: Refund <img src=x onerror="window.__pwned=1"> job stalls R2',
      "line 18 question Who signs the cutover? Q1",
    ]);
    expect(await page.getByTestId("import-report").locator("img").count()).toBe(0);
    expect(await page.evaluate("typeof window.__pwned")).toBe("undefined");
    await page.getByTestId("located-go-Q1").click();
    // The cursor is in that item's title in the preview.
    const title = page.getByTestId("preview-item-Q1").locator("input").first();
    expect(await title.evaluate((el: { value: string; ownerDocument: { activeElement: unknown } }) => [el.ownerDocument.activeElement === el, el.value])).toEqual([true, "Who signs the cutover?"]);
    await page.screenshot({ path: `${SHOTS}new-run-located.png`, fullPage: true });
    await ctx.close();
  }, 120_000);

  it("previews a real team's document with its tasks beside the report, on a desktop and a phone", async () => {
    const doc = readFileSync(fileURLToPath(new URL("../src/format/markdown/fixtures/003_a20818a6074b355d.txt", import.meta.url)));
    for (const [name, viewport] of [["desktop", { width: 1366, height: 900 }], ["phone", { width: 390, height: 844 }]] as const) {
      const ctx = await chrome.newContext({ viewport, locale: "vi-VN" });
      const page = await signIn(ctx, "pat", "/new-run");
      await page.locator('input[type="file"]').setInputFiles({ name: "erp-cutover.md", mimeType: "text/markdown", buffer: doc });
      await page.getByTestId("runbook-preview").waitFor();
      // The cutover's hour-by-hour tasks, as the team wrote them (mis-decoded text repaired).
      const timeline = page.getByTestId("preview-timeline");
      expect(await timeline.locator('input[value="Validate record counts"]').count()).toBe(1);
      expect(await timeline.locator('input[value="Team standup call - xác nhận ready"]').count()).toBe(1);
      expect(await page.getByTestId("import-report").innerText()).toMatch(/Cái gì thành cái gì/);
      await page.screenshot({ path: `${SHOTS}new-run-seed-003-${name}.png`, fullPage: true });
      await ctx.close();
    }
  }, 120_000);
});
