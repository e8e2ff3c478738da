import { normalizeSentence, segmentSentences, splitSentences } from './sentence-splitter';

function texts(input: string): string[] {
  return splitSentences(input).map((s) => s.text);
}

describe('splitSentences', () => {
  it('splits plain prose on terminal punctuation', () => {
    expect(texts('Nvidia sold out. AMD did not! Who will? Nobody knows.')).toEqual([
      'Nvidia sold out.',
      'AMD did not!',
      'Who will?',
      'Nobody knows.',
    ]);
  });

  it('keeps abbreviations, initials and decimals inside the sentence', () => {
    expect(
      texts(
        'Dr. Smith of the U.S. Department of Energy spoke e.g. about grids. Shares of Apple Inc. rose 1.5% to $40.5 billion. J. R. Smith left.',
      ),
    ).toEqual([
      'Dr. Smith of the U.S. Department of Energy spoke e.g. about grids.',
      'Shares of Apple Inc. rose 1.5% to $40.5 billion.',
      'J. R. Smith left.',
    ]);
  });

  it('ends a sentence after an abbreviation when a new sentence plainly starts', () => {
    expect(texts('Most users are in the U.S. The rest are in Europe.')).toEqual([
      'Most users are in the U.S.',
      'The rest are in Europe.',
    ]);
    expect(texts('It bought Acme Inc. The deal closed in May.')).toEqual(['It bought Acme Inc.', 'The deal closed in May.']);
  });

  it('does not break before a number after "No." and keeps versions like 3.5 whole', () => {
    expect(texts('It ranked No. 1 in 2024. Claude 3.5 Sonnet followed.')).toEqual([
      'It ranked No. 1 in 2024.',
      'Claude 3.5 Sonnet followed.',
    ]);
  });

  it('handles ellipses and quotations', () => {
    expect(texts('It was released in March 2024... Then it stalled. "Is this it?" she asked. "No!" He left.')).toEqual([
      'It was released in March 2024...',
      'Then it stalled.',
      '"Is this it?" she asked.',
      '"No!"',
      'He left.',
    ]);
    expect(texts('He said “we are sold out.” Analysts agreed.')).toEqual(['He said “we are sold out.”', 'Analysts agreed.']);
    expect(texts('It grew… and grew.')).toEqual(['It grew… and grew.']);
  });

  it('treats headings, list items, quotes and paragraphs as boundaries', () => {
    const input = '# Heading without stop\nA paragraph line\ncontinues here. Second one.\n\n- item one\n- item two. Still two\n\n> quoted line\n> continues.';
    expect(segmentSentences(input).map((s) => [s.block, s.text])).toEqual([
      ['heading', 'Heading without stop'],
      ['paragraph', 'A paragraph line\ncontinues here.'],
      ['paragraph', 'Second one.'],
      ['list-item', 'item one'],
      ['list-item', 'item two.'],
      ['list-item', 'Still two'],
      ['quote', 'quoted line\n> continues.'],
    ]);
  });

  it('skips code fences, rules and table separators, and splits table cells', () => {
    const input = 'Before.\n\n```\nconst x = 1. Not prose.\n```\n\n---\n\n| Lab | Users |\n|---|---|\n| OpenAI | 300m |\n\nSetext title\n===\nAfter.';
    expect(segmentSentences(input).map((s) => [s.block, s.text])).toEqual([
      ['paragraph', 'Before.'],
      ['table-cell', 'Lab'],
      ['table-cell', 'Users'],
      ['table-cell', 'OpenAI'],
      ['table-cell', '300m'],
      ['heading', 'Setext title'],
      ['paragraph', 'After.'],
    ]);
  });

  it('returns spans that index the original string, trimmed, through Markdown', () => {
    const input = '## The **big** number\n\n  ChatGPT has **300 million** users, per [OpenAI](https://openai.com/a.b). It *grew*.\r\n\n1. Numbered item.';
    const spans = splitSentences(input);
    expect(spans.map((s) => s.text)).toEqual([
      'The **big** number',
      'ChatGPT has **300 million** users, per [OpenAI](https://openai.com/a.b).',
      'It *grew*.',
      'Numbered item.',
    ]);
    for (const span of spans) {
      expect(input.slice(span.start, span.end)).toBe(span.text);
      expect(span.text).toBe(span.text.trim());
    }
  });

  it('returns nothing for empty or markup-only text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences('\n\n---\n***\n')).toEqual([]);
  });
});

describe('normalizeSentence', () => {
  it('collapses whitespace and strips emphasis, links and quote markers', () => {
    expect(normalizeSentence('ChatGPT  has **300 million**\n> weekly _users_, per [OpenAI](https://openai.com).')).toBe(
      'ChatGPT has 300 million weekly users, per OpenAI.',
    );
  });

  it('makes a re-emphasised or re-wrapped sentence equal to the original', () => {
    expect(normalizeSentence('It grew “fast” in\n2024.')).toBe(normalizeSentence('It *grew* "fast" in 2024.'));
  });

  it('keeps real edits apart and leaves snake_case alone', () => {
    expect(normalizeSentence('It grew 5% in 2024.')).not.toBe(normalizeSentence('It grew 6% in 2024.'));
    expect(normalizeSentence('The max_tokens flag.')).toBe('The max_tokens flag.');
  });
});
