import { Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { ArticleView } from '../articles/article.view';
import { ARTICLE_CHANGED, type ArticleChangedPayload } from '../graphql/resolvers/article-changed.resolver';
import { ARTICLE_STREAM } from './ids';
import { ReadModels } from './read-models.service';

interface MercuriusPublisher {
  publish(event: { topic: string; payload: unknown }): void | Promise<void>;
}

/** Tells `articleChanged` subscribers, once the read model has applied an article's events. */
@Injectable()
export class ArticleChangeNotifier {
  private readonly logger = new Logger('ArticleChangeNotifier');
  private detach: (() => void) | null = null;

  constructor(
    private readonly readModels: ReadModels,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  start(): void {
    this.detach = this.readModels.onApplied((events) => {
      const ids = new Set(events.filter((e) => e.streamId.startsWith(ARTICLE_STREAM)).map((e) => e.streamId.slice(ARTICLE_STREAM.length)));
      for (const articleId of ids) this.publish(articleId);
    });
  }

  stop(): void {
    this.detach?.();
  }

  private publish(articleId: string): void {
    const pubsub = this.pubsub();
    if (!pubsub) return;
    // Read once, and only if a subscriber wants this article: most changes have nobody watching.
    let view: ArticleView | null | undefined;
    const payload: ArticleChangedPayload = { articleId, view: () => (view === undefined ? (view = this.readModels.articles.get(articleId)) : view) };
    Promise.resolve(pubsub.publish({ topic: ARTICLE_CHANGED, payload })).catch((error: Error) =>
      this.logger.warn(`Could not notify subscribers of ${articleId}: ${error.message}`),
    );
  }

  private pubsub(): MercuriusPublisher | null {
    const instance = this.adapterHost.httpAdapter?.getInstance?.() as { graphql?: { pubsub?: MercuriusPublisher } } | undefined;
    return instance?.graphql?.pubsub ?? null;
  }
}
