import {
  articleDecider,
  evolveArticle,
  extractClaims,
  initialArticleState,
  schemaVersionOf,
  SYSTEM_ACTOR,
  type Actor,
  type ArticleCommand,
  type ArticleCommandType,
  type ArticleEvent,
  type ArticleState,
} from '@galley/editorial';
import type { EventData } from '@galley/event-store';
import { createHash } from 'node:crypto';

/**
 * Realistic, reproducible workloads for the benchmarks: articles of 800–3,000 words with 10–40
 * checkable sentences, driven through the real decider (the same rules the server applies), so the
 * events, their sizes and the read model's work are those of a newsroom. Everything follows from a seed.
 */

/** mulberry32: small, fast, and the same sequence on every machine. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

/** A deterministic UUID-shaped id (the server requires UUIDs for article ids). */
export function benchUuid(name: string): string {
  const hex = createHash('sha1').update(`galley-bench:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const NEWSROOM = {
  writer: { id: 'bench-wanda', name: 'Wanda Writer', roles: ['writer'] },
  editor: { id: 'bench-eddie', name: 'Eddie Editor', roles: ['editor'] },
  factChecker: { id: 'bench-fay', name: 'Fay Fact-Checker', roles: ['fact_checker'] },
  publisher: { id: 'bench-pat', name: 'Pat Publisher', roles: ['publisher'] },
} satisfies Record<string, Actor>;

// ---- text -------------------------------------------------------------------------------------

const COMPANIES = ['Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Litware', 'Adventure Works', 'Woodgrove', 'Proseware'];
const THINGS = ['data centres', 'rail freight', 'solar capacity', 'broadband lines', 'river ports', 'hospital beds', 'wind farms', 'grain silos'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const PLACES = ['the northern region', 'the coastal towns', 'the capital', 'the valley', 'the industrial belt', 'the border districts'];
const NOUNS = ['council', 'ministry', 'regulator', 'union', 'board', 'committee', 'agency', 'chamber'];
const VERBS = ['weighed', 'delayed', 'reopened', 'studied', 'revisited', 'questioned', 'debated', 'welcomed'];
const WORDS = [
  'plans', 'costs', 'schedule', 'contract', 'tender', 'budget', 'network', 'workers', 'residents', 'investors', 'engineers',
  'policy', 'programme', 'market', 'prices', 'supply', 'demand', 'delays', 'approval', 'review', 'future', 'project',
];

/** A sentence with a checkable figure (money, percentage, quantity or date): the extractor makes it a claim. */
function claimSentence(rng: Rng, n: number): string {
  const company = rng.pick(COMPANIES);
  const thing = rng.pick(THINGS);
  const year = rng.int(2015, 2025);
  switch (n % 5) {
    case 0:
      return `${company} reported revenue of $${rng.int(2, 900)} million from ${thing} in ${year}.`;
    case 1:
      return `The share of ${thing} owned by ${company} rose to ${rng.int(3, 97)} percent in ${rng.pick(MONTHS)} ${year}.`;
    case 2:
      return `${company} built ${rng.int(11, 950)},${String(rng.int(0, 999)).padStart(3, '0')} square metres of ${thing} between ${year - 3} and ${year}.`;
    case 3:
      return `According to the ${rng.pick(NOUNS)}, spending on ${thing} reached €${rng.int(2, 80)} billion in ${year}.`;
    default:
      return `${company} said it would cut ${rng.int(40, 4000)} jobs in ${thing} by ${rng.pick(MONTHS)} ${year + 1}.`;
  }
}

/** A plain sentence: no figure, no attribution, nothing for the fact-checkers. */
function fillerSentence(rng: Rng): string {
  const length = rng.int(9, 20);
  const words: string[] = [];
  for (let i = 0; i < length; i++) words.push(rng.pick(WORDS));
  return `The ${rng.pick(NOUNS)} ${rng.pick(VERBS)} the ${words.join(' ')} in ${rng.pick(PLACES)} once more.`;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

export interface ArticleText {
  readonly title: string;
  readonly dek: string;
  readonly body: string;
  readonly series: string | null;
}

/** An article of `words` words (±1 sentence) with `claims` checkable sentences spread through it. */
export function articleText(rng: Rng, words: number, claims: number): ArticleText {
  const claimSentences = Array.from({ length: claims }, (_, n) => claimSentence(rng, n));
  const paragraphs: string[] = [];
  let sentences: string[] = [];
  let count = 0;
  let nextClaim = 0;
  // Claims are placed evenly: roughly one every (words / claims) words.
  const claimEvery = Math.max(1, Math.floor(words / (claims + 1)));
  let untilClaim = claimEvery;
  while (count < words || nextClaim < claims) {
    let sentence: string;
    if (nextClaim < claims && untilClaim <= 0) {
      sentence = claimSentences[nextClaim++];
      untilClaim = claimEvery;
    } else {
      sentence = fillerSentence(rng);
    }
    const n = wordCount(sentence);
    count += n;
    untilClaim -= n;
    sentences.push(sentence);
    if (sentences.length >= rng.int(4, 7)) {
      paragraphs.push(sentences.join(' '));
      sentences = [];
      if (rng.chance(0.15)) paragraphs.push(`## ${rng.pick(['Where the money goes', 'Who pays', 'What comes next', 'The numbers', 'Delays'])}`);
    }
  }
  if (sentences.length > 0) paragraphs.push(sentences.join(' '));
  return {
    title: `The ${rng.pick(THINGS)} of ${rng.pick(PLACES)}: what the ${rng.pick(NOUNS)} decided`,
    dek: `A look at how the ${rng.pick(NOUNS)} weighed the ${rng.pick(WORDS)} and the ${rng.pick(WORDS)}.`,
    body: paragraphs.join('\n\n'),
    series: rng.chance(0.5) ? rng.pick(['Infrastructure', 'Energy Watch', 'Public Money']) : null,
  };
}

/** Words and checkable sentences of a text, as the extractor counts them. */
export function measureText(text: ArticleText): { words: number; claims: number } {
  return { words: wordCount(text.body), claims: extractClaims(text).length };
}

// ---- lifecycle --------------------------------------------------------------------------------

export interface WorkloadEvent {
  readonly event: ArticleEvent;
  readonly actor: Actor;
  readonly commandId: string;
  readonly at: Date;
}

type CommandOf<T extends ArticleCommandType> = Extract<ArticleCommand, { type: T }>;
type DataOf<T extends ArticleCommandType> = Omit<CommandOf<T>['data'], 'articleId'>;

const decider = articleDecider({ requiredApprovals: 1 });

/** One article's life: each command decided on the current state, whose events are folded in as they come. */
export class ArticleLife {
  private readonly log: WorkloadEvent[] = [];
  private current: ArticleState = initialArticleState();
  private clock: number;
  private commands = 0;

  constructor(
    readonly id: string,
    start: Date,
    private readonly rng: Rng,
  ) {
    this.clock = start.getTime();
  }

  get state(): ArticleState {
    return this.current;
  }

  get events(): readonly WorkloadEvent[] {
    return this.log;
  }

  get streamId(): string {
    return `article-${this.id}`;
  }

  run<T extends ArticleCommandType>(type: T, actor: Actor, data: DataOf<T>): ArticleEvent[] {
    this.clock += this.rng.int(1, 30) * 60_000;
    const at = new Date(this.clock);
    const command = { type, data: { ...data, articleId: this.id }, metadata: { actor, now: at } } as unknown as ArticleCommand;
    const produced = decider.decide(command, this.current);
    const commandId = benchUuid(`${this.id}:command:${this.commands++}`);
    for (const event of produced) {
      this.current = evolveArticle(this.current, event);
      this.log.push({ event, actor, commandId, at });
    }
    return produced;
  }

  /** The events as the command handler appends them: ids derived from the command, the same metadata. */
  eventData(from = 0, to = this.log.length): EventData[] {
    return this.log.slice(from, to).map(({ event, actor, commandId, at }, index) => ({
      id: benchUuid(`${this.id}:event:${from + index}`),
      type: event.type,
      data: event.data,
      metadata: {
        actor: { id: actor.id, name: actor.name },
        commandId,
        correlationId: commandId,
        causationId: commandId,
        schemaVersion: schemaVersionOf(event.type),
        timestamp: at.toISOString(),
      },
    }));
  }

  pendingClaims(): string[] {
    return this.current.claims.filter((c) => c.status === 'PENDING').map((c) => c.id);
  }

  verdict(claimId: string): void {
    if (this.rng.chance(0.1)) {
      // A first look that needs a source, then the verdict once it is found.
      this.run('RecordVerdict', NEWSROOM.factChecker, { claimId, status: 'NEEDS_SOURCE', evidence: [], note: 'Which filing is this from?' });
    }
    this.run('RecordVerdict', NEWSROOM.factChecker, {
      claimId,
      status: this.rng.chance(0.2) ? 'ATTRIBUTED' : 'VERIFIED',
      evidence: [{ url: `https://example.org/filings/${this.rng.int(1, 99999)}`, title: 'Annual filing', quote: 'as reported', retrievedAt: null }],
      note: null,
    });
  }

  /** The summarizer answers the pending request with a sentence that states no figure. */
  summarize(): void {
    const requestId = this.current.pendingSummaryRequest;
    if (requestId === null) return;
    this.run('RecordSummary', SYSTEM_ACTOR, {
      requestId,
      text: `${this.current.title}. The piece weighs the decision and its costs for the people affected.`,
      provider: 'extractive',
      model: null,
      promptTemplateId: null,
      promptHash: null,
      parameters: {},
      sourceHash: this.current.bodyHash,
      sourceType: null,
      fallbackFrom: null,
    });
  }
}

/** Rewrites one claim sentence of the body (a figure corrected): the claim is superseded by a new one. */
function revisedBody(rng: Rng, body: string): string {
  const sentences = body.match(/[^.!?\n]*\d[^.!?\n]*[.!?]/g) ?? [];
  if (sentences.length === 0) return `${body}\n\nThe ${rng.pick(NOUNS)} will meet again.`;
  const target = rng.pick(sentences);
  return body.replace(target, target.replace(/\d+/, (digits) => String(Number(digits) + 1)));
}

export type LifeStage = 'DRAFT' | 'FACT_CHECK' | 'PUBLISHED';

export interface ArticleSpec {
  readonly seed: number;
  readonly index: number;
  /** How far the article gets. */
  readonly until: LifeStage;
  /** Checkable sentences wanted (10–40). */
  readonly claims?: number;
  readonly words?: number;
  readonly start?: Date;
  /** In FACT_CHECK: how many claims already have a verdict (default: a random share). */
  readonly checked?: number;
}

const EPOCH = new Date('2025-01-06T08:00:00.000Z');

/**
 * The full lifecycle with revisions: drafted, revised, submitted, every claim checked (some after a
 * NEEDS_SOURCE first look), a figure corrected mid-check, summarized, reviewed, approved, published,
 * now and then corrected. `until` stops it in DRAFT or in FACT_CHECK with some claims still pending.
 */
export function articleLife(spec: ArticleSpec): ArticleLife {
  const rng = new Rng(spec.seed * 1_000_003 + spec.index);
  const words = spec.words ?? rng.int(800, 3000);
  const claims = spec.claims ?? rng.int(10, 40);
  const life = new ArticleLife(benchUuid(`article:${spec.seed}:${spec.index}`), spec.start ?? new Date(EPOCH.getTime() + spec.index * 60_000), rng);
  const text = articleText(rng, words, claims);
  life.run('DraftArticle', NEWSROOM.writer, text);
  for (let i = rng.int(0, 2); i > 0; i--) life.run('ReviseArticle', NEWSROOM.writer, { body: revisedBody(rng, life.state.body) });
  if (spec.until === 'DRAFT') return life;

  life.run('SubmitForFactCheck', NEWSROOM.writer, {});
  const pending = life.pendingClaims();
  const checkedFirst = spec.until === 'FACT_CHECK' ? (spec.checked ?? rng.int(0, pending.length - 1)) : Math.floor(pending.length / 2);
  for (const claimId of pending.slice(0, checkedFirst)) life.verdict(claimId);
  if (spec.until === 'FACT_CHECK') return life;

  // The writer corrects a figure mid-check: its claim is superseded by a new pending one.
  life.run('ReviseArticle', NEWSROOM.writer, { body: revisedBody(rng, life.state.body) });
  while (life.pendingClaims().length > 0) life.verdict(life.pendingClaims()[0]);
  life.summarize();
  life.run('SubmitForReview', NEWSROOM.writer, {});
  life.run('ApproveArticle', NEWSROOM.editor, { comment: 'Sharp piece.' });
  life.run('PublishArticle', NEWSROOM.publisher, { slot: { edition: spec.index + 1, slug: `article-${spec.seed}-${spec.index}` } });
  if (rng.chance(0.1)) {
    life.run('IssueCorrection', NEWSROOM.editor, { kind: 'CORRECTION', body: revisedBody(rng, life.state.body), note: 'An earlier version misstated a figure.' });
  }
  return life;
}

/** Where a newsroom's articles stand: most are drafts, so that 100,000 articles make about 1,000,000 events. */
export const NEWSROOM_MIX: readonly { readonly until: LifeStage; readonly share: number }[] = [
  { until: 'DRAFT', share: 0.86 },
  { until: 'FACT_CHECK', share: 0.06 },
  { until: 'PUBLISHED', share: 0.08 },
];

/** The stage of template `index` of `count`: the mix's shares, in order, interleaved by a fixed stride. */
function templateStage(index: number, count: number): LifeStage {
  // 37 is coprime with any pool size used here, so neighbouring articles differ in stage.
  let position = ((index * 37) % count) / count;
  for (const { until, share } of NEWSROOM_MIX) {
    if (position < share) return until;
    position -= share;
  }
  return 'PUBLISHED';
}

/**
 * Deciding 100,000 lifecycles would take minutes of claim extraction, so a newsroom is built from a
 * pool of decided templates (each a real lifecycle), copied under fresh article ids: the events keep
 * the decider's shapes and sizes; only the ids differ.
 */
export class NewsroomWorkload {
  private readonly templates: { life: ArticleLife; events: EventData[] }[] = [];

  constructor(
    readonly seed: number,
    templates = 100,
  ) {
    for (let index = 0; index < templates; index++) {
      const life = articleLife({ seed, index, until: templateStage(index, templates) });
      this.templates.push({ life, events: life.eventData() });
    }
  }

  /** Mean events per article of the pool. */
  get meanEvents(): number {
    return this.templates.reduce((sum, t) => sum + t.events.length, 0) / this.templates.length;
  }

  /** Article number `n` of the newsroom: its stream and its events. */
  article(n: number): { streamId: string; articleId: string; events: EventData[] } {
    return copyArticle(this.templates[n % this.templates.length].events, `newsroom:${this.seed}:${n}`);
  }
}

/** A decided article's events under a fresh article id (named by `name`) and fresh event ids. */
export function copyArticle(events: readonly EventData[], name: string): { streamId: string; articleId: string; events: EventData[] } {
  const articleId = benchUuid(name);
  const copied = events.map((event, index) => ({
    ...event,
    id: benchUuid(`${name}:${index}`),
    // Only ArticleDrafted names the article: the stream does for every other event.
    data: index === 0 ? { ...(event.data as object), articleId } : event.data,
  }));
  return { streamId: `article-${articleId}`, articleId, events: copied };
}
