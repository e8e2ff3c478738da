import { slugify } from '@galley/editorial';
import { ConcurrencyError, StreamNotFoundError, type EventStore, type RecordedEvent } from '@galley/event-store';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE } from '../../infrastructure/event-store.provider';
import { uuidV5 } from '../../infrastructure/ids';

const EDITION_STREAM = 'edition-numbers';
const MAX_ATTEMPTS = 20;

interface EditionAssigned {
  edition: number;
  articleId: string;
}

/**
 * Edition numbers and slugs span articles, so they are held by their own streams, appended with an
 * expected revision: two publications at once cannot take the same number or slug.
 */
@Injectable()
export class PublicationSlots {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async reserve(articleId: string, title: string): Promise<{ edition: number; slug: string }> {
    return { edition: await this.edition(articleId), slug: await this.slug(articleId, title) };
  }

  private async edition(articleId: string): Promise<number> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const events = await this.readOrEmpty(EDITION_STREAM);
      const mine = events.find((e) => (e.data as EditionAssigned).articleId === articleId);
      // An article keeps the edition it was given, so a retried publication takes no new number.
      if (mine) return (mine.data as EditionAssigned).edition;
      const edition = events.length + 1;
      try {
        await this.store.appendToStream(
          EDITION_STREAM,
          [{ id: uuidV5(`edition:${articleId}`), type: 'EditionAssigned', data: { edition, articleId } }],
          { expectedRevision: events.length === 0 ? 'no_stream' : events.length - 1 },
        );
        return edition;
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
      }
    }
    throw new Error('Could not assign an edition number: too much contention');
  }

  private async slug(articleId: string, title: string): Promise<string> {
    const base = slugify(title);
    for (let n = 1; n < MAX_ATTEMPTS * 5; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      const stream = `slug-${candidate}`;
      const existing = await this.readOrEmpty(stream);
      if (existing.length > 0) {
        if ((existing[0].data as { articleId: string }).articleId === articleId) return candidate;
        continue;
      }
      try {
        await this.store.appendToStream(
          stream,
          [{ id: uuidV5(`slug:${candidate}:${articleId}`), type: 'SlugReserved', data: { slug: candidate, articleId } }],
          { expectedRevision: 'no_stream' },
        );
        return candidate;
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        n--; // someone took it at this instant: look again at the same candidate
      }
    }
    throw new Error(`Could not reserve a slug for "${title}"`);
  }

  private async readOrEmpty(stream: string): Promise<RecordedEvent[]> {
    try {
      return await this.store.readStream(stream);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }
}
