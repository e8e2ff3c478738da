import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const ROOT = resolve(__dirname, '..', '..', '..');

/** Debian's Chromium (.ci/run installs it); the tests never download a browser build. */
export const CHROMIUM = process.env.GALLEY_CHROMIUM ?? '/usr/bin/chromium';
export const ARTEFACTS = join(ROOT, 'tests', 'browser', 'artefacts');

/** Why the browser tests cannot run here, or null when they can. */
export function whyNoBrowser(): string | null {
  return existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM} (apt-get install chromium, as .ci/run does)`;
}

/** Builds the web desk into a folder of its own, so the tests see the code under test and nothing stale. */
export function buildWebDesk(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'galley-web-'));
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--config', 'apps/web/vite.config.mts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: ROOT,
    // Jest runs with NODE_ENV=test; the desk is tested as it ships.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return outDir;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Without the background-networking switches Chromium reaches out on its own, and a closed network refuses it.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface Desk {
  readonly context: BrowserContext;
  readonly page: Page;
}

/** One person at the desk: a browser context of their own, signed in with the demo user's button. */
export async function signIn(browser: Browser, url: string, name: string): Promise<Desk> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: `Sign in as ${name}` }).click();
  await page.getByRole('heading', { name: 'Publishing dashboard' }).waitFor();
  return { context, page };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTEFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });
}
