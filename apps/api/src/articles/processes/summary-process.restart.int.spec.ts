import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testArticle } from '../summaries/testing/model-summarizer.contract';
import { GatedSummarizer, SummaryProcessRig, until } from '../summaries/testing/summary-process.rig';

const SECOND = { ...testArticle, title: 'A second article, to see the process past the first' };

describe('the summary process, stopped while its summarizer is still working', () => {
  let dataDir: string;
  const open: SummaryProcessRig[] = [];
  const openRig = (summarizer: GatedSummarizer) => {
    const rig = SummaryProcessRig.open(dataDir, summarizer);
    open.push(rig);
    return rig;
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'galley-summary-process-'));
  });
  afterEach(async () => {
    for (const rig of open.splice(0)) await rig.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the request, and on restart from its checkpoint produces the summary exactly once', async () => {
    const slow = new GatedSummarizer('The answer the stopped process never gave.');
    const first = openRig(slow);
    const articleId = await first.articleInSummarize(testArticle);
    await until(() => slow.asked.length === 1, 'the summarizer to start on the request');

    // Stopping must not wait for the model: the request stays behind the checkpoint.
    await first.close();
    open.splice(open.indexOf(first), 1);

    const restarted = new GatedSummarizer('Porthaven doubled its protected bike lanes in March 2025.');
    restarted.release();
    const second = openRig(restarted);
    const [generated] = await until(async () => {
      const events = await second.events(articleId, 'SummaryGenerated');
      return events.length > 0 ? events : null;
    }, 'the summary after the restart');
    expect(generated.data).toMatchObject({ requestId: 'sr1', text: 'Porthaven doubled its protected bike lanes in March 2025.', provider: 'gated' });
    expect(generated.metadata.actor).toMatchObject({ id: 'system' });

    // The stopped process's summarizer finally answers: nobody is waiting for it any more.
    slow.release();
    // A later request, once answered, shows the process has gone past the first article.
    const sentinel = await second.articleInSummarize(SECOND);
    await until(async () => (await second.events(sentinel, 'SummaryGenerated')).length === 1, 'the second article’s summary');

    expect(await second.events(articleId, 'SummaryGenerated')).toHaveLength(1);
    expect(restarted.asked).toEqual([testArticle.title, SECOND.title]);
    expect((await second.state(articleId)).summary).toMatchObject({ provider: 'gated', text: (generated.data as { text: string }).text });
  });

  it('does not summarize an answered request again after a further restart', async () => {
    const quick = new GatedSummarizer('Porthaven doubled its protected bike lanes in March 2025.');
    quick.release();
    const first = openRig(quick);
    const articleId = await first.articleInSummarize(testArticle);
    await until(async () => (await first.events(articleId, 'SummaryGenerated')).length === 1, 'the summary');
    await first.close();
    open.splice(open.indexOf(first), 1);

    const again = new GatedSummarizer('A second summary that must never be made.');
    again.release();
    const second = openRig(again);
    const sentinel = await second.articleInSummarize(SECOND);
    await until(async () => (await second.events(sentinel, 'SummaryGenerated')).length === 1, 'the second article’s summary');

    expect(again.asked).toEqual([SECOND.title]);
    expect(await second.events(articleId, 'SummaryGenerated')).toHaveLength(1);
  });
});
