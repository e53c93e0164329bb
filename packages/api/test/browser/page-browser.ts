/**
 * What the page tests share: Debian's chromium through playwright-core, phone presets, the
 * screenshot folder, the app served on a loopback port, and pages opened in a fresh phone
 * context that record any request leaving our server.
 */
import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { serve, type ServerType } from "@hono/node-server";
import { type Browser, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { expect } from "vitest";

export const CHROMIUM = "/usr/bin/chromium";
/** Skip only on a developer machine without chromium; in CI the tests must run. */
export const browserMissing = process.env.CI !== "true" && !existsSync(CHROMIUM);
export const OUT = fileURLToPath(new URL("../../test-output/", import.meta.url));
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } satisfies BrowserContextOptions;
export const SMALL_PHONE = { ...PHONE, viewport: { width: 360, height: 740 } } satisfies BrowserContextOptions;

export function launchChromium(): Promise<Browser> {
  mkdirSync(OUT, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"] });
}

/** Serves `fetch` on 127.0.0.1 at a free port; the app can be created after, with `base` as its public URL. */
export async function serveOnLoopback(fetch: (request: Request) => Response | Promise<Response>): Promise<{ server: ServerType; base: string }> {
  const server = serve({ fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve, reject) => (server.listening ? resolve() : server.once("listening", resolve).once("error", reject)));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Opens `url` in a fresh phone-sized context; requests off `base` are pushed to `external`. */
export async function openPhonePage(browser: Browser, base: string, external: string[], url: string, options: BrowserContextOptions & { locale: string }): Promise<Page> {
  const context = await browser.newContext({ ...PHONE, ...options });
  const page = await context.newPage();
  page.on("request", (request) => {
    if (!request.url().startsWith(base) && !request.url().startsWith("data:")) external.push(request.url());
  });
  const response = await page.goto(url);
  expect(response?.status()).toBe(200);
  return page;
}

/**
 * What every public page must do on a phone: its heading starts within `headingTopBelow`
 * pixels of the top, nothing scrolls sideways, no script runs. Then a full-page screenshot
 * `<shot>.png` in the test-output folder.
 */
export async function expectPhoneLayout(page: Page, headingTopBelow: number, shot: string): Promise<void> {
  const layout = await page.evaluate(() => ({
    h1Top: document.querySelector("h1")!.getBoundingClientRect().top,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    scripts: document.scripts.length,
  }));
  expect(layout.h1Top).toBeLessThan(headingTopBelow);
  expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
  expect(layout.scripts).toBe(0);
  await page.screenshot({ path: `${OUT}${shot}.png`, fullPage: true });
}

/** The heading's font size and the largest font size among `others` (a selector). */
export function headingAndLargestOther(page: Page, others: string): Promise<{ h1Size: number; maxSize: number }> {
  return page.evaluate((selector) => {
    const h1 = document.querySelector("h1")!;
    const rest = Array.from(document.querySelectorAll(selector)).filter((el) => !el.closest("h1"));
    return { h1Size: Number.parseFloat(getComputedStyle(h1).fontSize), maxSize: Math.max(...rest.map((el) => Number.parseFloat(getComputedStyle(el).fontSize))) };
  }, others);
}
