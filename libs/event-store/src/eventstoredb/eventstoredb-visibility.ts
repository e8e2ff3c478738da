import {
  StreamDeletedError as EsdbStreamDeletedError,
  StreamNotFoundError as EsdbStreamNotFoundError,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { translateEventStoreDbError } from './eventstoredb-errors';
import type { EsdbRecordedEvent } from './eventstoredb-events';

/** What a stream's metadata and deletion leave visible: revisions from `lowest`, commits from `since` (ms). */
interface Rule {
  readonly hidden: boolean;
  readonly lowest: number;
  readonly since: number | null;
  readonly learnt: number;
}

/**
 * EventStoreDB applies `$tb`, `$maxCount` and `$maxAge` to stream reads but leaves `$all` alone until a
 * scavenge; the port hides those events from `$all` too. This looks each stream's rule up once (or again
 * after maxAgeMs), from its metadata and, with a maxCount, its last revision.
 */
export class StreamVisibility {
  private readonly rules = new Map<string, Promise<Rule>>();

  constructor(
    private readonly client: Pick<EventStoreDBClient, 'getStreamMetadata' | 'readStream'>,
    private readonly maxAgeMs: number,
  ) {}

  async isVisible(event: EsdbRecordedEvent): Promise<boolean> {
    const rule = await this.ruleFor(event.streamId);
    return (
      !rule.hidden &&
      Number(event.revision) >= rule.lowest &&
      (rule.since === null || event.created.getTime() >= rule.since)
    );
  }

  /** The visible ones among events, their streams looked up together. */
  async filter(events: readonly EsdbRecordedEvent[]): Promise<Set<EsdbRecordedEvent>> {
    const verdicts = await Promise.all(events.map((event) => this.isVisible(event)));
    return new Set(events.filter((_, index) => verdicts[index]));
  }

  private ruleFor(streamId: string): Promise<Rule> {
    const known = this.rules.get(streamId);
    if (known) {
      const stillFresh = known.then((rule) => Date.now() - rule.learnt < this.maxAgeMs);
      return stillFresh.then((fresh) => (fresh ? known : this.learn(streamId)));
    }
    return this.learn(streamId);
  }

  private learn(streamId: string): Promise<Rule> {
    const rule = this.lookUp(streamId);
    this.rules.set(streamId, rule);
    // A failed lookup is not remembered.
    rule.catch(() => this.rules.delete(streamId));
    return rule;
  }

  private async lookUp(streamId: string): Promise<Rule> {
    const learnt = Date.now();
    let metadata;
    try {
      metadata = (await this.client.getStreamMetadata(streamId)).metadata;
    } catch (error) {
      if (error instanceof EsdbStreamDeletedError) return { hidden: true, lowest: 0, since: null, learnt };
      throw translateEventStoreDbError(error, { streamId });
    }
    const truncateBefore = typeof metadata?.truncateBefore === 'number' ? metadata.truncateBefore : 0;
    const maxAge = typeof metadata?.maxAge === 'number' ? metadata.maxAge : null;
    let lowest = truncateBefore;
    if (typeof metadata?.maxCount === 'number') {
      const last = await this.lastRevision(streamId);
      lowest = Math.max(lowest, last - metadata.maxCount + 1);
    }
    return { hidden: false, lowest, since: maxAge === null ? null : learnt - maxAge * 1000, learnt };
  }

  private async lastRevision(streamId: string): Promise<number> {
    try {
      for await (const resolved of this.client.readStream(streamId, { direction: 'backwards', fromRevision: 'end', maxCount: 1 })) {
        if (resolved.event) return Number(resolved.event.revision);
      }
    } catch (error) {
      if (error instanceof EsdbStreamNotFoundError) return -1;
      if (error instanceof EsdbStreamDeletedError) return Number.MAX_SAFE_INTEGER;
      throw translateEventStoreDbError(error, { streamId });
    }
    return -1;
  }
}
