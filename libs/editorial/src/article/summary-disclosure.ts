import type { Summary } from './article.types';

/**
 * The line shown to readers under a TL;DR, rendered from the summary's provenance so that it can
 * only say what is true ("Summarized with <model> at publish time", as the publication words it).
 */
export function disclosureLine(summary: Summary): string {
  const editors = [...new Set(summary.edits.map((edit) => edit.by.name))];
  if (summary.provider === 'human') return `Written by ${editors.join(' and ')}`;
  const edited = editors.length > 0 ? `; edited by ${editors.join(' and ')}` : '';
  if (summary.sourceType === 'trainedAlgorithmicMedia') {
    return `Summarized with ${summary.model ?? summary.provider} at publish time${edited}`;
  }
  return `Extracted from the article${edited}`;
}
