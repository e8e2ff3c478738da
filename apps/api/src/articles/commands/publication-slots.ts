import { slugify, type Person } from '@galley/editorial';
import { ConcurrencyError, StreamNotFoundError, type EventStore, type RecordedEvent } from '@galley/event-store';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE } from '../../infrastructure/event-store.provider';
import { uuidV5 } from '../../infrastructure/ids';

/** The sequence stream of edition numbers: its events are the facts of publication. */
export const EDITION_STREAM = 'edition-numbers';
const MAX_ATTEMPTS = 50;
/** The shape of every slug `slugify` makes, numeric suffix included: anything else names no stream. */
const SLUG_SHAPE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface EditionAssigned {
  readonly edition: number;
  readonly articleId: string;
  readonly slug: string;
  /** Who published: a publication completed later is recorded on their behalf. */
  readonly by: Person;
}

/**
 * Edition numbers and slugs span articles, so they are held by their own streams, appended with an
 * expected revision: two publications at once never share a number or a slug, on any number of
 * instances. Within one instance reservations also queue, so they do not race each other.
 */
@Injectable()
export class PublicationSlots {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  reserve(articleId: string, title: string, by: Person): Promise<{ edition: number; slug: string }> {
    return this.queued(async () => {
      const slug = await this.slug(articleId, title);
      return { edition: await this.edition(articleId, slug, by), slug };
    });
  }

  /**
   * A slug for a corrected headline. Every slug an article has held stays reserved for it, so an old
   * link never comes to name another article, and a headline corrected back takes its slug back.
   */
  reserveSlug(articleId: string, title: string): Promise<string> {
    return this.queued(() => this.slug(articleId, title));
  }

  /** The article a slug was reserved for, whether it still names it or the article has moved on. */
  async ownerOf(slug: string): Promise<string | null> {
    if (slug.length > 100 || !SLUG_SHAPE.test(slug)) return null;
    const events = await this.readOrEmpty(`slug-${slug}`);
    return events.length > 0 ? (events[0].data as { articleId: string }).articleId : null;
  }

  private queued<T>(work: () => Promise<T>): Promise<T> {
    const reservation = this.queue.then(work);
    this.queue = reservation.catch(() => undefined);
    return reservation;
  }

  private async edition(articleId: string, slug: string, by: Person): Promise<number> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const events = await this.readOrEmpty(EDITION_STREAM);
      const mine = events.find((e) => (e.data as EditionAssigned).articleId === articleId);
      // An article keeps the edition it was given, so a retried publication takes no new number.
      if (mine) return (mine.data as EditionAssigned).edition;
      const edition = events.length + 1;
      const data: EditionAssigned = { edition, articleId, slug, by };
      try {
        await this.store.appendToStream(EDITION_STREAM, [{ id: uuidV5(`edition:${articleId}`), type: 'EditionAssigned', data }], {
          expectedRevision: events.length === 0 ? 'no_stream' : events.length - 1,
        });
        return edition;
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
      }
    }
    throw new Error('Could not assign an edition number: too much contention');
  }

  private async slug(articleId: string, title: string): Promise<string> {
    const base = slugify(title);
    for (let n = 1, attempts = 0; attempts < MAX_ATTEMPTS * 5; attempts++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      const stream = `slug-${candidate}`;
      const existing = await this.readOrEmpty(stream);
      if (existing.length > 0) {
        if ((existing[0].data as { articleId: string }).articleId === articleId) return candidate;
        n++;
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
        // Someone took it at this instant: look at the same candidate again.
        if (!(error instanceof ConcurrencyError)) throw error;
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
