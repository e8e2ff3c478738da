import {
  evolveArticle,
  initialArticleState,
  SYSTEM_ACTOR,
  type Actor,
  type ArticleCommand,
  type ArticleState,
} from '@galley/editorial';
import { decider, eddie, fay, pat, wanda } from '../../../../libs/editorial/src/testing';
import type { Publication } from './claim-review';
import { NEWS_ARTICLE_REQUIRED, newsArticleJsonLd, newsArticleProblems, retractionNotice } from './news-article.json-ld';

const PUBLICATION: Publication = { name: 'The Compute Letter', url: 'https://news.example.org' };
const URL = 'https://news.example.org/articles/the-bill-for-the-ai-build-out';

const BODY = [
  'Microsoft expects to spend $40 billion of capex in 2025, most of it on data centres.',
  '',
  'Whether the spending pays off is another question.',
].join('\n');

const at = (minute: number) => new Date(Date.UTC(2025, 2, 10, 9, minute));
const iso = (minute: number) => at(minute).toISOString();

/** An article driven through the real decider, one command a minute. */
class Article {
  state: ArticleState = initialArticleState();
  run(type: ArticleCommand['type'], actor: Actor, data: Record<string, unknown>, minute: number): this {
    const command = { type, data: { ...data, articleId: 'json-ld-1' }, metadata: { actor, now: at(minute) } } as unknown as ArticleCommand;
    for (const event of decider.decide(command, this.state)) this.state = evolveArticle(this.state, event);
    return this;
  }
  correct(kind: 'SILENT_FIX' | 'CORRECTION', body: string, note: string | null, minute: number): this {
    return this.run('IssueCorrection', eddie, { kind, body, note }, minute);
  }
}

function approved(series: string | null = 'Compute Economics'): Article {
  const article = new Article()
    .run('DraftArticle', wanda, { title: 'The bill for the AI build-out', dek: 'Spending as if demand were guaranteed.', body: BODY, series }, 0)
    .run('SubmitForFactCheck', wanda, {}, 1);
  for (const claim of article.state.claims) article.run('RecordVerdict', fay, { claimId: claim.id, status: 'VERIFIED', evidence: [], note: null }, 2);
  const { pendingSummaryRequest, bodyHash } = article.state;
  return article
    .run('RecordSummary', SYSTEM_ACTOR, {
      requestId: pendingSummaryRequest,
      text: 'Spending outpaces demand.',
      provider: 'extractive',
      model: null,
      promptTemplateId: null,
      promptHash: null,
      parameters: {},
      sourceHash: bodyHash,
      sourceType: null,
      fallbackFrom: null,
    }, 3)
    .run('SubmitForReview', wanda, {}, 4)
    .run('ApproveArticle', eddie, { comment: null }, 5);
}

function published(series: string | null = 'Compute Economics'): Article {
  return approved(series).run('PublishArticle', pat, { slot: { edition: 15, slug: 'the-bill-for-the-ai-build-out' } }, 10);
}

const jsonLd = (state: ArticleState) => newsArticleJsonLd(state, PUBLICATION) as Record<string, any>;

describe('newsArticleJsonLd', () => {
  it('describes a published article with every required property, correctly typed', () => {
    const doc = jsonLd(published().state);
    expect(newsArticleProblems(doc)).toEqual([]);
    expect(doc).toEqual({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: 'The bill for the AI build-out',
      description: 'Spending as if demand were guaranteed.',
      datePublished: iso(10),
      dateModified: iso(10),
      author: { '@type': 'Person', name: 'Wanda Writer' },
      publisher: { '@type': 'Organization', name: 'The Compute Letter', url: 'https://news.example.org' },
      url: URL,
      mainEntityOfPage: { '@type': 'WebPage', '@id': URL },
      inLanguage: 'en',
      isPartOf: { '@type': 'CreativeWorkSeries', name: 'Compute Economics' },
    });
  });

  it('leaves out the series when the article belongs to none', () => {
    const doc = jsonLd(published(null).state);
    expect(newsArticleProblems(doc)).toEqual([]);
    expect(doc).not.toHaveProperty('isPartOf');
  });

  it('lists each public correction as a CorrectionComment and dates the page by the last one; silent fixes leave no trace', () => {
    const state = published()
      .correct('SILENT_FIX', BODY.replace('centres', 'centers'), null, 20)
      .correct('CORRECTION', BODY.replace('$40 billion', '$80 billion'), 'An earlier version of this article understated the capex.', 30)
      .correct('SILENT_FIX', BODY.replace('$40 billion', '$80 billion').replace('another', 'a different'), null, 40)
      .correct('CORRECTION', BODY.replace('$40 billion', '$80 billion').replace('2025', 'fiscal 2025'), 'An earlier version gave the calendar year.', 50).state;
    const doc = jsonLd(state);
    expect(newsArticleProblems(doc)).toEqual([]);
    expect(doc.correction).toEqual([
      { '@type': 'CorrectionComment', text: 'An earlier version of this article understated the capex.', datePublished: iso(30) },
      { '@type': 'CorrectionComment', text: 'An earlier version gave the calendar year.', datePublished: iso(50) },
    ]);
    expect(doc.dateModified).toBe(iso(50));
  });

  it('gives a silently fixed article no correction and keeps its publication date as dateModified', () => {
    const doc = jsonLd(published().correct('SILENT_FIX', BODY.replace('centres', 'centers'), null, 20).state);
    expect(newsArticleProblems(doc)).toEqual([]);
    expect(doc).not.toHaveProperty('correction');
    expect(doc.dateModified).toBe(iso(10));
  });

  it('marks a retracted article as such: the reason as its description and a notice dated the retraction', () => {
    const reason = 'The central figure could not be substantiated.';
    const state = published()
      .correct('CORRECTION', BODY.replace('$40 billion', '$80 billion'), 'An earlier version understated the capex.', 30)
      .run('RetractArticle', eddie, { reason }, 60).state;
    const doc = jsonLd(state);
    expect(newsArticleProblems(doc)).toEqual([]);
    expect(doc).toMatchObject({
      headline: 'The bill for the AI build-out',
      creativeWorkStatus: 'Retracted',
      description: retractionNotice(reason),
      datePublished: iso(10),
      dateModified: iso(60),
    });
    expect(doc.description).toContain(reason);
    expect(doc.correction.at(-1)).toEqual({ '@type': 'CorrectionComment', text: retractionNotice(reason), datePublished: iso(60) });
    expect(JSON.stringify(doc)).not.toContain('Spending as if demand');
  });

  it('has no document for an article that was never published', () => {
    expect(newsArticleJsonLd(approved().state, PUBLICATION)).toBeNull();
    expect(newsArticleJsonLd(approved().run('PublishArticle', pat, { at: at(90) }, 6).state, PUBLICATION)).toBeNull();
    expect(newsArticleJsonLd(approved().run('DiscardArticle', eddie, { reason: 'Overtaken by events.' }, 6).state, PUBLICATION)).toBeNull();
  });
});

describe('newsArticleProblems', () => {
  const valid = () => jsonLd(published().state);

  it.each(NEWS_ARTICLE_REQUIRED)('reports a document without %s', (path) => {
    const doc = structuredClone(valid());
    const keys = path.split('.');
    const parent = keys.slice(0, -1).reduce((node, key) => node[key], doc);
    delete parent[keys.at(-1)!];
    expect(newsArticleProblems(doc)).toContain(`missing ${path}`);
  });

  it('reports dates that are not UTC instants, relative URLs and a malformed correction', () => {
    const doc = {
      ...valid(),
      datePublished: '2025-03-10T10:10:00+01:00',
      url: '/articles/the-bill',
      correction: [{ '@type': 'Comment', text: '', datePublished: '10 March 2025' }],
    };
    expect(newsArticleProblems(doc)).toEqual([
      'url is not an absolute URL',
      'correction.0 is not a CorrectionComment',
      'correction.0 has no text',
      'datePublished is not an ISO 8601 UTC date-time',
      'correction.0.datePublished is not an ISO 8601 UTC date-time',
    ]);
  });
});
