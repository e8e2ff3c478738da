/** A realistic analysis piece, written for these tests: figures, dates, a company-reported number. */
export const ARTICLE = {
  title: 'The compute bill comes due',
  dek: 'Hyperscalers are spending at a pace the industry has never seen. The returns are still mostly promised.',
  series: 'Compute Economics',
  body: [
    '## Where the money goes',
    '',
    'Microsoft said it would spend about $80 billion on data centres in its 2025 fiscal year.',
    'Meta raised its capital expenditure guidance to between $64 billion and $72 billion in July 2025.',
    'That is more than double what the company spent in 2023.',
    '',
    'The buildout is measured in accelerators. One cluster in Memphis was reported to hold 100,000 GPUs when it came online in September 2024.',
    '',
    '## Who pays',
    '',
    'OpenAI says ChatGPT has more than 300 million weekly users, a figure the company reported in December 2024.',
    'Paying subscribers are a small fraction of that audience.',
    'Two very different bets are being placed.',
    '',
    'The lesson is not obvious yet.',
  ].join('\n'),
};

/** The same body with one figure changed in one sentence. */
export function withEditedMemphisSentence(body: string): string {
  return body.replace(
    'One cluster in Memphis was reported to hold 100,000 GPUs when it came online in September 2024.',
    'One cluster in Memphis was reported to hold 200,000 GPUs after its expansion in early 2025.',
  );
}
