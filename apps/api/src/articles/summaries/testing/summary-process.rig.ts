import { type Actor, type ArticleCommand, type ArticleState } from '@galley/editorial';
import type { EventStore, RecordedEvent } from '@galley/event-store';
import type { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { loadConfig, type GalleyConfig } from '../../../config/galley.config';
import { systemClock } from '../../../infrastructure/clock';
import { createEventStore } from '../../../infrastructure/event-store.provider';
import { articleIdFor, articleStream } from '../../../infrastructure/ids';
import { ReadModels } from '../../../infrastructure/read-models.service';
import { ArticleSnapshots } from '../../article-snapshots';
import { ArticleRepository } from '../../article.repository';
import { ArticleCommandHandler } from '../../commands/article-command.handler';
import { ExecuteArticleCommand } from '../../commands/article-command.message';
import { PublicationSlots } from '../../commands/publication-slots';
import { SummaryProcess } from '../../processes/summary.process';
import type { Summarizer, SummarySource } from '../summarizer.port';

export const writer: Actor = { id: 'user-wanda', name: 'Wanda Writer', roles: ['writer'] };
export const checker: Actor = { id: 'user-fay', name: 'Fay Checker', roles: ['fact_checker'] };

/**
 * The summary process wired by hand to a real embedded event store and the real command handler,
 * in a data folder that outlives it: closing one rig and opening another on the same folder is a
 * restart, the process resuming from its stored checkpoint.
 */
export class SummaryProcessRig {
  private constructor(
    readonly store: EventStore,
    readonly readModels: ReadModels,
    readonly handler: ArticleCommandHandler,
    readonly articles: ArticleRepository,
    readonly process: SummaryProcess,
  ) {}

  static open(dataDir: string, summarizer: Summarizer): SummaryProcessRig {
    const config: GalleyConfig = loadConfig({ GALLEY_DATA_DIR: dataDir, GALLEY_JWT_SECRET: 'galley-int-secret-that-is-long-enough' });
    const store = createEventStore(config);
    const readModels = new ReadModels(store, config);
    const articles = new ArticleRepository(store, new ArticleSnapshots(store));
    const handler = new ArticleCommandHandler(store, config, articles, new PublicationSlots(store), readModels);
    const bus = { execute: (command: ExecuteArticleCommand) => handler.execute(command) } as unknown as CommandBus;
    const process = new SummaryProcess(store, summarizer, systemClock, readModels, articles, bus);
    process.start();
    return new SummaryProcessRig(store, readModels, handler, articles, process);
  }

  execute(command: ArticleCommand, commandId: string = randomUUID()) {
    return this.handler.execute(new ExecuteArticleCommand(command, { commandId }));
  }

  /** Drafts the article, submits it and verifies every claim: it enters SUMMARIZE with a summary requested. */
  async articleInSummarize(source: SummarySource): Promise<string> {
    const commandId = randomUUID();
    const articleId = articleIdFor(commandId);
    const now = () => ({ now: new Date() });
    await this.execute({ type: 'DraftArticle', data: { articleId, ...source }, metadata: { actor: writer, ...now() } }, commandId);
    const submit = { type: 'SubmitForFactCheck', data: { articleId }, metadata: { actor: writer, ...now() } } as unknown as ArticleCommand;
    const submitted = await this.execute(submit);
    for (const claim of submitted.state.claims) {
      await this.execute({
        type: 'RecordVerdict',
        data: { articleId, claimId: claim.id, status: 'VERIFIED', evidence: [], note: null },
        metadata: { actor: checker, ...now() },
      });
    }
    return articleId;
  }

  async state(articleId: string): Promise<ArticleState> {
    return (await this.articles.load(articleId)).state;
  }

  async events(articleId: string, type?: string): Promise<RecordedEvent[]> {
    const events = await this.store.readStream(articleStream(articleId));
    return type ? events.filter((event) => event.type === type) : events;
  }

  /** Stops the process (even mid-generation) and closes the store, as a shutdown would. */
  async close(): Promise<void> {
    await this.process.stop();
    await this.readModels.stop();
    await this.store.close();
  }
}

/** A summarizer that answers only when the test releases it, counting what it was asked. */
export class GatedSummarizer implements Summarizer {
  readonly asked: string[] = [];
  private readonly gate: Promise<void>;
  release!: () => void;

  constructor(private readonly text: string) {
    this.gate = new Promise<void>((resolve) => {
      this.release = resolve;
    });
  }

  async summarize(source: SummarySource) {
    this.asked.push(source.title);
    await this.gate;
    return {
      text: this.text,
      provider: 'gated',
      model: 'gated-v1',
      promptTemplateId: null,
      promptHash: null,
      parameters: {},
      sourceType: null,
      fallbackFrom: null,
    };
  }
}

export async function until<T>(check: () => Promise<T | null | undefined | false> | T | null | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
