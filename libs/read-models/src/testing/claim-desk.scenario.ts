import { analysisArticle } from '../../../editorial/src/claims/analysis-article.fixture';
import { ANALYSIS, CLAIMS, eddie, fay, SLOT, walt, wanda } from '../../../editorial/src/testing/article.fixtures';
import { ArticleScript, minute, PositionCounter } from './article-script.fixtures';
import { claimIdWith, fred, streamOf, timeline, verdictBy, type ForeignEvent } from './claim-desk.fixtures';

/**
 * A morning on the desk, every event from the real decider except the assignments (which the domain
 * does not write yet):
 * - "a" (ANALYSIS) is submitted at minute 10; Fay and Fred check its five claims, it is published
 *   at minute 83, Fred disputes the users figure at 100, and a correction at 120 edits the capex
 *   sentence (its claim dropped, a post-publication claim found);
 * - "b" (the house-style analysis) is submitted at 20, assigned to Fred at 21, one claim to Fay at 22;
 * - "c" is submitted at 30 and discarded at 32: its pending claims leave the queue.
 */
export function deskMorning() {
  const a = new ArticleScript('a', wanda);
  a.draft(ANALYSIS, minute(0)).submit(minute(10));
  verdictBy(a, fay, CLAIMS.users, 'VERIFIED', minute(15));
  verdictBy(a, fay, CLAIMS.release, 'VERIFIED', minute(25));
  verdictBy(a, fred, CLAIMS.capex, 'VERIFIED', minute(40));
  verdictBy(a, fred, CLAIMS.companyReported, 'ATTRIBUTED', minute(70));
  const capexId = claimIdWith(a, CLAIMS.capex);
  const usersId = claimIdWith(a, CLAIMS.users);
  verdictBy(a, fay, CLAIMS.quote, 'VERIFIED', minute(71));
  const factChecked = a.scripted.length;
  a.summarize(minute(80)).submitForReview(minute(81)).approve(minute(82)).publish(minute(83), SLOT);
  verdictBy(a, fred, CLAIMS.users, 'DISPUTED', minute(100), 'The company counts monthly users');
  a.run(
    'IssueCorrection',
    eddie,
    { kind: 'CORRECTION', body: a.state.body.replace('$40 billion', '$45 billion'), note: 'Microsoft raised its capex plan.' },
    minute(120),
  );
  const correctedCapexId = claimIdWith(a, '$45 billion');

  const b = new ArticleScript('b', walt);
  b.draft({ ...analysisArticle, series: 'Compute Wars' }, minute(5)).submit(minute(20));
  const metaId = claimIdWith(b, '350,000 H100');
  const bAssignments: ForeignEvent[] = [
    { after: b.scripted.length, type: 'ArticleAssigned', data: { assignee: { id: fred.id, name: fred.name }, by: { id: eddie.id, name: eddie.name }, at: minute(21).toISOString() }, actor: eddie },
    { after: b.scripted.length, type: 'ClaimAssigned', data: { claimId: metaId, assignee: { id: fay.id, name: fay.name }, by: { id: eddie.id, name: eddie.name }, at: minute(22).toISOString() }, actor: eddie },
  ];

  const c = new ArticleScript('c', wanda);
  c.draft({ ...ANALYSIS, title: 'A piece that never ran' }, minute(29)).submit(minute(30));
  c.run('DiscardArticle', wanda, { reason: 'Overtaken by events' }, minute(32));

  const events = timeline(new PositionCounter(), streamOf(a), streamOf(b, bAssignments), streamOf(c));
  return { a, b, c, events, ids: { capexId, usersId, correctedCapexId, metaId }, marks: { factChecked } };
}
