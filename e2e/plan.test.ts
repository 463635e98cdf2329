import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type TestBrowser } from "./support/browser.ts";
import { ensureWebBuild, startWebApp, type WebApp } from "./support/web-app.ts";
import { signInAt } from "./support/sign-in.ts";

// The plan view (Gantt) of seed 003's cutover day in Chromium, on a desktop and on a phone: a
// rehearsal whose phase 1 ran late, at 08:20 on the day.

const SHOTS = fileURLToPath(new URL("./screenshots/", import.meta.url));
const RUN = "erp-rehearsal";
let server: WebApp;
let chrome: TestBrowser;

beforeAll(async () => {
  await ensureWebBuild();
  server = await startWebApp(
    [{ id: RUN, name: "ERP/WMS rehearsal", example: "erp-wms-cutover.yaml", date: "2026-05-30", kind: "rehearsal", assignments: { "tech-lead": ["pat"], dba: ["quinn"], devops: ["ben"], "qa-lead": ["cora"], "business-owner": ["admin"] } }],
    // The runbook's checks read these (none run here); the operator exposes them.
    { startAt: "2026-05-30T08:20:00+07:00", checkEnvAllow: ["ERP_URL", "ERP_DB_URL", "ERP_PROMETHEUS_URL"] },
  );
  const ok = async (r: Promise<{ status: number; body: unknown }>) => {
    const res = await r;
    if (res.status >= 300) throw new Error(`seed: ${res.status} ${JSON.stringify(res.body)}`);
  };
  await ok(server.call("admin", "POST", `/api/runs/${RUN}/phases/phase-1`, { started_at: "2026-05-30T06:00:00+07:00", ended_at: "2026-05-30T07:10:00+07:00" }));
  await ok(server.call("admin", "POST", `/api/runs/${RUN}/tasks/t-0630`, { started_at: "2026-05-30T07:10:00+07:00", ended_at: "2026-05-30T07:50:00+07:00" }));
  await ok(server.call("admin", "POST", `/api/runs/${RUN}/tasks/t-0700`, { started_at: "2026-05-30T07:50:00+07:00" }));
  chrome = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await chrome?.close();
  await server?.close();
});

async function signIn(width: number, height: number, lang = "en"): Promise<Page> {
  const ctx = await chrome.newContext({ viewport: { width, height } });
  const page = await ctx.newPage();
  await signInAt(page, `${server.url}/runs/${RUN}/plan`, "pat");
  await page.evaluate(`localStorage.setItem("golive.lang", ${JSON.stringify(lang)})`);
  await page.goto(`${server.url}/runs/${RUN}/plan`);
  await page.getByTestId("plan-gantt").waitFor();
  return page;
}

describe("plan view (Gantt) in Chromium", () => {
  it("shows every task on the time axis with planned and forecast bars, the critical path, now, the deadline and the checkpoints", async () => {
    const page = await signIn(1366, 900);
    const rows = page.locator('[data-testid^="plan-task-"]');
    expect(await rows.count()).toBe(28);
    expect(await page.locator('[data-testid^="plan-group-"]').count()).toBe(6);
    // Phase 1 ran 40 min over: the forecast finish passes 11:00.
    expect(await page.getByTestId("plan-finish").innerText()).toContain("Forecast finish 11:50");
    expect(await page.getByTestId("plan-critical-path").innerText()).toContain("t-0700 → t-0730");
    expect(await page.locator('[data-testid="plan-task-t-0700"][data-critical="true"][data-late="true"]').count()).toBe(1);
    const first = page.getByTestId("plan-task-t-0800");
    expect(await first.locator(".plan-planned").count()).toBe(1);
    expect(await first.locator(".plan-forecast").count()).toBe(1);
    expect(await first.locator('.plan-line[data-kind="now"]').count()).toBe(1);
    expect(await first.locator('.plan-line[data-kind="deadline"]').count()).toBe(1);
    expect(await first.locator('.plan-line[data-kind="checkpoint"]').count()).toBe(4);
    // The forecast bar of a late task sits right of its planned bar.
    const box = async (sel: string) => (await first.locator(sel).boundingBox())?.x ?? 0;
    expect(await box(".plan-forecast")).toBeGreaterThan(await box(".plan-planned"));
    expect(await page.getByTestId("run-kind").getAttribute("data-kind")).toBe("rehearsal");
    await page.screenshot({ path: `${SHOTS}plan-desktop.png`, fullPage: true });
    await page.goto(`${server.url}/runs/${RUN}`);
    await page.getByTestId("forecast-finish").waitFor();
    expect(await page.getByTestId("forecast-finish").innerText()).toMatch(/11:50[\s\S]*50 min/);
    await page.context().close();
  });

  it("is readable on a phone: labels above full-width bars, no sideways scrolling", async () => {
    const page = await signIn(390, 844, "vi");
    expect(await page.getByTestId("plan-finish").innerText()).toContain("Dự báo hoàn tất");
    const track = await page.getByTestId("plan-task-t-0800").locator(".plan-track").boundingBox();
    expect(track?.width ?? 0).toBeGreaterThan(300);
    expect(await page.evaluate<boolean>("document.documentElement.scrollWidth <= window.innerWidth + 1")).toBe(true);
    await page.screenshot({ path: `${SHOTS}plan-phone-vi.png`, fullPage: true });
    await page.context().close();
  });
});
