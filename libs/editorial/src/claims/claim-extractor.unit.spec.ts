import { analysisArticle } from './analysis-article.fixture';
import { extractClaims, type ExtractedClaim } from './claim-extractor';

function claimOf(claims: ExtractedClaim[], fragment: string): ExtractedClaim {
  const found = claims.find((c) => c.text.includes(fragment));
  if (!found) throw new Error(`no claim contains "${fragment}"`);
  return found;
}

function only(body: string): ExtractedClaim | undefined {
  const claims = extractClaims({ title: '', dek: '', body });
  expect(claims.length).toBeLessThanOrEqual(1);
  return claims[0];
}

describe('extractClaims on an analysis article', () => {
  const claims = extractClaims(analysisArticle);

  it('turns exactly the checkable sentences into claims, in field and reading order', () => {
    expect(claims.map((c) => [c.field, c.text])).toEqual([
      ['title', 'The $40 billion question: who pays for the AI build-out?'],
      ['body', 'ChatGPT now has **more than 300 million weekly users**, according to OpenAI.'],
      ['body', 'The company said its annual revenue would reach $12.7 billion in 2025, up from $3.7 billion a year earlier.'],
      ['body', 'Those are company-reported figures, and OpenAI has not published audited accounts.'],
      ['body', 'Microsoft plans roughly $40 billion of capex in 2025, most of it on data centres.'],
      [
        'body',
        'Its largest cluster alone will hold about 120,000 accelerators, according to estimates from [SemiAnalysis](https://semianalysis.com/2024/10/clusters).',
      ],
      ['body', "Nvidia's Blackwell chips were unveiled in March 2024, and its data-centre revenue grew 154% year on year."],
      ['body', '"We are sold out for the next twelve months," Jensen Huang, Nvidia\'s chief executive, told analysts in Q3 2024.'],
      ['body', 'Meta says it has bought 350,000 H100 GPUs for its own models.'],
      ['body', 'Analysts expect the four largest cloud providers to spend more than $200 billion on AI infrastructure next year.'],
    ]);
  });

  it('leaves rhetoric, opinion, headings and questions without checkable content out', () => {
    const texts = claims.map((c) => c.text);
    for (const rhetoric of [
      'The lesson is obvious.',
      'Two very different plays.',
      'One bets on models',
      'If that spending slows',
      'Is any of this sustainable?',
      'Perhaps not.',
      'Demand, as reported',
    ]) {
      expect(texts.some((t) => t.includes(rhetoric))).toBe(false);
    }
  });

  it('gives spans that index the raw field, Markdown included', () => {
    for (const claim of claims) {
      expect(analysisArticle[claim.field].slice(claim.start, claim.end)).toBe(claim.text);
    }
    const users = claimOf(claims, '300 million weekly users');
    expect(users.start).toBe(analysisArticle.body.indexOf('ChatGPT now has'));
    expect(users.text.startsWith('ChatGPT now has **more')).toBe(true);
  });

  it('normalises the main figure of each claim', () => {
    const facts = (fragment: string) => {
      const { kind, kinds, value, unit } = claimOf(claims, fragment);
      return { kind, kinds, value, unit };
    };
    expect(facts('300 million weekly users')).toEqual({ kind: 'QUANTITY', kinds: ['QUANTITY', 'ATTRIBUTION'], value: 3e8, unit: 'users' });
    expect(facts('$40 billion of capex')).toEqual({ kind: 'MONEY', kinds: ['MONEY', 'DATE'], value: 4e10, unit: 'USD' });
    expect(facts('120,000 accelerators')).toEqual({
      kind: 'QUANTITY',
      kinds: ['QUANTITY', 'RANKING', 'ATTRIBUTION'],
      value: 1.2e5,
      unit: 'accelerators',
    });
    expect(facts('$12.7 billion')).toEqual({ kind: 'MONEY', kinds: ['MONEY', 'DATE', 'ATTRIBUTION'], value: 1.27e10, unit: 'USD' });
    expect(facts('grew 154%')).toEqual({ kind: 'PERCENTAGE', kinds: ['PERCENTAGE', 'DATE'], value: 154, unit: '%' });
    expect(facts('sold out')).toEqual({ kind: 'QUANTITY', kinds: ['QUANTITY', 'DATE', 'ATTRIBUTION', 'QUOTE'], value: 12, unit: 'months' });
    expect(facts('350,000 H100 GPUs')).toEqual({ kind: 'QUANTITY', kinds: ['QUANTITY', 'ATTRIBUTION'], value: 3.5e5, unit: 'GPUs' });
    expect(facts('four largest')).toEqual({ kind: 'MONEY', kinds: ['MONEY', 'RANKING', 'ATTRIBUTION'], value: 2e11, unit: 'USD' });
    expect(facts('audited accounts')).toEqual({ kind: 'ATTRIBUTION', kinds: ['ATTRIBUTION'], value: null, unit: null });
  });

  it('flags figures the company reports about itself as interested-party data', () => {
    const interested = claims.filter((c) => c.interestedParty).map((c) => c.text.slice(0, 30));
    expect(interested).toEqual([
      'ChatGPT now has **more than 30',
      'The company said its annual re',
      'Those are company-reported fig',
      '"We are sold out for the next ',
      'Meta says it has bought 350,00',
    ]);
    expect(claimOf(claims, 'according to estimates from').interestedParty).toBe(false);
    expect(claimOf(claims, 'Analysts expect').interestedParty).toBe(false);
  });

  it('scores check-worthiness in [0, 1], more and attributed figures above bare ones', () => {
    for (const claim of claims) {
      expect(claim.score).toBeGreaterThan(0);
      expect(claim.score).toBeLessThanOrEqual(1);
    }
    const title = claimOf(claims, 'who pays');
    const capex = claimOf(claims, '$40 billion of capex');
    const revenue = claimOf(claims, '$12.7 billion');
    const disclaimer = claimOf(claims, 'audited accounts');
    expect(revenue.score).toBeGreaterThan(capex.score);
    expect(capex.score).toBeGreaterThan(disclaimer.score);
    expect(capex.score).toBeGreaterThan(title.score);
  });

  it('is deterministic', () => {
    expect(extractClaims(analysisArticle)).toEqual(claims);
    expect(extractClaims({ ...analysisArticle })).toEqual(extractClaims(analysisArticle));
  });

  it('does not let link targets or emphasis create or shift figures', () => {
    const claim = only('See the [report](https://example.com/2024/05/40-billion.html) for **details**.');
    expect(claim).toBeUndefined();
  });
});

describe('extractClaims, one sentence at a time', () => {
  it.each([
    ['Mistral raised €3m in its seed round.', 'MONEY', 3e6, 'EUR'],
    ['The fund holds 12 billion dollars.', 'MONEY', 1.2e10, 'USD'],
    ['Anthropic raised $2.5bn at a $60bn valuation.', 'MONEY', 2.5e9, 'USD'],
    ['Analysts see $30-40 billion of spending.', 'MONEY', 4e10, 'USD'],
    ['Apple Inc. is worth $3tn.', 'MONEY', 3e12, 'USD'],
    ['Costs fell twenty percent.', 'PERCENTAGE', 20, '%'],
    ['Its share rose 3.5 percentage points.', 'PERCENTAGE', 3.5, 'pp'],
    ['The newsletter has three hundred thousand subscribers.', 'QUANTITY', 3e5, 'subscribers'],
    ['It has a million users.', 'QUANTITY', 1e6, 'users'],
    ['The 2.5GW campus opened.', 'QUANTITY', 2.5, 'GW'],
    ['Sales hit 1.1 million units in the first half of 2024.', 'QUANTITY', 1.1e6, 'units'],
    ['Inference got 5x cheaper.', 'FIGURE', 5, 'x'],
    ['Revenue peaked in Q3 2024.', 'DATE', 2024, 'year'],
    ['GPT-4 was released in March 2023.', 'DATE', 2023, 'year'],
    ['The memo is dated 5 May 2023.', 'DATE', 2023, 'year'],
    ['AMD is the second-biggest supplier.', 'RANKING', 2, 'rank'],
    ['The app is No. 1 in the App Store.', 'RANKING', 1, 'rank'],
    ['It is among the top three labs.', 'RANKING', 3, 'rank'],
    ['It is the largest cluster in Europe.', 'RANKING', 1, 'rank'],
    ['The lab released 3B, 8B and 34B models.', 'QUANTITY', 3e9, 'parameters'],
    ['It was trained on 1.5 trillion tokens.', 'QUANTITY', 1.5e12, 'tokens'],
    ['A quarter of the budget went on compute.', 'PERCENTAGE', 25, '%'],
    ['Capacity grew by a third in 2024.', 'PERCENTAGE', 100 / 3, '%'],
    ['Revenue tripled in 2024.', 'FIGURE', 3, 'x'],
    ['Six weeks later, the ministry opened a review.', 'QUANTITY', 6, 'weeks'],
    ['The site was approved in under forty-eight hours.', 'QUANTITY', 48, 'hours'],
    ['It passed 100,000 downloads in under forty-eight hours.', 'QUANTITY', 1e5, 'downloads'],
    ['An hour of compute costs 40 cents.', 'MONEY', 0.4, 'USD'],
    ['The firm has eighty thousand servers.', 'QUANTITY', 8e4, 'servers'],
    ['The models shipped in early March 2024.', 'DATE', 2024, 'year'],
  ])('%s -> %s %p %p', (body, kind, value, unit) => {
    const claim = only(body);
    expect(claim).toMatchObject({ kind, value, unit, field: 'body', start: 0, end: body.length });
  });

  it.each([
    'The lesson is obvious.',
    'Two very different plays.',
    'That said, the market is rational.',
    'We think prices will fall.',
    'Llama 3 is open.',
    'It has 3D chips.',
    'She may well leave.',
    'Why would anyone spend a quarter of the budget on compute?',
    'On my arithmetic it has perhaps eighteen months of runway.',
    'The biggest risk is complacency.',
    'Demand, we are told, exceeds supply.',
    'It would build half as much.',
    'Heron 34B is fast.',
    'Revenue of a few million euros is pocket money.',
  ])('%s is not a claim', (body) => {
    expect(only(body)).toBeUndefined();
  });

  it.each([
    ['The firm claims the model is 30% faster.', true],
    ['It has 10 million users, the company said.', true],
    ['Nvidia reported $30 billion of revenue, company-reported data show.', true],
    ['Revenue was $4 billion, according to the company.', true],
    ['Revenue was $4 billion, according to Reuters.', false],
    ['Revenue was $4 billion, analysts estimate.', false],
    ['Revenue was $4 billion.', false],
    ['It listed 4,000 customers on its website.', true],
    ["Costs are 40 cents an hour, by the company's estimate.", true],
    ['It says the plant makes 30,000 dishes a month.', true],
  ])('%s -> interestedParty %p', (body, interested) => {
    expect(only(body)?.interestedParty).toBe(interested);
  });

  it('treats a source named in the title as the interested party', () => {
    const doc = { title: 'Inside OpenAI', dek: '', body: 'ChatGPT has 300 million weekly users, according to OpenAI.' };
    expect(extractClaims(doc).find((c) => c.field === 'body')?.interestedParty).toBe(true);
    expect(extractClaims({ ...doc, title: 'Inside the chatbot race' })[0].interestedParty).toBe(false);
  });

  it('recognises direct quotes but not scare quotes', () => {
    expect(only('"We will build the biggest clusters," she said.')?.kinds).toContain('QUOTE');
    expect(only('The so-called "moat" is shallow.')).toBeUndefined();
  });

  it('treats a blockquote as a quote and a list item as a sentence of its own', () => {
    const body = '> Demand is insatiable, and supply will not catch up.\n\n- Capex: $40 billion in 2025\n- Users: 300 million';
    expect(extractClaims({ title: '', dek: '', body }).map((c) => [c.kind, c.text])).toEqual([
      ['QUOTE', 'Demand is insatiable, and supply will not catch up.'],
      ['MONEY', 'Capex: $40 billion in 2025'],
      ['FIGURE', 'Users: 300 million'],
    ]);
  });

  it('skips run-on "sentences" too long to be prose (data dumps)', () => {
    const dump = '12 '.repeat(5000);
    expect(extractClaims({ title: '', dek: '', body: `${dump}\n\nRevenue rose 12%.` }).map((c) => c.text)).toEqual(['Revenue rose 12%.']);
  });

  it('marks title and dek sentences with their field and offsets', () => {
    const claims = extractClaims({ title: 'Nvidia sells 120,000 chips', dek: 'A recap. Revenue rose 12%.', body: '' });
    expect(claims.map((c) => [c.field, c.start, c.end, c.kind])).toEqual([
      ['title', 0, 26, 'QUANTITY'],
      ['dek', 9, 26, 'PERCENTAGE'],
    ]);
  });
});
