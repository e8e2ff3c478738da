import { ROLES, SYSTEM_ACTOR, type Actor, type Role } from '../shared/actor';
import { Forbidden } from '../shared/domain.errors';
import { ANALYSIS, drafted, stateOf, walt } from '../testing/article.fixtures';
import type { ArticleCommandType } from './article.commands';
import { authorize, PERMISSIONS } from './article.permissions';

/**
 * DESIGN §1's "who" column, transcribed independently of PERMISSIONS so that the two are checked
 * against each other rather than the code against itself.
 */
interface Who {
  readonly roles: readonly Role[];
  /** "author" appears in the column. */
  readonly author?: boolean;
  /** "(not the author)" / "never the author". */
  readonly notAuthor?: boolean;
  /** Work the service does: automatic summaries, scheduled publication. */
  readonly system?: 'also' | 'only';
}

const DESIGN_WHO: Record<ArticleCommandType, Who> = {
  DraftArticle: { roles: ['writer', 'editor'] },
  ReviseArticle: { roles: ['editor'], author: true },
  SubmitForFactCheck: { roles: ['editor'], author: true },
  AddClaim: { roles: ['fact_checker', 'editor'] },
  RecordVerdict: { roles: ['fact_checker'], notAuthor: true },
  GenerateSummary: { roles: ['editor'], author: true, system: 'also' },
  RecordSummary: { roles: [], system: 'only' },
  EditSummary: { roles: ['editor'], author: true },
  // "Read it as…" variants follow the summary's rules (issue 5).
  GenerateVariant: { roles: ['editor'], author: true, system: 'also' },
  RecordVariant: { roles: [], system: 'only' },
  ReportVariantUnsupported: { roles: [], system: 'only' },
  EditVariant: { roles: ['editor'], author: true },
  SubmitForReview: { roles: ['editor'], author: true },
  RequestChanges: { roles: ['editor'], notAuthor: true },
  ApproveArticle: { roles: ['editor'], notAuthor: true },
  PublishArticle: { roles: ['publisher', 'editor'], notAuthor: true, system: 'also' },
  CancelSchedule: { roles: ['publisher', 'editor'] },
  IssueCorrection: { roles: ['editor'] },
  RetractArticle: { roles: ['editor', 'publisher'] },
  DiscardArticle: { roles: ['editor'], author: true },
  SetDeadline: { roles: ['editor'] },
  // Issue 4: editors hand claims to fact-checkers; fact-checkers take them.
  AssignFactChecker: { roles: ['editor', 'fact_checker'] },
  // The service completes a publication whose edition was reserved (DESIGN §5).
  CompletePublication: { roles: [], system: 'only' },
};

type Expected = 'allowed' | 'ROLE' | 'SEPARATION_OF_DUTIES';

function expectedFor(type: ArticleCommandType, role: Role, own: boolean): Expected {
  const who = DESIGN_WHO[type];
  if (who.system === 'only') return 'ROLE';
  // Separation of duties binds the admin too.
  if (who.notAuthor && own) return 'SEPARATION_OF_DUTIES';
  if (role === 'admin') return 'allowed';
  if (who.author && own) return 'allowed';
  return who.roles.includes(role) ? 'allowed' : 'ROLE';
}

function outcome(run: () => void): Expected {
  try {
    run();
    return 'allowed';
  } catch (error) {
    if (!(error instanceof Forbidden)) throw error;
    return error.rule as Expected;
  }
}

const COMMANDS = Object.keys(PERMISSIONS) as ArticleCommandType[];

const cases = COMMANDS.flatMap((type) =>
  ROLES.flatMap((role) =>
    [true, false].map((own) => ({ type, role, own, article: own ? 'own article' : 'someone else’s article', expected: expectedFor(type, role, own) })),
  ),
);

describe('authorize', () => {
  it('has an expectation for every command the decider knows, and no other', () => {
    expect(Object.keys(DESIGN_WHO).sort()).toEqual([...COMMANDS].sort());
  });

  it.each(cases)('$type by a $role on their $article: $expected', ({ type, role, own, expected }) => {
    const actor: Actor = { id: `user-${role}`, name: `A ${role}`, roles: [role] };
    const state = stateOf(drafted(ANALYSIS, own ? actor : walt));
    expect(outcome(() => authorize(type, actor, state))).toBe(expected);
  });

  it.each(COMMANDS)('%s by the service itself', (type) => {
    const state = stateOf(drafted());
    const expected: Expected = DESIGN_WHO[type].system ? 'allowed' : 'ROLE';
    expect(outcome(() => authorize(type, SYSTEM_ACTOR, state))).toBe(expected);
  });

  it('gives a caller with several roles the union of their rights, still under separation of duties', () => {
    const wandaAlsoChecks: Actor = { id: 'user-wanda', name: 'Wanda', roles: ['writer', 'fact_checker'] };
    const own = stateOf(drafted(ANALYSIS, wandaAlsoChecks));
    const others = stateOf(drafted(ANALYSIS, walt));
    expect(outcome(() => authorize('AddClaim', wandaAlsoChecks, own))).toBe('allowed');
    expect(outcome(() => authorize('RecordVerdict', wandaAlsoChecks, others))).toBe('allowed');
    expect(outcome(() => authorize('RecordVerdict', wandaAlsoChecks, own))).toBe('SEPARATION_OF_DUTIES');
  });

  it('lets an author with no newsroom role left still work on their own article, and nothing else', () => {
    const former: Actor = { id: 'user-former', name: 'Former Staffer', roles: [] };
    const own = stateOf(drafted(ANALYSIS, former));
    expect(outcome(() => authorize('ReviseArticle', former, own))).toBe('allowed');
    expect(outcome(() => authorize('DraftArticle', former, own))).toBe('ROLE');
    expect(outcome(() => authorize('ReviseArticle', former, stateOf(drafted(ANALYSIS, walt))))).toBe('ROLE');
  });
});
