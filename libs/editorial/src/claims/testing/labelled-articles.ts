import type { ClaimField, ClaimKind, ClaimSource } from '../claim-extractor';

/**
 * A labelled evaluation set for the claim extractor: three analysis pieces written for this suite
 * in the publication's newsletter style. The companies, people and figures are invented.
 *
 * Every sentence of the title, dek and body is labelled. How the labels were decided:
 * - `claim` is true when a fact-checker could verify the sentence against a source: it states a
 *   figure, amount, share, date or period, ranking, something a named party said or reported, or a
 *   plain fact about a named party. Opinion, rhetoric, the author's own forecasts and reckoning,
 *   transitions, questions and headings without a figure are not claims.
 * - `kind` follows the project's convention (CLAIM_KIND_PRIORITY: money, percentage, quantity,
 *   figure, date, ranking, attribution, quote), except that a period ("six weeks later") gives way
 *   to any other figure in the sentence. Fractions ("a quarter of") are percentages, multipliers
 *   ("tripled", "halved") are figures in `x`, model sizes ("8B") count `parameters`. A plain fact
 *   with none of these markers has kind null: the extractor is not expected to find it, and the
 *   suite counts it as a miss.
 * - `value` and `unit` are those of the first mention of the main kind; a date's value is its year.
 * - `interestedParty` is true when the sentence rests on the word of the company it concerns (or
 *   its executives, filings, website) speaking about itself.
 */
export interface LabelledSentence {
  text: string;
  claim: boolean;
  kind: ClaimKind | null;
  value: number | null;
  unit: string | null;
  interestedParty: boolean;
}

export type LabelledBlock =
  | { heading: LabelledSentence }
  | { paragraph: LabelledSentence[] }
  | { items: LabelledSentence[] };

export interface LabelledArticle {
  name: string;
  /** Written after the extractor was tuned on the others: its figures show how well that generalises. */
  heldOut: boolean;
  title: LabelledSentence[];
  dek: LabelledSentence[];
  body: LabelledBlock[];
}

const SELF = true;

function no(text: string): LabelledSentence {
  return { text, claim: false, kind: null, value: null, unit: null, interestedParty: false };
}

function yes(
  text: string,
  kind: ClaimKind | null,
  value: number | null = null,
  unit: string | null = null,
  interestedParty = false,
): LabelledSentence {
  return { text, claim: true, kind, value, unit, interestedParty };
}

const kestrel: LabelledArticle = {
  name: 'kestrel (open-weights models)',
  heldOut: false,
  title: [no("Kestrel's open-weights gambit")],
  dek: [
    yes('The Lisbon lab gave away three models in early March 2024.', 'DATE', 2024, 'year'),
    no('Its rivals are still working out what that means for them.'),
  ],
  body: [
    { heading: no('What shipped') },
    {
      paragraph: [
        yes('Kestrel AI released its Heron models in early March 2024 in three sizes: 3B, 8B and 34B parameters.', 'QUANTITY', 3e9, 'parameters'),
        yes('All three were trained on 1.5 trillion tokens of text and code, the company stated in its technical report.', 'QUANTITY', 1.5e12, 'tokens', SELF),
        yes('The weights can be downloaded free of charge, and the licence allows commercial use.', null),
        no('That last detail is the whole story.'),
      ],
    },
    {
      paragraph: [
        yes('Developers downloaded the smallest model more than 100,000 times in under forty-eight hours, according to the counter on its Hugging Face page.', 'FIGURE', 1e5, null),
        yes('Six weeks later, Kestrel said the family had passed two million downloads.', 'QUANTITY', 2e6, 'downloads', SELF),
        yes("By Kestrel's own count, that makes Heron the fastest-adopted open model ever released by a European lab.", 'RANKING', 1, 'rank', SELF),
        no('Numbers like these are easy to inflate, and nobody audits them.'),
      ],
    },
    {
      paragraph: [
        no('Two labs, two very different bets.'),
        yes('Marlow Labs, the Paris company that raised $1.2 billion last year, keeps its best models behind a paid API.', 'MONEY', 1.2e9, 'USD'),
        yes('Its flagship model costs $15 per million output tokens.', 'MONEY', 15, 'USD'),
        no('Kestrel is betting that giving the models away will sell its hosting service instead.'),
        no('It is not a new idea, but it is rarely tried this bluntly.'),
      ],
    },
    { heading: no('The money') },
    {
      paragraph: [
        yes('Kestrel has raised $340 million to date, most recently a $210 million round in January led by Northwind Ventures.', 'MONEY', 3.4e8, 'USD'),
        yes('The company says its hosting revenue tripled between the fourth quarter of 2023 and the first quarter of 2024.', 'FIGURE', 3, 'x', SELF),
        no('It would not give absolute numbers, which tells a story of its own.'),
        yes('The company listed 4,000 paying customers on its website in April, which would imply revenue of a few million euros a year.', 'QUANTITY', 4000, 'customers', SELF),
        no("Next to Marlow's war chest, that is pocket money."),
      ],
    },
    {
      paragraph: [
        yes("A quarter of Kestrel's spending last year went on compute, according to a person familiar with its accounts.", 'PERCENTAGE', 25, '%'),
        yes('Most of the rest paid for a staff of about 120 people in Lisbon and Porto.', 'QUANTITY', 120, 'people'),
        no('Compute is the line that will grow.'),
        no('Salaries, in a market this hot, will not shrink either.'),
      ],
    },
    { heading: no('By the numbers') },
    {
      items: [
        yes('Heron 34B scores 71.2 on the MMLU benchmark, the company reported.', 'FIGURE', 71.2, null, SELF),
        yes('The 3B model runs on a phone with 8 GB of memory.', 'QUANTITY', 3e9, 'parameters'),
        yes('Training the largest model took 2,048 GPUs and 41 days.', 'QUANTITY', 2048, 'GPUs'),
      ],
    },
    { heading: no('The response') },
    {
      paragraph: [
        no("Marlow's chief executive, Inès Caradec, was unimpressed."),
        yes('“Giving away a model is easy; paying for the next one is the hard part,” she told a conference in Berlin on 18 March.', 'DATE', null, null),
        yes('Marlow will not release the weights of its flagship, the company said in a statement.', 'ATTRIBUTION', null, null, SELF),
        yes("“We would rather be the Linux of models than its Oracle,” Tomás Reis, Kestrel's co-founder, wrote in a blog post in February.", 'DATE', null, null, SELF),
      ],
    },
    {
      paragraph: [
        yes('Analysts at Carrow Research estimate that open models took 11% of enterprise AI spending in 2023, up from 4% a year earlier.', 'PERCENTAGE', 11, '%'),
        no('If that share keeps rising, closed labs will have to cut their prices.'),
        yes('Marlow already has: it halved its API prices in May.', 'FIGURE', 0.5, 'x'),
        no('Whether Kestrel can survive its own generosity is another matter.'),
        no('On my arithmetic it has perhaps eighteen months of runway.'),
        no('That is long enough to learn whether giving things away is a business model or merely an expensive form of marketing.'),
        no('Either way, the rest of the industry will be taking notes.'),
      ],
    },
    { heading: no('Why give it away?') },
    {
      paragraph: [
        no('Why would anyone spend a quarter of their money on compute and then hand the result to competitors?'),
        no('The cynical answer is that Kestrel had no choice.'),
        yes("Its models trailed Marlow's on most public benchmarks in 2023, according to the HELM leaderboard run by Stanford researchers.", 'DATE', 2023, 'year'),
        no('The generous answer is that openness is the cheapest marketing a small lab can buy.'),
        no('Both answers are probably true.'),
      ],
    },
    {
      paragraph: [
        yes('Ostra, a Dutch lab, tried the same approach in 2022 and was bought by a chip designer eighteen months later.', 'QUANTITY', 18, 'months'),
        yes("Kestrel's founders insist they are not building to sell.", 'ATTRIBUTION', null, null, SELF),
        no('Founders always do.'),
        no('For developers, the calculus is simpler.'),
        yes("Running the 8B model on a rented GPU costs about 40 cents an hour, by the company's estimate.", 'MONEY', 0.4, 'USD', SELF),
        no("That is cheap enough for a hobbyist and far too cheap for Marlow's liking."),
      ],
    },
  ],
};

const brightwire: LabelledArticle = {
  name: 'brightwire (newsletter business)',
  heldOut: false,
  title: [yes('How Brightwire reached three hundred thousand subscribers', 'QUANTITY', 3e5, 'subscribers')],
  dek: [no('A newsletter with no investors, a small staff and a stubborn founder.')],
  body: [
    {
      paragraph: [
        yes('When Maya Lindqvist left the Northern Courier in September 2021, she took a mailing list of 9,000 readers with her.', 'QUANTITY', 9000, 'readers'),
        yes('Brightwire now has three hundred thousand subscribers, the company stated last week.', 'QUANTITY', 3e5, 'subscribers', SELF),
        yes('About 41,000 of them pay €8 a month or €80 a year.', 'MONEY', 8, 'EUR'),
        no('That is a remarkable run for a publication that began as a hobby.'),
      ],
    },
    {
      paragraph: [
        yes('On those numbers, subscriptions alone bring in roughly €3.3 million a year.', 'MONEY', 3.3e6, 'EUR'),
        yes('Lindqvist said the newsletter turned its first profit in the second quarter of 2023.', 'DATE', 2023, 'year', SELF),
        yes('The company employs eleven people, four of them on the editorial side.', 'QUANTITY', 11, 'people'),
        no('Profit is a big word for a company this small, but it is the right one.'),
      ],
    },
    { heading: no('The growth engine') },
    {
      paragraph: [
        no('Growth came in bursts rather than as a steady climb.'),
        yes('A single investigation into hospital waiting lists, published in early March 2024, added 38,000 free subscribers in under a week.', 'QUANTITY', 38000, 'subscribers'),
        yes('Six weeks later, the Swedish health ministry announced a review of the waiting-list figures Brightwire had published.', 'QUANTITY', 6, 'weeks'),
        no('Nothing grows a newsletter like a story that forces a government to respond.'),
      ],
    },
    {
      paragraph: [
        yes('Referrals do the rest: readers recommending the newsletter to a friend brought in a quarter of all new sign-ups last year, according to figures Brightwire shared with this newsletter.', 'PERCENTAGE', 25, '%', SELF),
        yes('Paid advertising accounted for less than 5% of new readers.', 'PERCENTAGE', 5, '%'),
        no('The lesson is obvious, and almost nobody follows it.'),
        no('Most publishers would rather buy an audience than earn one.'),
      ],
    },
    { heading: no('Where the money goes') },
    {
      paragraph: [
        yes('Reporting takes almost half of the budget, Lindqvist said, and a quarter goes on the two lawyers the company keeps on retainer.', 'PERCENTAGE', 50, '%', SELF),
        no('That second number is the one other founders should study.'),
        yes('Investigations attract legal letters, and Brightwire received 27 of them in 2023.', 'FIGURE', 27, null),
        yes('None went to court.', null),
      ],
    },
    {
      paragraph: [
        yes('Its rival Quorum Media, which is backed by $12 million of venture capital, charges nearly twice as much.', 'MONEY', 1.2e7, 'USD'),
        yes('Quorum says it has 60,000 paying readers, which would make it the largest paid newsletter business in the Nordics.', 'QUANTITY', 6e4, 'readers', SELF),
        yes('Brightwire, with 41,000, would be the second-largest.', 'FIGURE', 41000, null),
        no('Two very different plays for the same small market.'),
      ],
    },
    { heading: no('What comes next') },
    {
      paragraph: [
        yes('“We will never take venture money, because venture money wants a sale,” Lindqvist told a media conference in Hamburg in May.', 'DATE', null, null, SELF),
        no('She wants to hire more reporters before she hires anyone in sales.'),
        no('It is a sensible order of priorities.'),
        no('Whether it survives the next recession is another question.'),
        yes('Advertising revenue at Swedish newspapers fell 14% in 2023, the industry association reported in February.', 'PERCENTAGE', 14, '%'),
        no('Newsletters are not immune to that.'),
        no('But a business that asks its readers for money has at least chosen the right people to depend on.'),
      ],
    },
    { heading: no('Brightwire in brief') },
    {
      items: [
        yes('Founded: September 2021, in Malmö', 'DATE', 2021, 'year'),
        yes('Staff: 11', 'FIGURE', 11, null),
        yes('Open rate: 58%, the company says', 'PERCENTAGE', 58, '%', SELF),
      ],
    },
    { heading: no('The reader problem') },
    {
      paragraph: [
        no('There is a catch, and every newsletter founder knows it.'),
        yes('Open rates across the industry have fallen for three years running, according to the email platform Postwick.', 'QUANTITY', 3, 'years'),
        yes("Postwick's latest survey puts the median at 39%, down from 46% in 2021.", 'PERCENTAGE', 39, '%'),
        no('Brightwire beats that comfortably, for now.'),
        no('Why do readers stay?'),
        yes('In a survey of 2,300 subscribers that Brightwire ran in January, 71% named the investigations as their main reason to pay.', 'PERCENTAGE', 71, '%', SELF),
        no('Only a handful mentioned the weekly column, which is a pity, because it is the best thing in the newsletter.'),
      ],
    },
    {
      paragraph: [
        no('The harder question is what happens when the founder gets tired.'),
        yes('Lindqvist still writes about a third of every issue herself.', 'PERCENTAGE', 100 / 3, '%'),
        no('That is admirable, and it is not a plan.'),
        yes('She has named no successor, and the company has no board beyond its two founders.', null),
        no('A publication this dependent on one voice is only ever one bad year away from decline.'),
      ],
    },
  ],
};

const northgate: LabelledArticle = {
  name: 'northgate (cloud capex)',
  heldOut: false,
  title: [yes("Northgate's $12 billion bet on servers nobody has ordered yet", 'MONEY', 1.2e10, 'USD')],
  dek: [no('A cloud provider builds for demand it cannot see yet, and asks investors to trust it.')],
  body: [
    {
      paragraph: [
        yes('Northgate Cloud will spend $12 billion on data centres in 2025, the company stated in its annual report.', 'MONEY', 1.2e10, 'USD', SELF),
        yes('That is more than double the $5.4 billion it spent in 2024.', 'MONEY', 5.4e9, 'USD'),
        yes('Most of the money will go on 80,000 servers for three new sites in Spain, Poland and Ireland.', 'QUANTITY', 8e4, 'servers'),
        no('It is a staggering sum for a company of its size.'),
      ],
    },
    {
      paragraph: [
        yes('Northgate is the third-largest cloud provider in Europe by revenue, according to Halden Analytics.', 'RANKING', 3, 'rank'),
        yes('Its market share was 9% in the third quarter of 2024, against 31% for the leader.', 'PERCENTAGE', 9, '%'),
        no('Size matters in this business, and Northgate knows it.'),
        no('The question is whether customers will follow the servers.'),
      ],
    },
    { heading: no('The bet') },
    {
      paragraph: [
        yes('Chief executive Daniel Ortmann told investors in November that half of the new capacity was already reserved.', 'PERCENTAGE', 50, '%', SELF),
        no('Reserved is a slippery word.'),
        yes("Northgate's filings show that signed contracts cover about 1.8 gigawatts of the 4 gigawatts it plans to build.", 'QUANTITY', 1.8, 'gigawatts', SELF),
        no('The rest depends on AI start-ups whose own revenues are, for now, mostly promises.'),
      ],
    },
    {
      paragraph: [
        yes('The company says its largest site, near Zaragoza, will draw 900 megawatts when complete.', 'QUANTITY', 900, 'megawatts', SELF),
        yes('That is roughly a fifth of the electricity consumed by the whole region of Aragon.', 'PERCENTAGE', 20, '%'),
        yes('Local officials approved the site in under forty-eight hours in July, a speed critics called reckless.', 'QUANTITY', 48, 'hours'),
        no('Speed is the point.'),
      ],
    },
    { heading: no('The risk') },
    {
      paragraph: [
        yes("Northgate's shares fell 8% on the day of the announcement and have not recovered.", 'PERCENTAGE', 8, '%'),
        yes("Its debt rose to €7.5 billion at the end of September, according to the company's quarterly report.", 'MONEY', 7.5e9, 'EUR', SELF),
        yes("Moody's downgraded the company's bonds by one notch six weeks later.", 'QUANTITY', 6, 'weeks'),
        no('None of this means the bet is wrong.'),
        no('It means the margin for error has gone.'),
      ],
    },
    {
      paragraph: [
        yes('“Every server we install is pre-sold or close to it,” Ortmann said on the earnings call.', 'ATTRIBUTION', null, null, SELF),
        no('Investors have heard that before.'),
        yes('In 2001, European telecom operators carried roughly €300 billion of debt after building networks for traffic that arrived a decade late.', 'MONEY', 3e11, 'EUR'),
        no('The parallel is not exact, but it is close enough to worry about.'),
        no('Two very different outcomes are possible, and Northgate controls neither.'),
        no('Watch the reservations, not the press releases.'),
      ],
    },
    { heading: no('Who else is building') },
    {
      paragraph: [
        no('Northgate is not alone, and that is part of the problem.'),
        yes('The three largest American clouds plan to spend more than $200 billion between them this year, according to their own guidance.', 'MONEY', 2e11, 'USD', SELF),
        yes('Their European data-centre capacity has grown by a third since 2022, the consultancy Brennan & Hale estimates.', 'PERCENTAGE', 100 / 3, '%'),
        no('Demand, we are told, exceeds supply.'),
        no('Someone is going to be wrong.'),
      ],
    },
    {
      paragraph: [
        yes('Northgate opened its first data centre, in Frankfurt, in 2012.', 'DATE', 2012, 'year'),
        no('For most of the decade since, it grew slowly and profitably, which is exactly what investors now say they do not want.'),
        yes("Revenue grew by an average of 11% a year between 2015 and 2023, the company's investor presentation shows.", 'PERCENTAGE', 11, '%', SELF),
      ],
    },
    {
      paragraph: [
        yes("Northgate's gross margin was 21% last year, roughly half that of the American leaders.", 'PERCENTAGE', 21, '%'),
        yes('Its biggest customer, a French retailer, accounts for 14% of revenue, the annual report shows.', 'PERCENTAGE', 14, '%', SELF),
        yes('Northgate employs 6,400 people, a quarter of them in Germany.', 'PERCENTAGE', 25, '%'),
        no('Losing that customer would hurt more than any downgrade.'),
        no('What would a cautious company do instead?'),
        no('It would build half as much, sign the contracts first and accept a slower climb.'),
        no('Northgate has chosen the opposite, and it deserves credit for saying so plainly.'),
      ],
    },
    {
      paragraph: [
        yes('The next test comes on 12 February, when the company reports its full-year results.', 'DATE', null, null),
        no('Expect the word reserved to appear many times.'),
      ],
    },
    { heading: no('The numbers to watch') },
    {
      items: [
        yes('Capacity reserved by customers: 45% at the last update', 'PERCENTAGE', 45, '%'),
        yes('Servers installed: 12,500 of 80,000', 'FIGURE', 12500, null),
        yes('Next results: 12 February 2025', 'DATE', 2025, 'year'),
      ],
    },
  ],
};

const orbitLane: LabelledArticle = {
  name: 'orbit lane (satellite broadband)',
  heldOut: true,
  title: [no("Orbit Lane's crowded sky")],
  dek: [yes('The satellite operator doubled its customers in a year and burned through $900 million doing it.', 'MONEY', 9e8, 'USD')],
  body: [
    {
      paragraph: [
        yes('Orbit Lane launched its first 60 satellites from French Guiana in October 2022.', 'QUANTITY', 60, 'satellites'),
        yes('It now operates 1,140 of them, according to tracking data compiled by the astronomer Lena Fairweather.', 'FIGURE', 1140, null),
        yes('The company says it serves 410,000 households in 23 countries, up from roughly two hundred thousand a year ago.', 'QUANTITY', 410000, 'households', SELF),
        no('That is fast growth by any standard.'),
        no('It is also expensive growth.'),
      ],
    },
    {
      paragraph: [
        yes('Each satellite costs about $1.1 million to build and another $400,000 to launch, the chief financial officer, Ruth Abara, told analysts in August.', 'MONEY', 1.1e6, 'USD', SELF),
        yes('The satellites last roughly five years before they have to be replaced.', 'QUANTITY', 5, 'years'),
        no('Do the arithmetic and the constellation is a treadmill.'),
        no('Stop paying and the service stops too.'),
      ],
    },
    { heading: no('How the money works') },
    {
      paragraph: [
        yes('Households pay $79 a month for the standard plan and $139 for the faster one.', 'MONEY', 79, 'USD'),
        yes('Average revenue per user fell 6% last year as the company cut prices in rural Brazil and India.', 'PERCENTAGE', 6, '%'),
        no('Cutting prices to grow is a familiar move.'),
        yes('Orbit Lane lost $900 million in 2024, nearly twice its loss of the year before.', 'MONEY', 9e8, 'USD'),
        yes('It ended the year with $1.6 billion in cash and a credit line of $500 million.', 'MONEY', 1.6e9, 'USD'),
        no('On current trends, that lasts into the second half of next year and not much further.'),
        no('Nobody at the company disputes the sums.'),
      ],
    },
    {
      paragraph: [
        yes('Half of the new subscribers in the fourth quarter came from a single reseller deal with Vireo Telecom, the company disclosed in its results.', 'PERCENTAGE', 50, '%', SELF),
        no('Deals like that are cheap to sign and expensive to keep.'),
        yes("Vireo can leave the agreement with ninety days' notice.", 'QUANTITY', 90, 'days'),
      ],
    },
    { heading: no('Life on the ground') },
    {
      paragraph: [
        no('Satellites get the headlines, but the business is won on the ground.'),
        yes('Every household needs a dish, and Orbit Lane subsidises each one by about $250, according to a filing with the Securities and Exchange Commission.', 'MONEY', 250, 'USD', SELF),
        yes('Installers in Brazil told this newsletter that waiting times for a visit had stretched to three weeks.', 'QUANTITY', 3, 'weeks'),
        no('Customers who wait that long tend to cancel before the installer arrives.'),
        yes('The company opened a second assembly plant for dishes in Monterrey in November.', 'DATE', null, null),
        yes('It says the plant will make 30,000 dishes a month by the summer.', 'QUANTITY', 30000, 'dishes', SELF),
        no('Ambitious targets are the house style.'),
        no('So far, to its credit, Orbit Lane has mostly hit them.'),
      ],
    },
    {
      paragraph: [
        no('The harder problem is physics.'),
        yes('Each satellite can serve only a few thousand households in the patch of sky it covers.', null),
        no('In crowded suburbs, that means slower speeds at exactly the hours people want to stream.'),
        yes('Median download speeds on the network fell from 112 to 87 megabits per second over 2024, according to the testing firm Pingwell.', 'QUANTITY', 112, 'megabits'),
      ],
    },
    { heading: no('The competition') },
    {
      paragraph: [
        yes('Orbit Lane is the second-largest satellite broadband provider by subscribers, behind a rival with more than four million.', 'FIGURE', 4e6, null),
        no('Being second in a market with one giant is an uncomfortable place to be.'),
        yes("“We don't need to be the biggest, we need to be the best in the places we choose,” Abara said.", 'RANKING', 1, 'rank', SELF),
        no('Every challenger says something like that.'),
        yes('Regulators in the European Union granted the company spectrum rights in early March 2024, six weeks later than it had hoped.', 'QUANTITY', 6, 'weeks'),
        no('Delays like that are normal, and they are costly.'),
      ],
    },
    { heading: no('What to watch') },
    {
      paragraph: [
        no('Three things matter this year.'),
        yes('The first is churn, which the company puts at 1.9% a month.', 'PERCENTAGE', 1.9, '%', SELF),
        yes('The second is the launch cadence: Orbit Lane plans 14 launches in 2025, against nine in 2024.', 'QUANTITY', 14, 'launches'),
        no('The third is patience, which is the scarcest resource of all.'),
        no('Investors have shown plenty of it so far.'),
        yes('The shares have lost 38% since the listing in June 2023.', 'PERCENTAGE', 38, '%'),
        no('Patience, it turns out, has a price as well.'),
        no('Whether Orbit Lane can pay it is the only question that matters.'),
      ],
    },
  ],
};

export const labelledArticles: readonly LabelledArticle[] = [kestrel, brightwire, northgate, orbitLane];

/** The article as the extractor sees it: title, dek and a Markdown body. */
export function sourceOf(article: LabelledArticle): ClaimSource {
  const body = article.body
    .map((block) => {
      if ('heading' in block) return `## ${block.heading.text}`;
      if ('items' in block) return block.items.map((s) => `- ${s.text}`).join('\n');
      return block.paragraph.map((s) => s.text).join(' ');
    })
    .join('\n\n');
  return { title: article.title.map((s) => s.text).join(' '), dek: article.dek.map((s) => s.text).join(' '), body };
}

/** Every labelled sentence of the article with the field it belongs to, in reading order. */
export function labelledSentences(article: LabelledArticle): Array<LabelledSentence & { field: ClaimField }> {
  const body = article.body.flatMap((block) =>
    'heading' in block ? [block.heading] : 'items' in block ? block.items : block.paragraph,
  );
  return [
    ...article.title.map((s) => ({ ...s, field: 'title' as const })),
    ...article.dek.map((s) => ({ ...s, field: 'dek' as const })),
    ...body.map((s) => ({ ...s, field: 'body' as const })),
  ];
}
