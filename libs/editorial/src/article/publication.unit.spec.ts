import { Forbidden, InvalidInput, InvalidTransition, PublicationSlotRequired } from '../shared/domain.errors';
import { deciderSpecification } from '../testing/decider-specification';
import {
  ANALYSIS,
  AT,
  AT_STAGE,
  SLOT,
  SYSTEM_ACTOR,
  TOMORROW,
  YESTERDAY,
  ada,
  approved,
  claimWith,
  CLAIMS,
  command,
  decider,
  inReview,
  eddie,
  erin,
  fay,
  minutesAfterNow,
  pat,
  person,
  scheduled,
  stateOf,
  walt,
  wanda,
} from '../testing/article.fixtures';
import type { ArticleEvent } from './article.events';

const spec = deciderSpecification(decider);
const DUE = minutesAfterNow(24 * 60 + 1);

describe('publishArticle', () => {
  it('publishes an APPROVED article now, with edition, slug, reading time and publishedAt', () => {
    spec
      .given(approved())
      .when(command('PublishArticle', pat, { slot: SLOT }))
      .then([
        {
          type: 'ArticlePublished',
          // ANALYSIS is about a hundred words: a minute's read.
          data: { edition: 15, slug: 'the-bill-for-the-ai-build-out', readingTimeMinutes: 1, publishedAt: AT, by: person(pat), at: AT },
        },
      ]);
  });

  it('folds the publication into the article', () => {
    const state = spec.given(approved()).when(command('PublishArticle', eddie, { slot: SLOT })).thenState();
    expect(state).toMatchObject({ stage: 'PUBLISHED', edition: 15, slug: SLOT.slug, readingTimeMinutes: 1, publishedAt: AT, scheduledFor: null });
  });

  it('schedules when `at` is in the future', () => {
    const given = approved();
    spec
      .given(given)
      .when(command('PublishArticle', pat, { at: TOMORROW }))
      .then([{ type: 'PublicationScheduled', data: { scheduledFor: TOMORROW.toISOString(), by: person(pat), at: AT } }]);
    expect(spec.given(given).when(command('PublishArticle', pat, { at: TOMORROW })).thenState()).toMatchObject({ stage: 'SCHEDULED', scheduledFor: TOMORROW.toISOString() });
  });

  it('needs an edition and a slug reserved to publish now', () => {
    let thrown: unknown;
    try {
      decider.decide(command('PublishArticle', pat, {}), stateOf(approved()));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PublicationSlotRequired);
    expect(thrown).toMatchObject({ title: ANALYSIS.title });
  });

  it('treats a past `at` as now: it needs the slot, then publishes at the decision’s instant', () => {
    spec.given(approved()).when(command('PublishArticle', pat, { at: YESTERDAY })).thenThrows<PublicationSlotRequired>(PublicationSlotRequired, { title: ANALYSIS.title });
    spec.given(approved()).when(command('PublishArticle', pat, { at: YESTERDAY, slot: SLOT })).thenMatches([{ type: 'ArticlePublished', data: { publishedAt: AT } }]);
  });

  it('refuses an `at` that is not an instant', () => {
    spec.given(approved()).when(command('PublishArticle', pat, { at: new Date('someday') })).thenThrows<InvalidInput>(InvalidInput, { field: 'at' });
  });

  it.each([
    ['edition 0', { edition: 0, slug: 'x' }],
    ['a fractional edition', { edition: 1.5, slug: 'x' }],
    ['an empty slug', { edition: 3, slug: '' }],
  ])('refuses a slot with %s', (_case, slot) => {
    spec.given(approved()).when(command('PublishArticle', pat, { slot })).thenThrows<InvalidInput>(InvalidInput, { field: 'slot' });
  });

  it('refuses the author, even an editor', () => {
    spec.given(approved(eddie)).when(command('PublishArticle', eddie, { slot: SLOT })).thenThrows<Forbidden>(Forbidden, { rule: 'SEPARATION_OF_DUTIES' });
  });

  it('refuses the author, even an admin', () => {
    spec.given(approved(ada)).when(command('PublishArticle', ada, { slot: SLOT })).thenThrows<Forbidden>(Forbidden, { rule: 'SEPARATION_OF_DUTIES' });
  });

  it.each([walt, fay])('refuses $name, who is neither publisher nor editor', (actor) => {
    spec.given(approved()).when(command('PublishArticle', actor, { slot: SLOT })).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });

  it('refuses the author before a bad `at`', () => {
    spec.given(approved(eddie)).when(command('PublishArticle', eddie, { at: new Date('someday') })).thenThrows<Forbidden>(Forbidden, { rule: 'SEPARATION_OF_DUTIES' });
  });

  it.each(['DRAFT', 'FACT_CHECK', 'SUMMARIZE', 'REVIEW', 'PUBLISHED', 'RETRACTED', 'DISCARDED'] as const)('is refused in %s', (stage) => {
    spec.given(AT_STAGE[stage]()).when(command('PublishArticle', pat, { slot: SLOT })).thenThrows<InvalidTransition>(InvalidTransition, { stage, rule: 'STAGE' });
  });

  it('a person cannot publish a SCHEDULED article early: cancel first', () => {
    spec.given(scheduled()).when(command('PublishArticle', erin, { slot: SLOT })).thenThrows<InvalidTransition>(InvalidTransition, { stage: 'SCHEDULED', rule: 'STAGE' });
  });

  describe('guards that hold even on an inconsistent history', () => {
    // Unreachable through the decider (a revision or a disputed verdict leaves APPROVED), so the
    // histories below are written by hand to show that publication checks them anyway.
    const revisedBehindItsBack: ArticleEvent = {
      type: 'ArticleRevised',
      data: { title: ANALYSIS.title, dek: ANALYSIS.dek, body: `${ANALYSIS.body} More.`, changed: ['body'], by: person(wanda), at: AT },
    };

    it('a stale summary blocks publication', () => {
      spec.given([...approved(), revisedBehindItsBack]).when(command('PublishArticle', pat, { slot: SLOT })).thenThrows<InvalidTransition>(InvalidTransition, { stage: 'APPROVED', rule: 'SUMMARY_STALE' });
    });

    it('an unresolved claim blocks publication', () => {
      const given = approved();
      const claim = claimWith(given, CLAIMS.capex);
      const disputed: ArticleEvent = {
        type: 'VerdictRecorded',
        data: { claimId: claim.id, status: 'DISPUTED', previousStatus: 'VERIFIED', evidence: [], note: 'No', by: person(fay), at: AT },
      };
      spec.given([...given, disputed]).when(command('PublishArticle', pat, { slot: SLOT })).thenThrows<InvalidTransition>(InvalidTransition, { stage: 'APPROVED', rule: 'CLAIMS_UNRESOLVED' });
    });
  });

  describe('by the service, on schedule', () => {
    it('publishes a SCHEDULED article that is due', () => {
      const state = spec.given(scheduled()).when(command('PublishArticle', SYSTEM_ACTOR, { slot: SLOT }, DUE)).thenState();
      expect(state).toMatchObject({ stage: 'PUBLISHED', publishedAt: DUE.toISOString(), scheduledFor: null, edition: 15 });
      spec
        .given(scheduled())
        .when(command('PublishArticle', SYSTEM_ACTOR, { slot: SLOT }, DUE))
        .thenMatches([{ type: 'ArticlePublished', data: { by: { id: 'system', name: 'Galley' }, publishedAt: DUE.toISOString() } }]);
    });

    it('publishes exactly at the scheduled instant', () => {
      spec.given(scheduled()).when(command('PublishArticle', SYSTEM_ACTOR, { slot: SLOT }, TOMORROW)).thenMatches([{ type: 'ArticlePublished' }]);
    });

    it('refuses one that is not due yet', () => {
      spec.given(scheduled()).when(command('PublishArticle', SYSTEM_ACTOR, { slot: SLOT }, minutesAfterNow(60))).thenThrows<InvalidTransition>(InvalidTransition, { stage: 'SCHEDULED', rule: 'NOT_DUE' });
    });

    it('needs the slot too', () => {
      spec.given(scheduled()).when(command('PublishArticle', SYSTEM_ACTOR, {}, DUE)).thenThrows(PublicationSlotRequired);
    });

    it('the service does not publish an approved article that nobody scheduled', () => {
      spec.given(approved()).when(command('PublishArticle', SYSTEM_ACTOR, { slot: SLOT })).thenThrows<InvalidTransition>(InvalidTransition, { stage: 'APPROVED', rule: 'STAGE' });
    });
  });
});

describe('cancelSchedule', () => {
  it('returns a SCHEDULED article to APPROVED', () => {
    spec.given(scheduled()).when(command('CancelSchedule', pat, {})).then([{ type: 'ScheduleCancelled', data: { by: person(pat), reason: 'CANCELLED', at: AT } }]);
    expect(spec.given(scheduled()).when(command('CancelSchedule', eddie, {})).thenState()).toMatchObject({ stage: 'APPROVED', scheduledFor: null });
  });

  it('lets a cancelled article be revised again', () => {
    const given = [...scheduled(), ...decider.decide(command('CancelSchedule', pat, {}), stateOf(scheduled()))];
    spec.given(given).when(command('ReviseArticle', wanda, { title: 'Who pays for the AI build-out' })).thenMatches([{ type: 'ArticleRevised' }, { type: 'ReturnedToReview' }]);
  });

  it.each([wanda, fay])('refuses $name, who is neither publisher nor editor', (actor) => {
    spec.given(scheduled()).when(command('CancelSchedule', actor, {})).thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });

  it.each(['APPROVED', 'PUBLISHED'] as const)('is refused in %s', (stage) => {
    spec.given(AT_STAGE[stage]()).when(command('CancelSchedule', pat, {})).thenThrows<InvalidTransition>(InvalidTransition, { stage, rule: 'STAGE' });
  });
});

describe('completePublication (the service finishing a reserved edition)', () => {
  const publisher = person(pat);

  it('publishes the approved article with the reserved edition and slug, on behalf of its publisher', () => {
    spec
      .given(approved())
      .when(command('CompletePublication', SYSTEM_ACTOR, { edition: 7, slug: 'reserved-slug', publishedBy: publisher }))
      .thenMatches([{ type: 'ArticlePublished', data: { edition: 7, slug: 'reserved-slug', by: publisher, publishedAt: AT } }]);
  });

  it('does nothing when the article already carries that edition', () => {
    const given = [...approved(), ...decider.decide(command('PublishArticle', pat, { slot: { edition: 7, slug: 's' } }), stateOf(approved()))];
    spec.given(given).when(command('CompletePublication', SYSTEM_ACTOR, { edition: 7, slug: 's', publishedBy: publisher })).thenNothing();
  });

  it('is the service’s alone', () => {
    spec
      .given(approved())
      .when(command('CompletePublication', pat, { edition: 7, slug: 's', publishedBy: publisher }))
      .thenThrows<Forbidden>(Forbidden, { rule: 'ROLE' });
  });

  it('cannot publish an article that is no longer approved', () => {
    spec
      .given(inReview())
      .when(command('CompletePublication', SYSTEM_ACTOR, { edition: 7, slug: 's', publishedBy: publisher }))
      .thenThrows<InvalidTransition>(InvalidTransition, { stage: 'REVIEW', rule: 'STAGE' });
  });
});
