/** An analysis piece in the publication's house style, used by the claims and summary tests. */
export const analysisArticle = {
  title: 'The $40 billion question: who pays for the AI build-out?',
  dek: 'OpenAI sells the gold and Nvidia sells the shovels. Both insist demand is insatiable.',
  body: `## Demand, as reported

ChatGPT now has **more than 300 million weekly users**, according to OpenAI. The company said its annual revenue would reach $12.7 billion in 2025, up from $3.7 billion a year earlier.
Those are company-reported figures, and OpenAI has not published audited accounts.

The lesson is obvious.

## Supply, as built

Microsoft plans roughly $40 billion of capex in 2025, most of it on data centres. Its largest cluster alone will hold about 120,000 accelerators, according to estimates from [SemiAnalysis](https://semianalysis.com/2024/10/clusters).
Nvidia's Blackwell chips were unveiled in March 2024, and its data-centre revenue grew 154% year on year.
"We are sold out for the next twelve months," Jensen Huang, Nvidia's chief executive, told analysts in Q3 2024.

Two very different plays. One bets on models, the other on *everything* models need.

## Who pays

Dr. Amodei's rivals argue the U.S. lead is not guaranteed. Meta says it has bought 350,000 H100 GPUs for its own models.
Analysts expect the four largest cloud providers to spend more than $200 billion on AI infrastructure next year.
If that spending slows, the first casualty will be the chip suppliers whose order books depend on it.
Is any of this sustainable? Perhaps not.`,
};
