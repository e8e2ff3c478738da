import { randomUUID } from 'node:crypto';
import {
  articleDecider,
  evolveArticle,
  initialArticleState,
  SYSTEM_ACTOR,
  type Actor,
  type ArticleCommand,
  type ArticleEvent,
  type ArticleState,
} from '@galley/editorial';
import type { EventData, EventStore, Position } from '@galley/event-store';

const decider = articleDecider({ requiredApprovals: 1 });

export const wanda: Actor = { id: 'user-wanda', name: 'Wanda Writer', roles: ['writer'] };
export const eddie: Actor = { id: 'user-eddie', name: 'Eddie Editor', roles: ['editor'] };
export const fay: Actor = { id: 'user-fay', name: 'Fay Fact-Checker', roles: ['fact_checker'] };
export const pat: Actor = { id: 'user-pat', name: 'Pat Publisher', roles: ['publisher'] };

/** How far an article goes: every stage a newsroom's store holds. */
export const FINAL_STAGES = ['DRAFT', 'FACT_CHECK', 'REVIEW', 'APPROVED', 'PUBLISHED'] as const;
export type FinalStage = (typeof FINAL_STAGES)[number];

/** The events of one command: what the handler appends in one go, atomically. */
export interface CommandEvents {
  readonly events: readonly ArticleEvent[];
  readonly actor: Actor;
}

/**
 * One article's life through the real decider, each command a minute after the previous one from
 * `start`, as a list of appends. Article `n` has its own figures, so its claims are its own.
 */
export function articleLife(articleId: string, n: number, until: FinalStage, start: Date): CommandEvents[] {
  const appends: CommandEvents[] = [];
  let state: ArticleState = initialArticleState();
  let minute = 0;
  const run = (type: ArticleCommand['type'], actor: Actor, data: Record<string, unknown>) => {
    const now = new Date(start.getTime() + minute++ * 60_000);
    const command = { type, data: { ...data, articleId }, metadata: { actor, now } } as unknown as ArticleCommand;
    const events = decider.decide(command, state);
    for (const event of events) state = evolveArticle(state, event);
    appends.push({ events, actor });
  };

  run('DraftArticle', wanda, {
    title: `Compute, part ${n}`,
    dek: 'Where the money for the build-out goes.',
    body: [
      `The company says it now has more than ${100 + n} million weekly users.`,
      '',
      `Capital spending reached $${10 + (n % 50)} billion in 2025, most of it on data centres.`,
      '',
      'Whether the spending pays off is another question.',
    ].join('\n'),
    series: n % 3 === 0 ? 'Compute Wars' : null,
  });
  if (until === 'DRAFT') return appends;
  run('SubmitForFactCheck', wanda, {});
  if (until === 'FACT_CHECK') return appends;
  for (const claim of state.claims.filter((c) => c.status === 'PENDING')) {
    run('RecordVerdict', fay, { claimId: claim.id, status: 'VERIFIED', evidence: [], note: `checked ${n}` });
  }
  run('RecordSummary', SYSTEM_ACTOR, {
    requestId: state.pendingSummaryRequest ?? 'none',
    text: `In short: ${state.title}.`,
    provider: 'extractive',
    model: null,
    promptTemplateId: null,
    promptHash: null,
    parameters: {},
    sourceHash: state.bodyHash,
    sourceType: null,
    fallbackFrom: null,
  });
  run('SubmitForReview', wanda, {});
  if (until === 'REVIEW') return appends;
  run('ApproveArticle', eddie, { comment: 'Good to go' });
  if (until === 'APPROVED') return appends;
  run('PublishArticle', pat, { slot: { edition: n, slug: `compute-part-${n}` } });
  return appends;
}

/** The events of one command as the command handler appends them. */
export function eventData(command: CommandEvents): EventData[] {
  const actor = { id: command.actor.id, name: command.actor.name };
  return command.events.map((event) => ({
    id: randomUUID(),
    type: event.type,
    data: event.data,
    metadata: { actor, schemaVersion: 1, timestamp: (event.data as { at?: string }).at },
  }));
}

export interface Newsroom {
  /** Article ids, by the stage each was driven to. */
  readonly articles: ReadonlyMap<string, FinalStage>;
  readonly events: number;
  readonly head: Position | null;
}

/**
 * Fills a store the way the service would: articles in every stage, each command one append at
 * its exact expected revision, and the edition and slug streams of the published ones.
 */
export async function fillNewsroom(store: EventStore, count: number, start = new Date('2025-03-10T09:00:00.000Z')): Promise<Newsroom> {
  const articles = new Map<string, FinalStage>();
  let events = 0;
  let editions = -1;
  for (let n = 1; n <= count; n++) {
    const id = randomUUID();
    const stage = FINAL_STAGES[n % FINAL_STAGES.length];
    articles.set(id, stage);
    let revision = -1;
    for (const command of articleLife(id, n, stage, new Date(start.getTime() + n * 3_600_000))) {
      const data = eventData(command);
      const result = await store.appendToStream(`article-${id}`, data, { expectedRevision: revision === -1 ? 'no_stream' : revision });
      revision = result.nextExpectedRevision;
      events += data.length;
    }
    if (stage === 'PUBLISHED') {
      await store.appendToStream('edition-numbers', [{ id: randomUUID(), type: 'EditionReserved', data: { edition: n, articleId: id } }], {
        expectedRevision: editions === -1 ? 'no_stream' : editions,
      });
      editions += 1;
      await store.appendToStream(`slug-compute-part-${n}`, [{ id: randomUUID(), type: 'SlugReserved', data: { articleId: id } }], {
        expectedRevision: 'no_stream',
      });
      events += 2;
    }
  }
  return { articles, events, head: await store.headPosition() };
}
