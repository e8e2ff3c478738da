import { SYSTEM_ACTOR, type Actor } from '../shared/actor';
import { fold } from '../shared/decider';
import type { ArticleCommand, ArticleCommandType, RecordSummary, RecordVariant, ReportVariantUnsupported } from '../article/article.commands';
import { articleDecider, type ArticleDecider } from '../article/article.decider';
import type { ArticleEvent } from '../article/article.events';
import { evolve, initialState } from '../article/article.evolve';
import type { ArticleState, Claim, ClaimStatus, VariantKind } from '../article/article.types';

export { SYSTEM_ACTOR };

/** The decider every spec runs, with DESIGN §7's default of one approval. */
export const decider = articleDecider({ requiredApprovals: 1 });
/** A newsroom that wants two editors to approve. */
export const twoApprovalsDecider = articleDecider({ requiredApprovals: 2 });

export const ARTICLE_ID = 'article-7f3c';

// A fixed clock: the domain never reads time, so every instant in a spec is one of these.
export const NOW = new Date('2025-03-10T09:00:00.000Z');
export function minutesAfterNow(minutes: number): Date {
  return new Date(NOW.getTime() + minutes * 60_000);
}
export const AT = NOW.toISOString();
export const TOMORROW = minutesAfterNow(24 * 60);
export const YESTERDAY = minutesAfterNow(-24 * 60);

export const wanda: Actor = { id: 'user-wanda', name: 'Wanda Writer', roles: ['writer'] };
export const eddie: Actor = { id: 'user-eddie', name: 'Eddie Editor', roles: ['editor'] };
export const erin: Actor = { id: 'user-erin', name: 'Erin Editor', roles: ['editor'] };
export const fay: Actor = { id: 'user-fay', name: 'Fay Fact-Checker', roles: ['fact_checker'] };
export const pat: Actor = { id: 'user-pat', name: 'Pat Publisher', roles: ['publisher'] };
export const ada: Actor = { id: 'user-ada', name: 'Ada Admin', roles: ['admin'] };
/** A writer who is not the author of the article under test. */
export const walt: Actor = { id: 'user-walt', name: 'Walt Writer', roles: ['writer'] };

export function person(actor: Actor) {
  return { id: actor.id, name: actor.name };
}

/** A realistic analysis piece: figures, money, a date, a company-reported number and a quote. */
export const ANALYSIS = {
  title: 'The bill for the AI build-out',
  dek: 'The hyperscalers are spending as if demand were guaranteed.',
  body: [
    'OpenAI says ChatGPT now has more than 300 million weekly users.',
    '',
    'Microsoft expects to spend $40 billion of capex in 2025, most of it on data centres.',
    '',
    'Claude 3 was released in March 2024 and set off a price war among the model makers.',
    '',
    'According to the company, its largest cluster holds 120,000 accelerators.',
    '',
    '"We are not building for this year\'s demand," said Satya Nadella, Microsoft\'s chief executive.',
    '',
    'Whether the spending pays off is another question.',
  ].join('\n'),
  series: 'Compute Wars',
};

/** Fragments that identify each claim sentence of ANALYSIS. */
export const CLAIMS = {
  users: 'more than 300 million weekly users',
  capex: '$40 billion of capex in 2025',
  release: 'released in March 2024',
  companyReported: '120,000 accelerators',
  quote: 'We are not building',
} as const;

/** An editor's note with nothing to check. */
export const NOTE_WITHOUT_CLAIMS = {
  title: 'A note from the editor',
  dek: '',
  body: 'We are changing how this newsletter looks. Thank you for reading.',
};

type CommandOf<T extends ArticleCommandType> = Extract<ArticleCommand, { type: T }>;
type DataOf<T extends ArticleCommandType> = Omit<CommandOf<T>['data'], 'articleId'>;

/** A command on ARTICLE_ID, issued by `actor` at `now` (NOW unless given). */
export function command<T extends ArticleCommandType>(type: T, actor: Actor, data: DataOf<T>, now: Date = NOW): CommandOf<T> {
  return { type, data: { ...data, articleId: ARTICLE_ID }, metadata: { actor, now } } as unknown as CommandOf<T>;
}

export function stateOf(events: readonly ArticleEvent[]): ArticleState {
  return fold({ evolve, initialState }, events);
}

/** The active claim whose sentence contains `fragment`; fails loudly when there is none. */
export function claimWith(events: readonly ArticleEvent[], fragment: string): Claim {
  const claim = stateOf(events).claims.find((c) => c.text.includes(fragment));
  if (claim === undefined) throw new Error(`No claim contains "${fragment}"`);
  return claim;
}

/** Runs commands through the decider, collecting the events they produce. */
export function history(events: readonly ArticleEvent[] = [], using: ArticleDecider = decider) {
  const all = [...events];
  const chain = {
    then(next: ArticleCommand) {
      all.push(...using.decide(next, stateOf(all)));
      return chain;
    },
    events: () => [...all],
  };
  return chain;
}

export function drafted(text: { title: string; dek: string; body: string; series?: string } = ANALYSIS, author: Actor = wanda): ArticleEvent[] {
  return [
    {
      type: 'ArticleDrafted',
      data: {
        articleId: ARTICLE_ID,
        title: text.title,
        dek: text.dek,
        body: text.body,
        series: text.series ?? null,
        sensitive: false,
        language: 'en',
        author: person(author),
        at: AT,
      },
    },
  ];
}

/** Submitted: every extracted claim is PENDING. */
export function inFactCheck(author: Actor = wanda): ArticleEvent[] {
  return history(drafted(ANALYSIS, author)).then(command('SubmitForFactCheck', author, {})).events();
}

/** The verdict Fay gives each claim of ANALYSIS when it checks out: the company's own figure is only attributed. */
export function verdictFor(claim: Claim): ClaimStatus {
  return claim.text.includes(CLAIMS.companyReported) ? 'ATTRIBUTED' : 'VERIFIED';
}

/** Fay resolves every claim; the article enters SUMMARIZE with a summary requested. */
export function inSummarize(author: Actor = wanda): ArticleEvent[] {
  const events = inFactCheck(author);
  const chain = history(events);
  for (const claim of stateOf(events).claims) {
    chain.then(
      command('RecordVerdict', fay, {
        claimId: claim.id,
        status: verdictFor(claim),
        evidence: [{ url: 'https://example.org/source', title: 'Source', quote: null, retrievedAt: '2025-03-09T10:00:00.000Z' }],
        note: null,
      }),
    );
  }
  return chain.events();
}

/** What the summarizer answers to the pending request. */
export function summaryAnswer(events: readonly ArticleEvent[], text = 'Spending on AI data centres is outpacing proven demand.'): RecordSummary {
  const state = stateOf(events);
  return command('RecordSummary', SYSTEM_ACTOR, {
    requestId: state.pendingSummaryRequest ?? 'none',
    text,
    provider: 'openai',
    model: 'llama-3.1-8b-instruct',
    promptTemplateId: 'tldr-v1',
    promptHash: 'prompt-hash',
    parameters: { temperature: 0 },
    sourceHash: state.bodyHash,
    sourceType: 'trainedAlgorithmicMedia',
    fallbackFrom: null,
  });
}

/** What a model answers to the pending request for a variant of this kind. */
export function variantAnswer(events: readonly ArticleEvent[], kind: VariantKind, text = `A ${kind.toLowerCase()} account of the AI spending.`): RecordVariant {
  const state = stateOf(events);
  return command('RecordVariant', SYSTEM_ACTOR, {
    requestId: state.pendingVariantRequests[kind] ?? 'none',
    kind,
    text,
    provider: 'openai-compatible',
    model: 'llama3.3:70b',
    promptTemplateId: `${kind.toLowerCase().replace('_', '-')}-v1`,
    promptHash: 'variant-prompt-hash',
    parameters: { temperature: 0.2 },
    sourceHash: state.bodyHash,
    sourceType: 'trainedAlgorithmicMedia',
    fallbackFrom: null,
  });
}

/** What the extractive summarizer answers to a kind it cannot write honestly. */
export function variantDeclined(events: readonly ArticleEvent[], kind: VariantKind): ReportVariantUnsupported {
  return command('ReportVariantUnsupported', SYSTEM_ACTOR, {
    requestId: stateOf(events).pendingVariantRequests[kind] ?? 'none',
    kind,
    provider: 'extractive',
    reason: `The extractive summarizer only selects sentences; it cannot write a ${kind} version`,
  });
}

/** In SUMMARIZE with a fresh summary and a fresh model-written variant of each kind given. */
export function withVariants(kinds: readonly VariantKind[], events: readonly ArticleEvent[] = summarized()): ArticleEvent[] {
  const chain = history(events);
  for (const kind of kinds) chain.then(command('GenerateVariant', wanda, { kind }));
  for (const kind of kinds) chain.then(variantAnswer(chain.events(), kind));
  return chain.events();
}

/** In SUMMARIZE with a fresh summary. */
export function summarized(author: Actor = wanda): ArticleEvent[] {
  const events = inSummarize(author);
  return history(events).then(summaryAnswer(events)).events();
}

export function inReview(author: Actor = wanda): ArticleEvent[] {
  return history(summarized(author)).then(command('SubmitForReview', author, {})).events();
}

export function approved(author: Actor = wanda): ArticleEvent[] {
  const approver = author.id === eddie.id ? erin : eddie;
  return history(inReview(author)).then(command('ApproveArticle', approver, { comment: 'Good to go' })).events();
}

/** In REVIEW under twoApprovalsDecider, approved once by Eddie. */
export function approvedOnceOfTwo(): ArticleEvent[] {
  return history(inReview(), twoApprovalsDecider).then(command('ApproveArticle', eddie, {})).events();
}

/** Scheduled by Pat for TOMORROW. */
export function scheduled(): ArticleEvent[] {
  return history(approved()).then(command('PublishArticle', pat, { at: TOMORROW })).events();
}

export const SLOT = { edition: 15, slug: 'the-bill-for-the-ai-build-out' };

export function published(): ArticleEvent[] {
  return history(approved()).then(command('PublishArticle', pat, { slot: SLOT })).events();
}

export function retracted(): ArticleEvent[] {
  return history(published()).then(command('RetractArticle', eddie, { reason: 'The central figure was wrong' })).events();
}

export function discarded(): ArticleEvent[] {
  return history(drafted()).then(command('DiscardArticle', wanda, { reason: 'Overtaken by events' })).events();
}

/** One history per stage, for rules that hold in several stages. */
export const AT_STAGE = {
  DRAFT: () => drafted(),
  FACT_CHECK: () => inFactCheck(),
  SUMMARIZE: () => summarized(),
  REVIEW: () => inReview(),
  APPROVED: () => approved(),
  SCHEDULED: () => scheduled(),
  PUBLISHED: () => published(),
  RETRACTED: () => retracted(),
  DISCARDED: () => discarded(),
} as const;
