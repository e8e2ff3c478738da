import { claimKey, claimSpeaker, claimSubject, normalisedValue } from './claim-subject';

describe('claimSubject', () => {
  it.each([
    ['ChatGPT now has **more than 300 million weekly users**, according to OpenAI.', 'chatgpt'],
    ['OpenAI says ChatGPT now has more than 300 million weekly users.', 'chatgpt'],
    ['Microsoft expects to spend $40 billion of capex in 2025, most of it on data centres.', 'microsoft'],
    ['Microsoft plans roughly $40 billion of capex in 2025, most of it on data centres.', 'microsoft'],
    ['Claude 3 was released in March 2024 and set off a price war among the model makers.', 'claude 3'],
    ["Nvidia's Blackwell chips were unveiled in March 2024, and its data-centre revenue grew 154% year on year.", 'nvidia blackwell'],
    ['Meta says it has bought 350,000 H100 GPUs for its own models.', 'meta'],
    ['OpenAI expects revenue of $12.7 billion in 2025.', 'openai'],
    ['In 2024, Microsoft spent $40 billion on data centres.', 'microsoft'],
    ['According to Reuters, Microsoft spent $40 billion on data centres.', 'microsoft'],
    ["Satya Nadella, Microsoft's chief executive, said Azure grew 33% last quarter.", 'azure'],
    ['The U.S. Department of Energy funds 17 national laboratories.', 'us department of energy'],
    ['Bank of America holds $3.2 trillion in assets.', 'bank of america'],
    ['Meta and Google spent $80 billion between them.', 'meta and google'],
  ])('%s → %s', (text, subject) => {
    expect(claimSubject(text)).toBe(subject);
  });

  it.each([
    ['According to the company, its largest cluster holds 120,000 accelerators.'],
    ['The company said its annual revenue would reach $12.7 billion in 2025, up from $3.7 billion a year earlier.'],
    ['Analysts expect the four largest cloud providers to spend more than $200 billion on AI infrastructure next year.'],
    ['"We are sold out for the next twelve months," Jensen Huang, Nvidia\'s chief executive, told analysts in Q3 2024.'],
    ['Its largest cluster alone will hold about 120,000 accelerators.'],
    ['The $40 billion question: who pays for the AI build-out?'],
    [''],
  ])('%s has no subject', (text) => {
    expect(claimSubject(text)).toBeNull();
  });
});

describe('claimSpeaker', () => {
  it.each([
    ['ChatGPT now has **more than 300 million weekly users**, according to OpenAI.', 'OpenAI'],
    ['OpenAI says ChatGPT now has more than 300 million weekly users.', 'OpenAI'],
    ["Satya Nadella, Microsoft's chief executive, said Azure grew 33% last quarter.", 'Satya Nadella'],
    ['"We are not building for this year\'s demand," said Satya Nadella, Microsoft\'s chief executive.', 'Satya Nadella'],
    ['"We are sold out for the next twelve months," Jensen Huang, Nvidia\'s chief executive, told analysts in Q3 2024.', 'Jensen Huang'],
    ['Revenue reached $12.7 billion, the company said.', null],
    ['According to the company, its largest cluster holds 120,000 accelerators.', null],
    ['Microsoft plans roughly $40 billion of capex in 2025.', null],
  ])('%s → %s', (text, speaker) => {
    expect(claimSpeaker(text)).toBe(speaker);
  });
});

describe('claimKey', () => {
  it('joins subject, value and unit', () => {
    expect(claimKey({ text: 'OpenAI says ChatGPT now has more than 300 million weekly users.', value: 3e8, unit: 'users' })).toBe('chatgpt|300000000|users');
  });

  it('is the same for the same figure written two ways', () => {
    const a = claimKey({ text: 'OpenAI reported $12.7 billion of revenue.', value: 12.7 * 1e9, unit: 'USD' });
    const b = claimKey({ text: 'OpenAI reported $12,700 million of revenue.', value: 12_700 * 1e6, unit: 'USD' });
    expect(a).toBe(b);
  });

  it('is null without a value or without a subject', () => {
    expect(claimKey({ text: 'Microsoft said so.', value: null, unit: null })).toBeNull();
    expect(claimKey({ text: 'Its cluster holds 120,000 accelerators.', value: 120_000, unit: 'accelerators' })).toBeNull();
  });

  it('keeps six significant digits of the value', () => {
    expect(normalisedValue(0.1 + 0.2)).toBe('0.3');
    expect(normalisedValue(1.5e12)).toBe('1500000000000');
  });
});
