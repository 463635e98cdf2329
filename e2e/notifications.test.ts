import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookChannel } from "../src/server/notify/webhook.ts";
import { startHttpSink, type HttpSink } from "../src/testing/http-sink.ts";
import { launchChromium, type TestBrowser } from "./support/browser.ts";
import { signInAt } from "./support/sign-in.ts";
import { ensureWebBuild, startWebApp, type WebApp } from "./support/web-app.ts";

// The notifications screen in Chromium: a run's channels (the server's webhook and the runbook's
// route), the delivery log with a delivery being retried, and a test send by an editor that
// really reaches the route's receiver; a viewer sees no test send.

const SHOTS = fileURLToPath(new URL("./screenshots/", import.meta.url));
const RUN = "wa-prod";
const EXAMPLE = "whatsapp-inbox.yaml";
const SERVER_SECRET = "e2e-server-signing-secret-0123";
const ROUTE_SECRET = "e2e-route-signing-secret-4567";
let server: WebApp;
let chrome: TestBrowser;
let serverHook: HttpSink;
let routeHook: HttpSink;

beforeAll(async () => {
  await ensureWebBuild();
  serverHook = await startHttpSink();
  routeHook = await startHttpSink();
  const source = `${readFileSync(fileURLToPath(new URL(`../examples/${EXAMPLE}`, import.meta.url)), "utf8")}
notify:
  routes:
    - id: oncall-hook
      webhook: "${routeHook.url}"
      secret: "\${env:WA_INBOX_HOOK_SECRET}"
      events: [incident.*]
      severities: [P0, P1]
      test: true
`;
  // The server's webhook answers 503 first: its delivery is retried, as the log shows.
  serverHook.answer(503);
  server = await startWebApp([{ id: RUN, name: "WhatsApp Inbox go-live", example: EXAMPLE, assignments: { oncall: ["pat"] } }], {
    checkEnvAllow: ["WA_INBOX_*"],
    checkEnv: { WA_INBOX_HOOK_SECRET: ROUTE_SECRET },
    notify: { channels: [webhookChannel({ id: "server:webhook", url: serverHook.url, secret: SERVER_SECRET })] },
    sources: { [EXAMPLE]: source },
  });
  const opened = await server.call("pat", "POST", `/api/runs/${RUN}/incidents`, { title: "Webhook Meta tertunda", severity: "P1" });
  if (opened.status !== 201) throw new Error(`incident: ${JSON.stringify(opened.body)}`);
  await serverHook.waitFor(1);
  await routeHook.waitFor(1);
  chrome = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await chrome?.close();
  await server?.close();
  await serverHook?.close();
  await routeHook?.close();
});

async function open(user: string, lang = "en"): Promise<Page> {
  const ctx = await chrome.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await ctx.newPage();
  await signInAt(page, `${server.url}/runs/${RUN}/notifications`, user);
  await page.evaluate(`localStorage.setItem("golive.lang", ${JSON.stringify(lang)})`);
  await page.goto(`${server.url}/runs/${RUN}/notifications`);
  await page.getByTestId("notify-channels").waitFor();
  return page;
}

describe("notifications screen in Chromium", () => {
  it("shows the routes and the delivery log, and an editor's test send reaches the route", async () => {
    const page = await open("pat");
    const channels = page.getByTestId("notify-channels");
    expect(await channels.locator("[data-channel]").count()).toBe(2);
    expect(await channels.locator('[data-channel="server:webhook"]').innerText()).toMatch(/Server-wide[\s\S]*all events/);
    const route = channels.locator('[data-channel="runbook:whatsapp-inbox:oncall-hook"]');
    expect(await route.innerText()).toMatch(/test channel[\s\S]*This runbook[\s\S]*incident\.\*[\s\S]*P0, P1/i);
    expect(await route.innerText()).toContain(routeHook.url);
    const log = page.getByTestId("notify-deliveries");
    expect(await log.locator('[data-state="retrying"]').innerText()).toMatch(/Incident opened[\s\S]*server:webhook[\s\S]*retrying[\s\S]*HTTP 503/i);
    expect(await log.locator('[data-state="sent"]').innerText()).toMatch(/Incident opened[\s\S]*runbook:whatsapp-inbox:oncall-hook[\s\S]*sent/i);
    const body = await page.content();
    expect(body).not.toContain(ROUTE_SECRET);
    expect(body).not.toContain(SERVER_SECRET);

    await page.getByTestId("test-send-runbook:whatsapp-inbox:oncall-hook").click();
    await page.getByTestId("test-queued").waitFor();
    const [, test] = await routeHook.waitFor(2);
    expect(JSON.parse(test?.body ?? "{}")).toMatchObject({ type: "test", data: { by: "pat" } });
    await log.locator('[data-state="sent"]', { hasText: "Test notification" }).waitFor();
    await page.screenshot({ path: `${SHOTS}notifications-desktop.png`, fullPage: true });
    await page.context().close();
  });

  it("says it in Indonesian, and shows a viewer no test send", async () => {
    const page = await open("vic", "id");
    expect(await page.locator("h1").innerText()).toBe("Notifikasi");
    expect((await page.getByTestId("notify-channels").innerText()).toLowerCase()).toContain("kanal uji");
    expect(await page.locator('[data-testid^="test-send-"]').count()).toBe(0);
    expect(await page.getByText("Hanya editor dan admin yang dapat mengirim uji.").count()).toBe(1);
    await page.context().close();
  });
});
