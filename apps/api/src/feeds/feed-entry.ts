import { disclosureLine, summaryFresh, type ArticleState } from '@galley/editorial';
import { escapeHtml, renderMarkdown } from './markdown-html';

/** What a feed needs to know about the publication. */
export interface FeedPublication {
  readonly name: string;
  readonly publicUrl: string;
  readonly timezone: string;
}

export interface FeedCorrection {
  readonly note: string;
  readonly at: string;
}

/** One published article as both feeds show it. */
export interface FeedEntry {
  readonly id: string;
  readonly url: string;
  readonly title: string;
  readonly dek: string;
  /** The TL;DR with its disclosure line (plain text); the dek when there is no fresh TL;DR. */
  readonly summary: string;
  readonly contentHtml: string;
  readonly publishedAt: string;
  /** The last public correction (dateModified), or null. */
  readonly modifiedAt: string | null;
  readonly authors: readonly { name: string }[];
  readonly tags: readonly string[];
  readonly language: string;
  readonly edition: number;
  readonly corrections: readonly FeedCorrection[];
  readonly tldr: { readonly text: string; readonly disclosure: string } | null;
}

export function articleUrl(publication: FeedPublication, slug: string): string {
  return `${publication.publicUrl}/articles/${encodeURIComponent(slug)}`;
}

/** A published article as a feed entry; null for anything else (the feeds show nothing unpublished). */
export function feedEntry(state: ArticleState, publication: FeedPublication): FeedEntry | null {
  if (state.stage !== 'PUBLISHED' || state.slug === null || state.publishedAt === null || state.edition === null) return null;
  // A TL;DR made from text since corrected could repeat the error: it is left out until regenerated.
  const tldr = state.summary && summaryFresh(state) ? { text: state.summary.text, disclosure: disclosureLine(state.summary) } : null;
  const corrections = state.corrections
    .filter((correction) => correction.kind === 'CORRECTION' && correction.note)
    .map((correction) => ({ note: correction.note!, at: correction.at }));
  return {
    id: `urn:uuid:${state.id}`,
    url: articleUrl(publication, state.slug),
    title: state.title,
    dek: state.dek,
    summary: tldr ? `${tldr.text}\n\n${tldr.disclosure}.` : state.dek,
    contentHtml: contentHtml(state, tldr, corrections, publication),
    publishedAt: state.publishedAt,
    modifiedAt: corrections.length > 0 ? corrections[corrections.length - 1].at : null,
    authors: state.author ? [{ name: state.author.name }] : [],
    tags: state.series ? [state.series] : [],
    language: state.language,
    edition: state.edition,
    corrections,
    tldr,
  };
}

function contentHtml(
  state: ArticleState,
  tldr: FeedEntry['tldr'],
  corrections: readonly FeedCorrection[],
  publication: FeedPublication,
): string {
  const parts: string[] = [];
  if (state.dek) parts.push(`<p><em>${escapeHtml(state.dek)}</em></p>`);
  if (tldr) {
    parts.push(`<blockquote>\n<p><strong>TL;DR:</strong> ${escapeHtml(tldr.text)}</p>\n<p><em>${escapeHtml(tldr.disclosure)}.</em></p>\n</blockquote>`);
  }
  parts.push(renderMarkdown(state.body));
  for (const correction of corrections) {
    parts.push(`<p><strong>Correction</strong> (${escapeHtml(humanDate(correction.at, publication.timezone))}): ${escapeHtml(correction.note)}</p>`);
  }
  return parts.join('\n');
}

/** A date for readers, in the publication's time zone, which it names ("14 March 2025, 10:30 (Europe/London)"). */
export function humanDate(iso: string, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')} (${timezone})`;
}
