import { diffWords, wordDiff } from './word-diff';

describe('wordDiff', () => {
  it('shows a replaced word in the flow of the unchanged ones', () => {
    expect(wordDiff('Spending on AI is outpacing demand.', 'Spending on AI is outrunning demand.')).toBe('Spending on AI is [-outpacing-]{+outrunning+} demand.');
  });

  it('cuts long unchanged stretches to a few words of context', () => {
    const before = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen';
    const after = 'one two three four five SIX seven eight nine ten eleven twelve thirteen fourteen fifteen SIXTEEN seventeen eighteen nineteen';
    expect(wordDiff(before, after)).toBe('… three four five [-six-]{+SIX+} seven eight nine … thirteen fourteen fifteen [-sixteen-]{+SIXTEEN+} seventeen eighteen nineteen');
    expect(wordDiff(`${before} twenty more`, `${after} twenty more`)).toMatch(/\[-sixteen-\]\{\+SIXTEEN\+\} seventeen eighteen nineteen …$/);
  });

  it('shows insertions and deletions on their own', () => {
    expect(wordDiff('Big Tech bets on AI.', 'Big Tech bets $40 billion on AI.')).toBe('Big Tech bets {+$40 billion+} on AI.');
    expect(wordDiff('Big Tech bets heavily on AI.', 'Big Tech bets on AI.')).toBe('Big Tech bets [-heavily-] on AI.');
  });

  it('groups a rewritten passage as one removal and one addition', () => {
    expect(wordDiff('It will pay off soon.', 'Nobody knows whether returns come.')).toBe('[-It will pay off soon.-]{+Nobody knows whether returns come.+}');
  });

  it('is all addition for a text written from nothing, and empty when nothing changed', () => {
    expect(wordDiff(null, 'Written by hand.')).toBe('{+Written by hand.+}');
    expect(wordDiff('Same  words\nhere.', 'Same words here.')).toBe('');
  });

  it('aligns on the longest common run of words', () => {
    expect(diffWords('a b c d', 'a x c d y')).toEqual([
      { op: 'same', words: ['a'] },
      { op: 'removed', words: ['b'] },
      { op: 'added', words: ['x'] },
      { op: 'same', words: ['c', 'd'] },
      { op: 'added', words: ['y'] },
    ]);
  });

  it('falls back to a whole replacement of the changed middle when the texts are too long to align', () => {
    const many = (word: string) => Array.from({ length: 1_100 }, (_, i) => `${word}${i}`).join(' ');
    const diff = diffWords(`start ${many('a')} end`, `start ${many('b')} end`);
    expect(diff.map((op) => op.op)).toEqual(['same', 'removed', 'added', 'same']);
  });
});
