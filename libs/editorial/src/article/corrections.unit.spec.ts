import { Forbidden, InvalidInput, InvalidTransition, NewSlugRequired } from '../shared/domain.errors';
import { deciderSpecification } from '../testing/decider-specification';
import {
  ANALYSIS,
  AT,
  AT_STAGE,
  CLAIMS,
  ada,
  claimWith,
  command,
  decider,
  eddie,
  fay,
  history,
  pat,
  person,
  published,
  SLOT,
  stateOf,
  summaryAnswer,
  wanda,
} from '../testing/article.fixtures';
import type { CorrectionKind } from './article.types';
import { summaryFresh } from './article.decider';

const spec = deciderSpecification(decider);
const TYPO_FIXED = ANALYSIS.body.replace('pays off is another question', 'pays off is another matter');
const CAPEX_CORRECTED = ANALYSIS.body.replace('$40 billion', '$35 billion');
const NOTE = 'An earlier version put Microsoft’s 2025 capex at $40 billion; the filing says $35 billion.';

describe('issueCorrection', () => {
  it('a silent fix changes the text without a public note', () => {
    const given = published();
    spec
      .given(given)
      .when(command('IssueCorrection', eddie, { kind: 'SILENT_FIX', body: TYPO_FIXED }))
      .then([
        {
          type: 'CorrectionIssued',
          data: { kind: 'SILENT_FIX', note: null, title: ANALYSIS.title, dek: ANALYSIS.dek, body: TYPO_FIXED, changed: ['body'], by: person(eddie), at: AT },
        },
      ]);
    const state = spec.given(given).when(command('IssueCorrection', eddie, { kind: 'SILENT_FIX', body: TYPO_FIXED })).thenState();
    expect(state).toMatchObject({ stage: 'PUBLISHED', body: TYPO_FIXED, corrections: [], updatedAt: AT });
  });

  it('a correction with a note re-anchors the changed claim: it comes back PENDING, flagged post-publication', () => {
    const given = published();
    const old = claimWith(given, CLAIMS.capex);
    const replacement = `c${stateOf(given).nextClaimNumber}`;
    const events = spec
      .given(given)
      .when(command('IssueCorrection', eddie, { kind: 'CORRECTION', body: CAPEX_CORRECTED, note: NOTE }))
      .thenMatches([
        { type: 'CorrectionIssued', data: { kind: 'CORRECTION', note: NOTE, changed: ['body'] } },
        { type: 'ClaimDropped', data: { claimId: old.id, reason: 'SENTENCE_EDITED', replacedBy: replacement } },
        { type: 'ClaimExtracted', data: { claimId: replacement, reason: 'SENTENCE_EDITED', supersedes: old.id, postPublication: true, text: expect.stringContaining('$35 billion') } },
      ]);
    const state = events.reduce(decider.evolve, stateOf(given));
    expect(state.stage).toBe('PUBLISHED');
    expect(state.claims.find((c) => c.id === replacement)).toMatchObject({ status: 'PENDING', postPublication: true });
    expect(state.corrections).toEqual([{ kind: 'CORRECTION', note: NOTE, at: AT }]);
    // Untouched claims keep their verdicts.
    expect(state.claims.filter((c) => c.id !== replacement).every((c) => c.status !== 'PENDING')).toBe(true);
  });

  it('a body change makes the TL;DR stale; the article stays published', () => {
    const given = published();
    expect(summaryFresh(stateOf(given))).toBe(true);
    const state = spec.given(given).when(command('IssueCorrection', eddie, { kind: 'SILENT_FIX', body: TYPO_FIXED })).thenState();
    expect(summaryFresh(state)).toBe(false);
    expect(state.stage).toBe('PUBLISHED');
  });

  it('a stale TL;DR is fresh again once regenerated', () => {
    const corrected = history(published()).then(command('IssueCorrection', eddie, { kind: 'SILENT_FIX', body: TYPO_FIXED })).events();
    const requested = history(corrected).then(command('GenerateSummary', eddie, {})).events();
    const state = spec.given(requested).when(summaryAnswer(requested)).thenState();
    expect(state.summary?.sourceHash).toBe(stateOf(corrected).bodyHash);
    expect(summaryFresh(state)).toBe(true);
  });

  it('a title-only correction leaves the TL;DR fresh', () => {
    const state = spec.given(published()).when(command('IssueCorrection', eddie, { kind: 'SILENT_FIX', title: 'The bill for the AI buildout' })).thenState();
    expect(summaryFresh(state)).toBe(true);
  });

  it('a correction may add a note without changing the text', () => {
    spec.given(published()).when(command('IssueCorrection', eddie, { kind: 'CORRECTION', note: 'Clarified that the user figure is OpenAI’s own.' })).thenMatches([{ type: 'CorrectionIssued', data: { changed: [] } }]);
  });

  it('answers a suggested correction', () => {
    const given = published();
    const suggested = history(given).then(command('RecordVerdict', fay, { claimId: claimWith(given, CLAIMS.capex).id, status: 'DISPUTED', note: 'The filing says $35 billion' })).events();
    expect(stateOf(suggested).correctionSuggested).toBe(true);
    const state = spec.given(suggested).when(command('IssueCorrection', eddie, { kind: 'CORRECTION', body: CAPEX_CORRECTED, note: NOTE })).thenState();
    expect(state.correctionSuggested).toBe(false);
  });

  describe('the slug', () => {
    const RENAMED = 'Who pays for the AI build-out';
    const HEADLINE_NOTE = 'An earlier version of this headline overstated the bill.';

    it('stays as published through a silent fix of the headline', () => {
      const state = spec.given(published()).when(command('IssueCorrection', eddie, { kind: 'SILENT_FIX', title: 'The bill for the AI build-out!' })).thenState();
      expect(state.slug).toBe(SLOT.slug);
    });

    it('stays when a correction changes the headline in ways the slug does not show', () => {
      const state = spec.given(published()).when(command('IssueCorrection', eddie, { kind: 'CORRECTION', title: 'The Bill for the AI Build-Out', note: HEADLINE_NOTE })).thenState();
      expect(state.slug).toBe(SLOT.slug);
    });

    it('asks the application for a new one when a correction renames the article', () => {
      spec.given(published()).when(command('IssueCorrection', eddie, { kind: 'CORRECTION', title: RENAMED, note: HEADLINE_NOTE })).thenThrows<NewSlugRequired>(NewSlugRequired, { title: RENAMED });
    });

    it('takes the reserved one, recorded with the correction', () => {
      const slug = 'who-pays-for-the-ai-build-out';
      spec
        .given(published())
        .when(command('IssueCorrection', eddie, { kind: 'CORRECTION', title: RENAMED, note: HEADLINE_NOTE, slug }))
        .thenMatches([{ type: 'CorrectionIssued', data: { kind: 'CORRECTION', title: RENAMED, changed: ['title'], slug } }]);
      const state = spec.given(published()).when(command('IssueCorrection', eddie, { kind: 'CORRECTION', title: RENAMED, note: HEADLINE_NOTE, slug })).thenState();
      expect(state).toMatchObject({ slug, title: RENAMED, stage: 'PUBLISHED' });
    });

    it('records no rename when the reservation gives back the slug the article has', () => {
      const events = spec
        .given(published())
        .when(command('IssueCorrection', eddie, { kind: 'CORRECTION', title: RENAMED, note: HEADLINE_NOTE, slug: SLOT.slug }))
        .thenMatches([{ type: 'CorrectionIssued' }]);
      expect(events[0].data).not.toHaveProperty('slug');
    });

    it('refuses an empty reserved slug', () => {
      spec.given(published()).when(command('IssueCorrection', eddie, { kind: 'CORRECTION', title: RENAMED, note: HEADLINE_NOTE, slug: ' ' })).thenThrows<InvalidInput>(InvalidInput, { field: 'slug' });
    });
  });

  describe('input', () => {
    it('refuses a silent fix with a note', () => {
      spec.given(published()).when(command('IssueCorrection', eddie, { kind: 'SILENT_FIX', body: TYPO_FIXED, note: 'Fixed a typo' })).thenThrows<InvalidInput>(InvalidInput, { field: 'note' });
    });

    it.each([null, '  '])('refuses a correction without a note (%p)', (note) => {
      spec.given(published()).when(command('IssueCorrection', eddie, { kind: 'CORRECTION', body: CAPEX_CORRECTED, note })).thenThrows<InvalidInput>(InvalidInput, { field: 'note' });
    });

    it('refuses a silent fix that changes nothing', () => {
      spec.given(published()).when(command('IssueCorrection', eddie, { kind: 'SILENT_FIX', body: ANALYSIS.body })).thenThrows<InvalidInput>(InvalidInput, { field: 'input' });
    });

    it('refuses an unknown kind', () => {
      spec.given(published()).when(command('IssueCorrection', eddie, { kind: 'ERRATUM' as CorrectionKind, body: TYPO_FIXED })).thenThrows<InvalidInput>(InvalidInput, { field: 'kind' });
    });

    it('validates the new text', () => {
      spec.given(published()).when(command('IssueCorrection', eddie, { kind: 'SILENT_FIX', title: 't'.repeat(201) })).thenThrows<InvalidInput>(InvalidInput, { field: 'title' });
    });
  });

  it('lets an admin correct', () => {
    spec.given(published()).when(command('IssueCorrection', ada, { kind: 'SILENT_FIX', body: TYPO_FIXED })).thenMatches([{ type: 'CorrectionIssued' }]);
  });

  it.each([wanda, pat, fay])('refuses $name: only an editor corrects', (actor) => {
    spec.given(published()).when(command('IssueCorrection', actor, { kind: 'SILENT_FIX', body: TYPO_FIXED })).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });

  it.each(['APPROVED', 'SCHEDULED', 'RETRACTED'] as const)('is refused in %s', (stage) => {
    spec.given(AT_STAGE[stage]()).when(command('IssueCorrection', eddie, { kind: 'SILENT_FIX', body: TYPO_FIXED })).thenThrows<InvalidTransition>(InvalidTransition, { stage, rule: 'STAGE' });
  });
});
