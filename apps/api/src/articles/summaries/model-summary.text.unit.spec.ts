import { ModelCallError } from './model-http.client';
import { cleanModelSummary } from './model-summary.text';

const summary = 'The council approved the budget on 3 March. Spending rises 4% to €210 million. Libraries get most of it.';

describe('cleanModelSummary', () => {
  it.each([
    ['surrounding whitespace', `\n\n  ${summary}  \n`],
    ['a Markdown heading', `# TL;DR\n\n${summary}`],
    ['a setext heading', `Summary\n=======\n${summary}`],
    ['quote markers', `> ${summary.replace('. ', '.\n> ')}`],
    ['a preamble', `Here is a 3-sentence summary of the article:\n\n${summary}`],
    ['a label', `**TL;DR:** ${summary}`],
    ['inline emphasis', summary.replace('€210 million', '**€210 million**')],
    ['wrapping quotation marks', `“${summary}”`],
    ['a code fence', `\`\`\`\n${summary}\n\`\`\``],
  ])('strips %s', (_what, raw) => {
    expect(cleanModelSummary(raw)).toBe(summary);
  });

  it('keeps quotation marks that belong to the text', () => {
    const quoted = '"We are sold out," the chief executive said. Orders doubled.';
    expect(cleanModelSummary(quoted)).toBe(quoted);
  });

  it.each([
    ['empty', '   \n '],
    ['only a heading', '## Summary'],
    ['over 200 words', Array.from({ length: 201 }, () => 'word').join(' ')],
  ])('refuses an answer that is %s', (_what, raw) => {
    expect(() => cleanModelSummary(raw)).toThrow(ModelCallError);
    try {
      cleanModelSummary(raw);
    } catch (error) {
      expect(error).toMatchObject({ code: 'MODEL_MALFORMED_OUTPUT' });
    }
  });
});
