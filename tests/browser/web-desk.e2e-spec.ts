import type { Browser, Page } from 'playwright-core';
import { rmSync } from 'node:fs';
import { ARTICLE } from '../e2e/support/article.fixture';
import { approvedArticle, checkAllClaims, draft, freshSummary, must } from '../e2e/support/article.flow';
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
    await fay.getByRole('button', { name: 'Take this claim' }).click();
    await fay.getByText('Assigned to you.').waitFor();
    await fay.getByLabel('Show', { exact: true }).selectOption({ label: 'Assigned to me' });
    await expectCount(() => queue.getByRole('listitem').count(), 1);
    await fay.getByLabel('Show', { exact: true }).selectOption({ label: 'All claims' });
    await expectValue(async () => (await queue.getByRole('listitem').count()) > 1, true);
    await fay.getByLabel('Evidence URL').fill('https://example.org/filing');
    await fay.getByLabel('Evidence title').fill('Annual report');
    await fay.getByLabel('Note').fill('Company guidance, checked against the filing.');
    const waiting = await queue.getByRole('listitem').count();
    await fay.getByRole('button', { name: /^Attributed/ }).click();
    await fay.getByRole('status').filter({ hasText: 'Recorded Attributed' }).waitFor();
    // The banner shows before the queue is fetched again: count from the queue without that claim.
    await expectCount(() => queue.getByRole('listitem').count(), waiting - 1);
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
    await pat.getByLabel('Or as of a moment (UTC)').fill('2020-01-01T00:00:00');
    await pat.getByText(/did not exist yet/).waitFor();
    const inAMinute = new Date(Date.now() + 60_000).toISOString().slice(0, 19);
    await pat.getByLabel('Or as of a moment (UTC)').fill(inAMinute);
    await pat.getByRole('article', { name: `The article as of ${inAMinute}Z` }).getByText('Published', { exact: true }).waitFor();
    await pat.getByRole('button', { name: 'Back to the slider' }).click();
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
  it('refuses a bad token at sign-in with a clear message', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    desks.push({ context, page });
    await page.goto(galley.url);
    await page.getByRole('button', { name: 'Sign in as Wanda Writer' }).waitFor();
    await screenshot(page, '00-sign-in');
    await page.getByLabel('Token', { exact: true }).fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').getByText(/not signed in, or your token is no longer valid/).waitFor();
  });

  it('filters the board by stage, author and series', async () => {
    const tokens = await demoTokens(galley.url);
    const newsroom = { writer: tokens.wanda, editor: tokens.eddie, secondEditor: tokens.eddie, factChecker: tokens.fay, publisher: tokens.pat };
    await draft(galley, newsroom, { title: 'Chips and export controls', series: 'Chip Diplomacy' });
    await draft(galley, newsroom, { title: 'A second compute piece' });
    const eddie = await deskOf('Eddie Editor');
    const drafts = eddie.getByRole('list', { name: 'Draft articles' });
    await drafts.getByRole('link', { name: 'A second compute piece' }).waitFor();

    await eddie.getByLabel('Series').selectOption({ label: 'Chip Diplomacy' });
    await expectCount(() => drafts.getByRole('link', { name: 'A second compute piece' }).count(), 0);
    await drafts.getByRole('link', { name: 'Chips and export controls' }).waitFor();
    await eddie.getByLabel('Author').selectOption({ label: 'Wanda Writer' });
    await eddie.getByLabel('Stage').selectOption({ label: 'Draft' });
    await drafts.getByRole('link', { name: 'Chips and export controls' }).waitFor();
    expect(await eddie.getByRole('heading', { name: /^Published/ }).count()).toBe(0);

    await eddie.getByRole('button', { name: 'Clear filters' }).click();
    await drafts.getByRole('link', { name: 'A second compute piece' }).waitFor();

    // A deadline that has passed puts the article among the overdue.
    await drafts.getByRole('link', { name: 'Chips and export controls' }).click();
    await eddie.getByRole('button', { name: 'Set deadline…' }).click();
    await eddie.getByLabel('Due at').fill(localDateTime(new Date(Date.now() - 3600 * 1000)));
    await eddie.getByRole('button', { name: 'Save deadline' }).click();
    await about(eddie).getByText(/due /).waitFor();
    await eddie.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await eddie.getByRole('region', { name: 'Overdue' }).getByRole('link', { name: 'Chips and export controls' }).waitFor();
    await eddie.getByRole('list', { name: 'Draft articles' }).getByText('Overdue').waitFor();
    await screenshot(eddie, '12-dashboard-overdue');
  });

  it('sends an article back with a comment, schedules and cancels, publishes, corrects and retracts', async () => {
    const tokens = await demoTokens(galley.url);
    const newsroom = { writer: tokens.wanda, editor: tokens.eddie, secondEditor: tokens.eddie, factChecker: tokens.fay, publisher: tokens.pat };
    const drafted = await draft(galley, newsroom, { title: 'Who pays for the chips' });
    await checkAllClaims(galley, newsroom, await must(galley, 'submitForFactCheck', { id: drafted.id }, newsroom.writer));
    await freshSummary(galley, drafted.id, newsroom.writer);
    await must(galley, 'submitForReview', { id: drafted.id }, newsroom.writer);
    const approved = await approvedArticle(galley, newsroom, { title: 'Capex, quarter by quarter' });

    // Eddie sends the one in review back with a comment; Wanda reads it.
    const eddie = await deskOf('Eddie Editor');
    await eddie.goto(`${galley.url}/desk/articles/${drafted.id}`);
    await eddie.getByRole('button', { name: 'Request changes…' }).click();
    await eddie.getByLabel('What needs to change').fill('Say where the Memphis figure comes from.');
    await eddie.getByRole('button', { name: 'Send back to the writer' }).click();
    await about(eddie).getByText('Draft', { exact: true }).waitFor();
    const wanda = await deskOf('Wanda Writer');
    await wanda.goto(`${galley.url}/desk/articles/${drafted.id}`);
    await wanda.getByRole('region', { name: 'Reviews' }).getByText(/Say where the Memphis figure comes from/).waitFor();

    // Pat schedules, thinks again, and publishes now.
    const pat = await deskOf('Pat Publisher');
    await pat.goto(`${galley.url}/desk/articles/${approved.id}`);
    await pat.getByRole('button', { name: 'Publish…' }).click();
    await pat.getByLabel('At a time').check();
    await pat.getByLabel('Publish at').fill(localDateTime(new Date(Date.now() + 2 * 24 * 3600 * 1000)));
    await pat.getByRole('button', { name: 'Schedule' }).click();
    await about(pat).getByText('Scheduled', { exact: true }).waitFor();
    await screenshot(pat, '09-article-scheduled');
    await pat.getByRole('button', { name: 'Cancel schedule' }).click();
    await about(pat).getByText('Approved', { exact: true }).waitFor();
    await pat.getByRole('button', { name: 'Publish…' }).click();
    await pat.getByRole('button', { name: 'Publish now' }).click();
    await about(pat).getByText('Published', { exact: true }).waitFor();

    // Eddie asks for "read it as…" variants: a brief is written, plain language is declined by the offline summarizer.
    await eddie.goto(`${galley.url}/desk/articles/${approved.id}/provenance`);
    await eddie.getByRole('button', { name: 'Write “Brief”' }).click();
    await eddie.getByRole('article', { name: 'Brief variant' }).getByLabel('Disclosure line').waitFor();
    await eddie.getByRole('button', { name: 'Write “Plain language”' }).click();
    await eddie.getByText(/Plain language: extractive declined/).waitFor();

    // Eddie corrects the published text with a public note, then retracts it.
    await eddie.getByRole('tab', { name: 'Text' }).click();
    const body = await eddie.getByLabel('Body (Markdown)').inputValue();
    await eddie.getByLabel('Body (Markdown)').fill(body.replace('100,000 GPUs', '200,000 GPUs'));
    await eddie.getByLabel('Kind').selectOption('CORRECTION');
    await eddie.getByLabel('Public note', { exact: true }).fill('The Memphis cluster held 200,000 GPUs, not 100,000.');
    await eddie.getByRole('button', { name: 'Issue correction' }).click();
    await eddie.getByRole('tab', { name: 'Provenance' }).click();
    await eddie.getByRole('region', { name: 'Corrections' }).getByText(/held 200,000 GPUs, not 100,000/).waitFor();
    await screenshot(eddie, '10-article-corrected');
    await eddie.getByRole('tab', { name: 'History' }).click();
    await eddie.getByRole('deletion').filter({ hasText: '100,000' }).first().waitFor();
    await eddie.getByRole('insertion').filter({ hasText: '200,000' }).first().waitFor();
    await screenshot(eddie, '11-article-diff');
    await eddie.getByRole('button', { name: 'Retract…' }).click();
    await eddie.getByLabel('Public reason').fill('The sourcing did not hold up.');
    await eddie.getByRole('button', { name: 'Retract the article' }).click();
    await about(eddie).getByText('Retracted', { exact: true }).waitFor();
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

/** The demo users' tokens, as the sign-in page gets them. */
async function demoTokens(url: string): Promise<Record<string, string>> {
  const response = await fetch(`${url}/desk/demo-users`);
  const { users } = (await response.json()) as { users: { id: string; token: string }[] };
  return Object.fromEntries(users.map((user) => [user.id, user.token]));
}

/** What a datetime-local field takes, in the browser's zone (the contexts run in UTC). */
function localDateTime(date: Date): string {
  return date.toISOString().slice(0, 16);
}
