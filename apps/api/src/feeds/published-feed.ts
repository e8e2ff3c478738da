import type { ArticleState, Stage } from '@galley/editorial';
import type { ArticleRow, Page } from '@galley/read-models';
import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { GALLEY_CONFIG, type GalleyConfig } from '../config/galley.config';
import { ReadModels } from '../infrastructure/read-models.service';
import { atomFeed } from './atom-feed';
import { feedEntry, type FeedEntry, type FeedPublication } from './feed-entry';
import { jsonFeed } from './json-feed';

/** How many articles the feeds carry, newest first. */
export const FEED_SIZE = 50;
const PAGE = 100;

export interface RenderedFeed {
  readonly body: string;
  /** A strong validator of the exact bytes. */
  readonly etag: string;
  /** The last change that could alter the feed: a publication, a correction, a retraction. */
  readonly lastModified: Date;
}

/** The public feeds, read from the article read model: published articles only. */
@Injectable()
export class PublishedFeed {
  private readonly publication: FeedPublication;

  constructor(
    private readonly readModels: ReadModels,
    @Inject(GALLEY_CONFIG) config: GalleyConfig,
  ) {
    this.publication = { name: config.publicationName, publicUrl: config.publicUrl, timezone: config.timezone };
  }

  async json(): Promise<RenderedFeed> {
    const { entries, lastModified } = await this.latest();
    return rendered(jsonFeed(entries, this.publication), lastModified);
  }

  async atom(): Promise<RenderedFeed> {
    const { entries, lastModified } = await this.latest();
    return rendered(atomFeed(entries, this.publication, lastModified.toISOString()), lastModified);
  }

  private async latest(): Promise<{ entries: FeedEntry[]; lastModified: Date }> {
    await this.readModels.settle();
    const published = this.all('PUBLISHED');
    const entries = published
      .map((state) => feedEntry(state, this.publication))
      .filter((entry): entry is FeedEntry => entry !== null)
      .sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt) || (a.id < b.id ? 1 : -1))
      .slice(0, FEED_SIZE);
    // A retraction removes an entry: it must move Last-Modified on as well.
    const changes = [...published, ...this.all('RETRACTED')].map((state) => Date.parse(state.updatedAt ?? state.publishedAt ?? '') || 0);
    // HTTP dates have whole seconds: so does the validator.
    const lastModified = new Date(Math.floor(Math.max(0, ...changes) / 1000) * 1000);
    return { entries, lastModified };
  }

  /** Every article in one stage, page by page (the read model lists by creation, not publication). */
  private all(stage: Stage): ArticleState[] {
    const states: ArticleState[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page<ArticleRow> = this.readModels.articles.list({ stage, publishedOnly: stage === 'PUBLISHED' }, PAGE, after);
      states.push(...page.items.map((item) => item.node.state));
      if (!page.hasNextPage || page.items.length === 0) return states;
      after = page.items[page.items.length - 1].cursor;
    }
  }
}

function rendered(body: string, lastModified: Date): RenderedFeed {
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`, lastModified };
}
