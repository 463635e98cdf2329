import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type TestBrowser } from "./support/browser.ts";
import { signInAt } from "./support/sign-in.ts";
import { ensureWebBuild, startWebApp, type WebApp } from "./support/web-app.ts";

// Seed 003's hypercare on the run dashboard in Chromium: the go-live was at 11:00 yesterday, it is
// 09:00 now, so two hours of the 24 h are left; the first-24h thresholds have no results and the
// end-of-day checklist is open, so it may not close. The tech lead extends it with a reason; a
// viewer, in Vietnamese, sees the clock and the criteria and no buttons.

const SHOTS = fileURLToPath(new URL("./screenshots/", import.meta.url));
const RUN = "erp-live";
let server: WebApp;
let chrome: TestBrowser;

beforeAll(async () => {
  await ensureWebBuild();
  server = await startWebApp(
    [{ id: RUN, name: "ERP/WMS go-live", example: "erp-wms-cutover.yaml", date: "2026-05-30", goliveAt: "2026-05-30T11:00:00+07:00", assignments: { "tech-lead": ["pat"], dba: ["quinn"], devops: ["ben"], "qa-lead": ["cora"] } }],
    { startAt: "2026-05-31T09:00:00+07:00", checkEnvAllow: ["ERP_URL", "ERP_DB_URL", "ERP_PROMETHEUS_URL"] },
  );
  const p2 = await server.call("admin", "POST", `/api/runs/${RUN}/incidents`, { title: "Sales orders stuck in the queue", severity: "P2" });
  if (p2.status !== 201) throw new Error(`incident: ${p2.status} ${JSON.stringify(p2.body)}`);
  chrome = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await chrome?.close();
  await server?.close();
});

async function open(user: string, lang: string, width = 1366, height = 1100): Promise<Page> {
  const ctx = await chrome.newContext({ viewport: { width, height } });
  const page = await ctx.newPage();
  await signInAt(page, `${server.url}/runs/${RUN}`, user);
  await page.evaluate(`localStorage.setItem("golive.lang", ${JSON.stringify(lang)})`);
  await page.goto(`${server.url}/runs/${RUN}`);
  await page.getByTestId("hypercare").waitFor();
  return page;
}

describe("hypercare on the dashboard in Chromium", () => {
  it("shows the clock, each exit criterion's state and why it cannot close; the owner extends it with a reason", async () => {
    const page = await open("pat", "en", 1366, 2200);
    const card = page.getByTestId("hypercare");
    expect(await card.getAttribute("data-state")).toBe("running");
    expect(await page.getByTestId("hypercare-clock").innerText()).toMatch(/Time left in hypercare\s+(2:00:00|1:59:\d\d)/);
    const criteria = page.getByTestId("hypercare-criteria").locator(":scope > li");
    // 4 target and 4 alert checks of the first-24h window, 5 end-of-day items, 2 incident rules.
    expect(await criteria.count()).toBe(15);
    expect(await page.getByTestId("hypercare-criteria").locator('li[data-met="true"]').count()).toBe(1);
    const text = await card.innerText();
    expect(text).toContain("No incident of P1, P2 during hypercare");
    expect(text).toContain("Incidents during hypercare: P2 Sales orders stuck in the queue");
    expect(text).toContain("check error-rate has not run");
    const close = page.getByTestId("hypercare-close");
    expect(await close.innerText()).toBe("Cannot close yet");
    expect(await close.isDisabled()).toBe(true);
    await card.getByLabel("Extend by (e.g. 12h)").fill("12h");
    await card.getByLabel("Reason").fill("Order backlog from the migration");
    await card.getByRole("button", { name: "Extend" }).click();
    await page.getByText(/Extended by pat at .*: \+12 h/).waitFor();
    expect(await card.innerText()).toContain("Order backlog from the migration");
    expect(await page.getByTestId("hypercare-clock").innerText()).toMatch(/1[34]:\d\d:\d\d/);
    await card.screenshot({ path: `${SHOTS}hypercare-desktop.png` });
    // The report screen has it too: the period, each criterion, the incidents during it.
    await page.goto(`${server.url}/runs/${RUN}/report`);
    await page.getByTestId("report-hypercare").waitFor();
    expect(await page.getByTestId("report-hypercare").innerText()).toMatch(/Started 30 May 2026, 11:00 · Ends 31 May 2026, 23:00/);
    await page.context().close();
  });

  it("a viewer reads it in Vietnamese, without the close or extend buttons", async () => {
    const page = await open("vic", "vi", 390, 900);
    const card = page.getByTestId("hypercare");
    expect(await card.innerText()).toContain("Hypercare (hỗ trợ sau go-live)");
    expect(await card.innerText()).toContain("Tiêu chí kết thúc");
    expect(await page.getByTestId("hypercare-close").count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}hypercare-phone-vi.png`, fullPage: true });
    await page.context().close();
  });
});
