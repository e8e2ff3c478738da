import type { Browser, Page } from 'playwright-core';
import { rmSync } from 'node:fs';
import { ARTICLE } from '../e2e/support/article.fixture';
import { removeDataDir, startGalley, type Galley } from '../e2e/support/galley.harness';
import { buildWebDesk, launchChromium, screenshot, signIn, whyNoBrowser, type Desk } from './support/web-desk.browser';

/**
 * The web desk in a real browser (Debian's Chromium, headless) against the real app on a temporary
 * data folder, running with its development secret so the demo users are one click away.
 */
const problem = whyNoBrowser();
if (problem) process.stdout.write(`Skipping the browser tests: ${problem}\n`);
const describeWithBrowser = problem ? describe.skip : describe;

jest.setTimeout(240_000);

describeWithBrowser('the web desk in a browser', () => {
  let galley: Galley;
  let browser: Browser;
  let webDir: string;
  const desks: Desk[] = [];

  beforeAll(async () => {
    webDir = buildWebDesk();
    process.env.GALLEY_WEB_DIR = webDir;
    galley = await startGalley({ env: { GALLEY_JWT_SECRET: '' } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(desks.map((desk) => desk.context.close()));
    await browser?.close();
    await galley?.stop();
    if (galley) removeDataDir(galley.dataDir);
    delete process.env.GALLEY_WEB_DIR;
    if (webDir) rmSync(webDir, { recursive: true, force: true });
  });

  async function deskOf(name: string): Promise<Page> {
    const desk = await signIn(browser, galley.url, name);
    desks.push(desk);
    return desk.page;
  }

  async function draftInBrowser(page: Page, title: string): Promise<string> {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New article' }).click();
    await page.getByLabel('Series').fill(ARTICLE.series);
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Dek').fill(ARTICLE.dek);
    await page.getByLabel('Body (Markdown)').fill(ARTICLE.body);
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    return new URL(page.url()).pathname;
  }

  const about = (page: Page) => page.getByRole('region', { name: 'About the article' });

  it('takes an article from draft to published with four people in four browsers', async () => {
    const wanda = await deskOf('Wanda Writer');
    const eddie = await deskOf('Eddie Editor');
    const fay = await deskOf('Fay Checker');
    const pat = await deskOf('Pat Publisher');
    const title = 'The compute bill comes due';

    // Wanda drafts in the editor, with its preview, and submits for fact-checking.
    await wanda.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New article' }).click();
    await wanda.getByLabel('Series').fill(ARTICLE.series);
    await wanda.getByLabel('Title').fill(title);
    await wanda.getByLabel('Dek').fill(ARTICLE.dek);
    await wanda.getByLabel('Body (Markdown)').fill(ARTICLE.body);
    await wanda.getByRole('region', { name: 'Preview' }).getByRole('heading', { name: 'Where the money goes' }).waitFor();
    await screenshot(wanda, '02-new-article-editor');
    await wanda.getByRole('button', { name: 'Create draft' }).click();
    await about(wanda).getByText('Draft', { exact: true }).waitFor();
    const path = new URL(wanda.url()).pathname;
    // A writer neither approves nor publishes: those buttons are not there.
    expect(await wanda.getByRole('button', { name: 'Approve…' }).count()).toBe(0);
    expect(await wanda.getByRole('button', { name: 'Publish…' }).count()).toBe(0);
    await wanda.getByRole('button', { name: 'Submit for fact-check' }).click();
    await about(wanda).getByText('Fact-check', { exact: true }).waitFor();
    await wanda.getByRole('tab', { name: /Claims/ }).click();
    await wanda.getByRole('list', { name: 'Claims' }).getByRole('listitem').first().waitFor();
    await screenshot(wanda, '04-article-claims');

    // Fay works through the claim queue: evidence and a click for the first, keyboard shortcuts after.
    await fay.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Claim desk' }).click();
    const queue = fay.getByRole('list', { name: 'Claims waiting' });
    await queue.getByRole('listitem').first().waitFor();
    await fay.getByRole('form', { name: 'Verdict' }).waitFor();
    await screenshot(fay, '03-claim-desk');
    await fay.getByLabel('Evidence URL').fill('https://example.org/filing');
    await fay.getByLabel('Evidence title').fill('Annual report');
    await fay.getByLabel('Note').fill('Company guidance, checked against the filing.');
    await fay.getByRole('button', { name: /^Attributed/ }).click();
    await fay.getByRole('status').filter({ hasText: 'Recorded Attributed' }).waitFor();
    for (let left = await queue.getByRole('listitem').count(); left > 0; left = await queue.getByRole('listitem').count()) {
      await fay.getByRole('form', { name: 'Verdict' }).waitFor();
      await fay.getByRole('heading', { name: /Claim/ }).getByText('Pending').waitFor();
      await fay.keyboard.press('v');
      await expectCount(() => queue.getByRole('listitem').count(), left - 1);
    }
    await fay.getByText('No claim is waiting.').waitFor();

    // The summary arrives by itself; Wanda sees it live and submits for review.
    await wanda.getByRole('tab', { name: 'Provenance' }).click();
    await wanda.getByLabel('Disclosure line').waitFor();
    await screenshot(wanda, '05-article-provenance');
    await wanda.getByRole('button', { name: 'Submit for review' }).click();
    await about(wanda).getByText('Review', { exact: true }).waitFor();

    // Eddie approves; Pat publishes.
    await eddie.goto(`${galley.url}${path}`);
    await eddie.getByRole('button', { name: 'Approve…' }).click();
    await eddie.getByLabel('Comment (optional)').fill('Clear and fair.');
    await eddie.getByRole('button', { name: 'Confirm approval' }).click();
    await about(eddie).getByText('Approved', { exact: true }).waitFor();

    await pat.goto(`${galley.url}${path}`);
    await pat.getByRole('button', { name: 'Publish…' }).click();
    await pat.getByRole('button', { name: 'Publish now' }).click();
    await about(pat).getByText('Published', { exact: true }).waitFor();
    await about(pat).getByText('edition #1').waitFor();
    await screenshot(pat, '06-article-published');

    // The history: every step with its actor, the article as it stood, and a diff.
    await pat.getByRole('tab', { name: 'History' }).click();
    const timeline = pat.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('Article published').waitFor();
    await timeline.getByText(/Fay Checker/).first().waitFor();
    await pat.getByRole('slider').focus();
    await pat.keyboard.press('Home');
    await pat.getByRole('article', { name: 'The article at version 1' }).getByText('Draft', { exact: true }).waitFor();
    await screenshot(pat, '07-article-history');

    // The board shows it published, to everyone.
    await eddie.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await eddie.getByRole('list', { name: 'Published articles' }).getByRole('link', { name: title }).waitFor();
    await screenshot(eddie, '01-dashboard');
  });

  it('shows a second person a change the moment it is made, without a reload', async () => {
    const eddie = await deskOf('Eddie Editor');
    const wanda = await deskOf('Wanda Writer');
    const title = 'Who pays for the buildout';
    await eddie.getByRole('heading', { name: /^Draft/ }).waitFor();
    expect(await eddie.getByRole('link', { name: title }).count()).toBe(0);

    await draftInBrowser(wanda, title);
    await eddie.getByRole('list', { name: 'Draft articles' }).getByRole('link', { name: title }).waitFor();

    await wanda.getByRole('button', { name: 'Submit for fact-check' }).click();
    await eddie.getByRole('list', { name: 'Fact-check articles' }).getByRole('link', { name: title }).waitFor();
    expect(await eddie.getByRole('list', { name: 'Draft articles' }).getByRole('link', { name: title }).count()).toBe(0);
  });

  it('shows a CONFLICT when someone else saved first, and resolves it with the latest version', async () => {
    const wanda = await deskOf('Wanda Writer');
    const eddie = await deskOf('Eddie Editor');
    const path = await draftInBrowser(wanda, 'Two hands on one draft');
    await eddie.goto(`${galley.url}${path}`);

    // Wanda starts an edit; Eddie saves his first.
    await wanda.getByLabel('Dek').fill('Wanda’s sharper dek.');
    await eddie.getByLabel('Title').fill('Two hands on one draft, edited');
    await eddie.getByRole('button', { name: 'Save revision' }).click();
    await eddie.getByText('Editing version 2').waitFor();

    await wanda.getByRole('button', { name: 'Save revision' }).click();
    const alert = wanda.getByRole('alert');
    await alert.getByText(/Someone else changed this article/).waitFor();
    await screenshot(wanda, '08-conflict');

    await alert.getByRole('button', { name: 'Load the latest version' }).click();
    await expectValue(() => wanda.getByLabel('Title').inputValue(), 'Two hands on one draft, edited');
    await wanda.getByText('Your unsaved text (from before you loaded the latest version)').waitFor();
    await wanda.getByLabel('Dek').fill('Wanda’s sharper dek.');
    await wanda.getByRole('button', { name: 'Save revision' }).click();
    await wanda.getByText('Editing version 3').waitFor();
    expect(await wanda.getByRole('alert').count()).toBe(0);
    await expectValue(() => wanda.getByLabel('Dek').inputValue(), 'Wanda’s sharper dek.');
  });
});

/** Waits until `read` answers `expected` (the page updates by itself), then asserts it. */
async function expectValue<T>(read: () => Promise<T>, expected: T): Promise<void> {
  let value = await read();
  for (let attempt = 0; attempt < 300 && value !== expected; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  expect(value).toEqual(expected);
}

const expectCount = expectValue<number>;
