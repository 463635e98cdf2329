import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

/** Debian's Chromium; installed by scripts/install-deps.sh (never a downloaded browser). */
export const CHROMIUM = "/usr/bin/chromium";

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface ContextOptions {
  locale?: string;
  colorScheme?: "light" | "dark";
  viewport?: { width: number; height: number };
}

/** A headless Chromium; each context is an isolated browser profile (own cookies, storage). */
export interface TestBrowser {
  browser: Browser;
  newContext(opts?: ContextOptions): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * Launches Debian's Chromium headless; fails with the install hint when it is missing.
 * Playwright gives every launch a fresh temporary --user-data-dir and removes it on close.
 */
export async function launchChromium(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run \`bash scripts/install-deps.sh\` (installs Debian's chromium)`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  return {
    browser,
    newContext: async (opts = {}) => {
      const ctx = await browser.newContext({ locale: opts.locale ?? "en-GB", colorScheme: opts.colorScheme ?? "light", viewport: opts.viewport ?? { width: 1366, height: 900 } });
      // Waits for an element or a page end when it is there; 30 s (Playwright's default) is what a
      // loaded CI machine may need for one page, so the bound for a page that never comes is wider.
      ctx.setDefaultTimeout(90_000);
      return ctx;
    },
    close: () => browser.close(),
  };
}
