import type { Me, Stage } from '../../apps/web/src/api/types';
import { may, type Action } from '../../apps/web/src/desk/permissions';
import { diffText } from '../../apps/web/src/desk/text-diff';

const person = (id: string, ...roles: Me['roles']): Me => ({ id, name: id, roles });
const wanda = person('wanda', 'writer');
const eddie = person('eddie', 'editor');
const fay = person('fay', 'fact_checker');
const pat = person('pat', 'publisher');
const ada = person('ada', 'admin');
const byWanda = (stage: Stage) => ({ stage, author: { id: 'wanda', name: 'Wanda Writer' } });

describe('which buttons the desk shows', () => {
  it.each<[Me, Action, Stage, boolean]>([
    [wanda, 'submitForFactCheck', 'DRAFT', true],
    [wanda, 'revise', 'REVIEW', true],
    [wanda, 'revise', 'SCHEDULED', false],
    [wanda, 'approveArticle', 'REVIEW', false],
    [eddie, 'approveArticle', 'REVIEW', true],
    [eddie, 'approveArticle', 'APPROVED', false],
    [eddie, 'requestChanges', 'APPROVED', true],
    [fay, 'recordVerdict', 'FACT_CHECK', true],
    [fay, 'revise', 'DRAFT', false],
    [pat, 'publishArticle', 'APPROVED', true],
    [pat, 'cancelSchedule', 'SCHEDULED', true],
    [pat, 'retractArticle', 'PUBLISHED', true],
    [pat, 'issueCorrection', 'PUBLISHED', false],
    [eddie, 'issueCorrection', 'PUBLISHED', true],
    [wanda, 'discardArticle', 'PUBLISHED', false],
    [wanda, 'generateVariant', 'SUMMARIZE', true],
    [wanda, 'generateVariant', 'REVIEW', false],
  ])('%j may %s in %s: %s', (me, action, stage, expected) => {
    expect(may(me, action, byWanda(stage))).toBe(expected);
  });

  it('keeps separation of duties even for an admin', () => {
    const ownArticle = { stage: 'REVIEW' as const, author: { id: 'ada', name: 'Ada Admin' } };
    expect(may(ada, 'approveArticle', ownArticle)).toBe(false);
    expect(may(ada, 'revise', ownArticle)).toBe(true);
    expect(may(ada, 'approveArticle', byWanda('REVIEW'))).toBe(true);
  });
});

describe('the diff between two versions', () => {
  const render = (before: string, after: string) =>
    diffText(before, after)
      .map((part) => (part.kind === 'added' ? `{+${part.text}+}` : part.kind === 'removed' ? `[-${part.text}-]` : part.text))
      .join('');

  it('marks the words that changed inside a changed paragraph', () => {
    expect(render('One cluster held 100,000 GPUs.\n\nThe lesson.', 'One cluster held 200,000 GPUs.\n\nThe lesson.')).toBe(
      'One cluster held [-100,000-]{+200,000+} GPUs.\n\nThe lesson.',
    );
  });

  it('shows an added paragraph as added and leaves equal texts alone', () => {
    expect(render('A.', 'A.\n\nB.')).toBe('A.{+\n\nB.+}');
    expect(diffText('Same text.', 'Same text.')).toEqual([{ kind: 'same', text: 'Same text.' }]);
  });
});
