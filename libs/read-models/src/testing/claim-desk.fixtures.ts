import { randomUUID } from 'node:crypto';
import type { Actor, ClaimStatus, Person } from '@galley/editorial';
import type { RecordedEvent } from '@galley/event-store';
import type { ArticleScript, PositionCounter } from './article-script.fixtures';

/** A second fact-checker, so throughput has more than one name. */
export const fred: Actor = { id: 'user-fred', name: 'Fred Fact-Checker', roles: ['fact_checker'] };

/** The id of the script's active claim whose sentence contains `fragment`. */
export function claimIdWith(script: ArticleScript, fragment: string): string {
  const claim = script.state.claims.find((c) => c.text.includes(fragment));
  if (!claim) throw new Error(`No claim of ${script.id} contains "${fragment}"`);
  return claim.id;
}

/** `checker` records a verdict on the claim whose sentence contains `fragment`. */
export function verdictBy(
  script: ArticleScript,
  checker: Actor,
  fragment: string,
  status: Exclude<ClaimStatus, 'PENDING'>,
  at: Date,
  note: string | null = null,
): void {
  script.run('RecordVerdict', checker, { claimId: claimIdWith(script, fragment), status, evidence: [], note }, at);
}

/** An event the domain does not write yet (assignments), placed after the script's first `after` events. */
export interface ForeignEvent {
  readonly after: number;
  readonly type: string;
  readonly data: { readonly at: string } & Record<string, unknown>;
  readonly actor: Person;
}

type Unpositioned = Omit<RecordedEvent, 'position'>;

/** The script's stream as a store would hold it, with foreign events spliced in and revisions counted through. */
export function streamOf(script: ArticleScript, foreign: readonly ForeignEvent[] = []): Unpositioned[] {
  const entries: { type: string; data: { at: string }; actor: Person }[] = [];
  script.scripted.forEach(({ event, actor }, index) => {
    for (const extra of foreign.filter((f) => f.after === index)) entries.push(extra);
    entries.push({ type: event.type, data: event.data, actor });
  });
  for (const extra of foreign.filter((f) => f.after >= script.scripted.length)) entries.push(extra);
  return entries.map(({ type, data, actor }, revision) => ({
    id: randomUUID(),
    streamId: script.streamId,
    revision,
    type,
    data,
    metadata: { actor },
    created: new Date(data.at),
  }));
}

/** Several streams as `$all` would order them: by the time each event happened, each stream in its own order. */
export function timeline(positions: PositionCounter, ...streams: Unpositioned[][]): RecordedEvent[] {
  const heads = streams.map(() => 0);
  const merged: RecordedEvent[] = [];
  for (;;) {
    let pick = -1;
    streams.forEach((stream, i) => {
      if (heads[i] >= stream.length) return;
      if (pick < 0 || stream[heads[i]].created.getTime() < streams[pick][heads[pick]].created.getTime()) pick = i;
    });
    if (pick < 0) return merged;
    merged.push({ ...streams[pick][heads[pick]++], position: positions.take() });
  }
}
