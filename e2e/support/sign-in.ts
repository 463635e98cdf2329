import type { Page } from "playwright-core";
import { PASSWORD } from "./web-app.ts";

/** Opens `url` in `page`, signs in on the login form it shows, and waits for the signed-in shell. */
export async function signInAt(page: Page, url: string, user: string, password = PASSWORD): Promise<Page> {
  await page.goto(url);
  await page.getByTestId("login-submit").waitFor();
  await page.locator('input[name="user"]').fill(user);
  await page.locator('input[name="password"]').fill(password);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("account-menu").waitFor();
  return page;
}
