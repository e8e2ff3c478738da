import { randomUUID } from 'node:crypto';
import type { Actor, ArticleCommand, ArticleCommandType, ArticleEvent, ArticleState, Person } from '@galley/editorial';
import type { EventData, Position, RecordedEvent } from '@galley/event-store';
import type Database from 'better-sqlite3';
import { decider, eddie, erin, fay, pat, stateOf, SYSTEM_ACTOR, verdictFor } from '../../../editorial/src/testing/article.fixtures';
import { ARTICLE_STREAM_PREFIX } from '../articles/article-fold';

type CommandOf<T extends ArticleCommandType> = Extract<ArticleCommand, { type: T }>;
type DataOf<T extends ArticleCommandType> = Omit<CommandOf<T>['data'], 'articleId'>;

/** An event the decider produced, with the person whose command produced it (the metadata's actor). */
export interface ScriptedEvent {
  readonly event: ArticleEvent;
  readonly actor: Person;
}

/**
 * One article's life driven through the real decider, each command at an explicit instant, so a
 * spec knows every time the read model will see.
 */
export class ArticleScript {
  private readonly log: ScriptedEvent[] = [];

  constructor(
    readonly id: string,
    readonly author: Actor,
  ) {}

  get streamId(): string {
    return `${ARTICLE_STREAM_PREFIX}${this.id}`;
  }

  get scripted(): readonly ScriptedEvent[] {
    return this.log;
  }

  get events(): ArticleEvent[] {
    return this.log.map((s) => s.event);
  }

  get state(): ArticleState {
    return stateOf(this.events);
  }

  /** Runs one command; returns the events it produced. */
  run<T extends ArticleCommandType>(type: T, actor: Actor, data: DataOf<T>, at: Date): ArticleEvent[] {
    const command = { type, data: { ...data, articleId: this.id }, metadata: { actor, now: at } } as unknown as ArticleCommand;
    const produced = decider.decide(command, this.state);
    this.log.push(...produced.map((event) => ({ event, actor: { id: actor.id, name: actor.name } })));
    return produced;
  }

  draft(text: { title: string; dek: string; body: string; series?: string | null }, at: Date): this {
    this.run('DraftArticle', this.author, { ...text, series: text.series ?? null }, at);
    return this;
  }

  submit(at: Date): this {
    this.run('SubmitForFactCheck', this.author, {}, at);
    return this;
  }

  verdict(claimId: string, status: 'VERIFIED' | 'ATTRIBUTED' | 'DISMISSED' | 'DISPUTED' | 'NEEDS_SOURCE', at: Date, note: string | null = null): this {
    this.run('RecordVerdict', fay, { claimId, status, evidence: [], note }, at);
    return this;
  }

  /** Fay resolves every pending claim, one verdict a minute from `at`. */
  resolveClaims(at: Date): this {
    this.state.claims
      .filter((c) => c.status === 'PENDING')
      .forEach((claim, index) => this.verdict(claim.id, verdictFor(claim) as 'VERIFIED' | 'ATTRIBUTED', new Date(at.getTime() + index * 60_000)));
    return this;
  }

  /** The summarizer answers the pending request. */
  summarize(at: Date): this {
    const state = this.state;
    this.run(
      'RecordSummary',
      SYSTEM_ACTOR,
      {
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
      },
      at,
    );
    return this;
  }

  submitForReview(at: Date): this {
    this.run('SubmitForReview', this.author, {}, at);
    return this;
  }

  approve(at: Date): this {
    this.run('ApproveArticle', this.author.id === eddie.id ? erin : eddie, { comment: null }, at);
    return this;
  }

  schedule(at: Date, publishAt: Date): this {
    this.run('PublishArticle', pat, { at: publishAt }, at);
    return this;
  }

  publish(at: Date, slot: { edition: number; slug: string }): this {
    this.run('PublishArticle', pat, { slot }, at);
    return this;
  }

  setDeadline(at: Date, dueAt: Date | null): this {
    this.run('SetDeadline', eddie, { dueAt }, at);
    return this;
  }

  /** From drafted to REVIEW, every step at the same instant (a clock that does not move). */
  intoReviewAt(at: Date): this {
    this.submit(at);
    this.state.claims
      .filter((c) => c.status === 'PENDING')
      .forEach((claim) => this.verdict(claim.id, verdictFor(claim) as 'VERIFIED' | 'ATTRIBUTED', at));
    return this.summarize(at).submitForReview(at);
  }

  /** From drafted to APPROVED, one step a minute from `at` (claims resolved, summary recorded). */
  throughApproval(at: Date): this {
    const minute = (n: number) => new Date(at.getTime() + n * 60_000);
    this.submit(minute(0)).resolveClaims(minute(1));
    const resolvedAt = minute(1 + this.state.claims.length);
    return this.summarize(resolvedAt).submitForReview(minute(2 + this.state.claims.length)).approve(minute(3 + this.state.claims.length));
  }
}

/** Hands out store-like positions for events fed to a projection without a store. */
export class PositionCounter {
  private next = 1n;
  take(): Position {
    const value = this.next++;
    return { commit: value, prepare: value };
  }
}

/** The script's events as a store would record them; `from` is the first revision to return. */
export function recordedEvents(script: ArticleScript, positions: PositionCounter, from = 0): RecordedEvent[] {
  return script.scripted.slice(from).map(({ event, actor }, index) => ({
    id: randomUUID(),
    streamId: script.streamId,
    revision: from + index,
    position: positions.take(),
    type: event.type,
    data: event.data,
    metadata: { actor },
    created: new Date(event.data.at),
  }));
}

/** The script's events as the command handler would append them. */
export function eventData(scripted: readonly ScriptedEvent[]): EventData[] {
  return scripted.map(({ event, actor }) => ({ id: randomUUID(), type: event.type, data: event.data, metadata: { actor } }));
}

/** Every table of a database, rows in a stable order: two equal dumps mean equal read models. */
export function dumpTables(db: Database.Database, except: readonly string[] = []): Record<string, unknown[]> {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .all() as { name: string }[];
  const dump: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    if (except.includes(name)) continue;
    const rows = db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[];
    dump[name] = rows.map((row) => JSON.stringify(row)).sort().map((row) => JSON.parse(row) as unknown);
  }
  return dump;
}

/** Instants relative to a fixed origin, in minutes. */
export const ORIGIN = new Date('2025-03-10T09:00:00.000Z');
export function minute(n: number): Date {
  return new Date(ORIGIN.getTime() + n * 60_000);
}
export function iso(n: number): string {
  return minute(n).toISOString();
}
