/**
 * Analysis articles in the publication's newsletter style, each with a TL;DR written by hand as an
 * editor would write it, to measure the extractive summarizer (ROUGE) against a lead-3 baseline.
 * Places, companies and people are invented; the figures are internally consistent, not real.
 */
export interface SummaryCorpusEntry {
  readonly id: string;
  readonly title: string;
  readonly dek: string;
  readonly body: string;
  readonly reference: string;
}

export const summaryCorpus: readonly SummaryCorpusEntry[] = [
  {
    id: 'grid-batteries',
    title: 'Batteries are now the grid’s night shift',
    dek: 'Plainsland’s storage fleet tripled in a year. The money followed the price spread, not the policy.',
    body: `At 7.40pm on 14 August 2025, as the sun dropped behind the Kessel hills, something happened that Plainsland's grid engineers had been predicting for a decade. For eleven minutes, batteries supplied more electricity than gas. It was a brief record, set on a mild evening, and it would have been unthinkable three years ago.

## How fast it happened

The state's grid-scale battery capacity reached 4.2 gigawatts in June 2025, up from 1.4 gigawatts a year earlier, according to the Plainsland Energy Market Operator (PEMO). Another 3.1 gigawatts is under construction and due online by the end of 2026. Most of the new fleet stores four hours of energy, double the typical duration of projects built before 2023.

The reason is not subtle. Solar panels now cover about 38% of the state's daytime demand, which pushes midday wholesale prices below zero on roughly one day in five. In the evening peak, prices regularly exceed $300 a megawatt-hour. A battery that charges at noon and discharges at 7pm earns the difference. PEMO estimates that the average spread between the cheapest and most expensive hour of the day widened from $96 in 2022 to $181 in 2024.

Cell prices did the rest. Lithium iron phosphate packs cost around $115 a kilowatt-hour in 2024, developers say, roughly half what they paid in 2021.

## Who is building

Three developers account for almost two-thirds of the pipeline. Corvane Energy, the largest, has 1.3 gigawatts under construction at four sites and told investors in May that its batteries earned back 14% of their capital cost in their first year. Its chief executive, Ilse Marrow, called storage "the most obvious trade in the power market".

The state's old coal generator, Tallow Power, is converting two retired boiler sites into battery yards, reusing their grid connections. That saves two to three years of waiting for a connection, which is now the main bottleneck: PEMO's queue holds 19 gigawatts of storage proposals, more than four times what the grid can absorb by 2030.

## The catch

The spread that pays for batteries is also what batteries destroy. Every new megawatt that discharges in the evening shaves a little off the peak price it was built to capture. Analysts at Fenwick Partners expect the average daily spread to fall by about a third by 2027 if the pipeline is completed on schedule. Early projects have locked in their returns; later ones are betting on a market that is already narrowing.

Regulation has not kept up either. Batteries are still charged network fees twice, once when they draw power and again when they export it, under a rule written for consumers. PEMO proposed removing the double charge in March; a decision is not expected before April 2026.

## What to watch

Gas generators, which set the evening price for most of the last decade, are losing their most profitable hours. Two gas plant owners have asked for capacity payments to keep units open as backup. If the regulator agrees, consumers will pay twice: once for the batteries' arbitrage and once for gas plants that sit idle. How that argument is settled will decide who pays for the night shift.`,
    reference:
      'Plainsland’s grid-scale battery capacity tripled to 4.2 gigawatts in the year to June 2025, with another 3.1 gigawatts due by the end of 2026. Batteries pay because solar pushes midday prices below zero while evening peaks exceed $300 a megawatt-hour, and cell prices have halved since 2021. Grid connections are the bottleneck, with 19 gigawatts queued. The price spread is expected to shrink by a third by 2027, and a rule charging batteries network fees twice awaits a decision in 2026.',
  },
  {
    id: 'permit-shot-clock',
    title: 'Lindqvist’s permit shot clock, one year on',
    dek: 'The city promised a decision on every new home within 60 days. It mostly delivered, and building still fell.',
    body: `Ask a builder in Lindqvist what changed in 2024 and you will hear about the clock. Since 1 July 2024 the city has been legally required to decide on any residential permit within 60 days; an application it fails to answer in time is approved automatically.

## The promise, measured

The city's planning department published its first full-year figures on 2 September 2025. The median decision time for new homes fell from 141 days to 52 days. Only 3% of applications hit the deadline and were approved by default, far fewer than opponents had feared. The department hired 22 additional planners, at a cost of about €2.4 million a year, and moved all applications to a single online portal.

Permits followed. The city approved 6,850 new homes in the twelve months to June 2025, up 27% on the year before and the highest total since 2008.

"We stopped treating a permit as a negotiation," said Maren Holt, the deputy mayor responsible for planning. "A clear yes or no is a service."

## Building did not follow

Yet construction starts fell. Builders broke ground on 4,120 homes in the same period, 9% fewer than a year earlier, according to the regional statistics office. The gap between homes approved and homes started is now the widest the office has recorded.

Financing explains most of it. Construction loans in the region cost around 7.5% in early 2025, against 3% in 2021, and banks now ask developers to pre-sell 60% of the flats in a project before they lend. Materials are dearer too: the regional building cost index rose 18% between 2021 and 2024.

Some developers are also banking permits rather than using them. An approval in Lindqvist is valid for five years, and a permitted site is worth more than an unpermitted one. Pell & Varga, a property consultancy, estimates that permitted land trades at a premium of about 35%.

## Does the clock matter, then?

Supporters say yes, just not yet. A faster permit lowers a project's carrying cost: Pell & Varga reckons that cutting three months from approval saves about 2% of a typical project's budget. When rates fall, the city will have a stock of ready projects that would otherwise still be sitting in a queue.

Critics on the council want the next step to be a "use it or lose it" rule that would cut a permit's validity to two years. The building industry says that would punish developers for interest rates they do not control.

The council votes on that proposal in November. Meanwhile the 60-day clock has solved the problem it was designed to solve. It was never designed to solve the cost of money.`,
    reference:
      'Since July 2024 Lindqvist must decide on residential permits within 60 days or they are approved automatically. In the first year the median decision time fell from 141 to 52 days and approvals rose 27% to 6,850 homes, the most since 2008. But construction starts fell 9% to 4,120, as construction loans near 7.5% and pre-sale requirements held builders back and some developers banked their permits. The council votes in November on cutting a permit’s validity to two years.',
  },
  {
    id: 'coffee-prices',
    title: 'Why your flat white costs 40 cents more',
    dek: 'Arabica hit a record in February 2025. Small roasters are absorbing less of it than they did last time.',
    body: `The price on the café board is the last link in a long chain, and this year every link stretched.

Arabica coffee futures in New York peaked at $4.30 a pound on 11 February 2025, the highest level on record and more than double the price of early 2024. A drought in Brazil's main growing regions in 2024 cut the crop, and Vietnam, the largest producer of robusta, had its own poor harvest. Robusta prices, usually a cheaper refuge for blenders, rose by a similar proportion.

## From bean to cup

Green coffee is a smaller share of a café's costs than most drinkers assume. For a typical flat white, the beans account for 25 to 35 cents of a price of around €4, according to the Independent Roasters Guild, a trade body with 310 members. Rent, wages and milk make up most of the rest.

But the rise was big enough to matter. The guild's survey of 140 roasters, published in June 2025, found that their green coffee bills rose by an average of 58% over twelve months. In 2022, during the previous price spike, roasters passed on about half of their higher costs. This time, 71% of them said they had raised wholesale prices by more than their costs rose, to rebuild margins eaten away over the past two years.

Cafés passed that on in turn. The average price of a flat white in the guild's sample of 600 cafés rose from €3.62 in June 2024 to €4.01 in June 2025, an increase of 39 cents, or 11%.

## The small-roaster squeeze

Larger roasters buy coffee months ahead and hedge the price on futures markets. Most small roasters cannot. They buy from importers on short contracts and pay whatever the market charges that month. Many also need more working capital, since a bag of green coffee now costs twice as much to hold in stock.

"We used to keep three months of beans. Now we keep six weeks," said Tomas Reyl, who runs a roastery with 11 staff. He added that two of his wholesale café customers had switched to a cheaper supplier.

The guild recorded 17 member closures in the first half of 2025, against 6 in the same period of 2024.

## Will it come down?

Futures have eased since the peak, trading around $3.40 a pound in late September. Brazil's 2025 harvest was larger than feared, and the US Department of Agriculture expects global output to rise about 4% in the 2025-26 season. Analysts caution that prices take six to nine months to work through roasters' stocks and into cafés.

Even then, few expect café prices to fall. Menu prices rarely go down; they simply stop going up. The more likely outcome is that the roasters who survived keep the margins they rebuilt, and the ones who did not are not replaced.`,
    reference:
      'Arabica futures hit a record $4.30 a pound on 11 February 2025 after poor harvests in Brazil and Vietnam. A guild survey of 140 roasters found green coffee bills up 58% in a year, and this time most raised wholesale prices by more than their costs to rebuild margins. The average flat white rose 39 cents, or 11%, to €4.01. Small roasters who cannot hedge are squeezed: 17 guild members closed in the first half of 2025. Futures have eased to about $3.40, but café prices are unlikely to fall.',
  },
  {
    id: 'electric-ferry',
    title: 'The electric ferry that pays for itself, eventually',
    dek: 'Skarholm Lines’ first battery ferry has run for a year. The fuel savings are real; the charger was the hard part.',
    body: `For 23 years the crossing from Skarholm to Vey took 25 minutes and 180 litres of diesel. Since 2 October 2024 it has taken 25 minutes and about 1,100 kilowatt-hours of electricity, drawn from a charger on the Skarholm quay.

Skarholm Lines, the municipally owned operator, published the first full-year results for its battery ferry, the *Aurelie*, on 8 October 2025. The vessel completed 10,412 crossings, 99.1% of those scheduled, and carried 1.9 million passengers and 640,000 vehicles.

## The numbers

Energy for the year cost the operator €1.32 million, against €3.05 million for the diesel the old ferry burned in 2023, according to the company's report. Maintenance costs fell by about a third, since electric motors have far fewer moving parts than diesel engines. Skarholm Lines puts the ferry's carbon dioxide emissions at 310 tonnes for the year, most of them from the electricity mix, compared with 5,900 tonnes for its predecessor.

The *Aurelie* cost €38 million to build, roughly €12 million more than a comparable diesel ferry. On the company's figures, the fuel and maintenance savings pay back that premium in about six years. The vessel is expected to run for 30.

## The charger was harder than the ship

The ferry itself was delivered on time. Its shore power was not. The charger on the Skarholm quay needs a 10-megawatt connection, more than the rest of the small harbour town uses at its peak, and the regional network operator needed 26 months to upgrade a substation to supply it. For the first four months the operator ran the old diesel ferry on weekday evenings because there was too little time to charge at the quay.

"We were building an electric ship and a small power company at the same time," said Ragna Solvik, Skarholm Lines' technical director.

The company has since added a 4-megawatt-hour battery on the quay. It charges slowly from the grid all day and pours its energy into the ferry in the seven minutes the vessel spends at the berth, which cuts the peak demand the network has to supply.

## What it means for the rest of the fleet

Skarholm Lines runs seven other routes, and its board approved two more electric ferries in September, at a combined cost of €71 million. Both will serve crossings longer than 40 minutes, which need bigger batteries and faster charging, and the company warns that the grid work for the longer routes could take three years.

The national government pays up to 40% of the extra cost of zero-emission vessels through a fund that runs until 2027. Without it, Skarholm Lines says, the second and third ferries would not have been approved. Whether the fund is renewed is now the company's biggest unknown.`,
    reference:
      'Skarholm Lines’ battery ferry Aurelie completed 10,412 crossings in its first year, 99.1% of those scheduled, carrying 1.9 million passengers. Energy cost €1.32 million against €3.05 million for diesel, and emissions fell from 5,900 to 310 tonnes. The €38 million ship cost €12 million more than a diesel one, a premium repaid in about six years. The hard part was the shore charger, whose grid connection took 26 months. Two more electric ferries, costing €71 million, depend on a government fund that runs until 2027.',
  },
  {
    id: 'warehouse-vacancy',
    title: 'The warehouse boom has cooled',
    dek: 'Vacancy in the Delmar logistics belt has tripled since 2022. Headline rents have not fallen yet.',
    body: `In 2021 a developer could put up a speculative warehouse beside the Delmar ring road and sign a tenant before the roof was on. That market is over.

Vacancy across the Delmar logistics belt, the cluster of distribution sites around the region's two motorways, reached 8.7% in the second quarter of 2025, according to the property adviser Halden Brooks. It was 2.6% at the end of 2022. About 1.1 million square metres of space now stands empty, the most since Halden Brooks started tracking the market in 2009.

## What changed

The boom was built on online shopping. Online sales jumped from 14% of regional retail spending in 2019 to 23% in 2021, and retailers and parcel companies leased space as fast as it could be built. Since then the share has stalled at around 22%, according to the regional statistics office, and several online grocers have closed.

Developers did not stop at the same moment. Projects started in 2021 and 2022 were completed in 2023 and 2024, adding 1.6 million square metres of new space in two years, about twice the usual pace. Roughly 40% of it was built without a tenant lined up.

Take-up has fallen as well. Companies leased 620,000 square metres in the first half of 2025, 31% less than in the first half of 2022, Halden Brooks said.

## Why rents are holding

Asking rents for modern warehouses rose 6% in the year to June 2025, to €78 a square metre. That looks odd in a market with this much empty space, but the empty space is not evenly spread. Most of it is in older, lower buildings away from motorway junctions. New buildings with high ceilings, solar roofs and strong grid connections are still scarce; their vacancy rate is under 4%.

Landlords are also offering incentives rather than cutting headline rents. Rent-free periods on new ten-year leases have lengthened from three months in 2022 to about nine months now, which means effective rents have fallen even as asking rents rose.

"Nobody wants to be the first to print a lower rent," said Sana Oduya, head of industrial research at Halden Brooks. "So the discount goes into the small print."

## What happens next

New construction has collapsed. Only 180,000 square metres is being built now, the lowest since 2013, because higher interest rates and building costs make speculative projects hard to finance. If demand merely holds steady, Halden Brooks expects vacancy to peak in early 2026 and then fall.

The risk is at the older end of the market. Owners of dated warehouses may have to cut rents or spend heavily to refit them, and some are already seeking permission to convert their sites to other uses. Two such applications are before the Delmar planning committee this autumn.`,
    reference:
      'Vacancy in the Delmar logistics belt reached 8.7% in the second quarter of 2025, up from 2.6% at the end of 2022, leaving 1.1 million square metres empty. Online shopping’s share of retail stalled at around 22% just as 1.6 million square metres of new space, 40% of it speculative, was completed. Asking rents still rose 6% to €78 a square metre because modern buildings remain scarce, but longer rent-free periods mean effective rents have fallen. With construction at its lowest since 2013, vacancy is expected to peak in early 2026.',
  },
];
