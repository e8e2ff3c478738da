/**
 * Every GraphQL operation the desk sends, in one place. The desk uses only Galley's public
 * GraphQL API, so a newsroom can read this file as the list of what its own client needs.
 */

const PERSON = 'id name';

const ARTICLE_CARD = /* GraphQL */ `
  fragment ArticleCard on Article {
    id version stage title dek series dueAt stageEnteredAt updatedAt correctionSuggested edition scheduledFor
    author { ${PERSON} }
  }
`;

/** Lists inside lists multiply the query's cost (GALLEY_GRAPHQL_MAX_COST): variants leave out their edits. */
const GENERATED_TEXT = `text stale disclosure provider model generatedAt sourceType unsupportedFigures editedBy { ${PERSON} }`;

const ARTICLE_FULL = /* GraphQL */ `
  fragment ArticleFull on Article {
    ...ArticleCard
    body slug sensitive readingTimeMinutes publishedAt retractionReason discardReason
    factChecker { ${PERSON} }
    claims {
      id text status kind kinds value unit score field start end interestedParty postPublication supersedes note checkedAt
      checkedBy { ${PERSON} }
      evidence { url title quote retrievedAt }
      history { version type at status note actor { ${PERSON} } }
    }
    summary { ${GENERATED_TEXT} edits { by { ${PERSON} } at diff } }
    variants { kind ${GENERATED_TEXT} }
    pendingVariants
    unsupportedVariants { kind provider reason at }
    reviews { by { ${PERSON} } verdict comment at }
    corrections { kind note at }
    history { version type at status note actor { ${PERSON} } }
  }
  ${ARTICLE_CARD}
`;

export const ME = /* GraphQL */ `
  query Me { me { id name roles } }
`;

export const DASHBOARD = /* GraphQL */ `
  query Dashboard {
    dashboard {
      articlesPerStage { stage count }
      medianTimeInStage { stage medianSeconds }
      pendingClaims
      overdue { id title dueAt stage }
      correctionSuggested { id title stage }
    }
  }
`;

export const BOARD = /* GraphQL */ `
  query Board($stage: Stage, $authorId: ID, $series: String, $first: Int!) {
    articles(stage: $stage, authorId: $authorId, series: $series, first: $first) {
      totalCount
      edges { cursor node { ...ArticleCard } }
      pageInfo { hasNextPage endCursor }
    }
  }
  ${ARTICLE_CARD}
`;

export const ARTICLE = /* GraphQL */ `
  query Article($id: ID!) { article(id: $id) { ...ArticleFull } }
  ${ARTICLE_FULL}
`;

export const ARTICLE_AT_VERSION = /* GraphQL */ `
  query ArticleAtVersion($id: ID!, $version: Int!) {
    article(id: $id, version: $version) { id version stage title dek body updatedAt }
  }
`;

export const ARTICLE_AS_OF = /* GraphQL */ `
  query ArticleAsOf($id: ID!, $asOf: DateTime!) {
    article(id: $id, asOf: $asOf) { id version stage title dek body updatedAt }
  }
`;

export const CLAIM_QUEUE = /* GraphQL */ `
  query ClaimQueue($first: Int!, $assigneeId: ID, $unassigned: Boolean, $kind: ClaimKind) {
    claimQueue(first: $first, assigneeId: $assigneeId, unassigned: $unassigned, kind: $kind) {
      totalCount
      counts { unassigned byKind { kind count } }
      edges { cursor node { articleId articleTitle waitingSince postPublication assignee { ${PERSON} } claim { id text kind status } } }
    }
  }
`;

export const CLAIM_EQUIVALENTS = /* GraphQL */ `
  query ClaimEquivalents($id: ID!) {
    article(id: $id) {
      id
      claims { id equivalents { articleId articleTitle articleStage claimId text status note checkedAt checkedBy { ${PERSON} } } }
    }
  }
`;

export const ARTICLE_CHANGED = /* GraphQL */ `
  subscription ArticleChanged($id: ID) { articleChanged(id: $id) { id version stage title } }
`;

/** Mutations: each takes one `input` and answers the article as it now is. */
const mutation = (name: string, inputType: string) => /* GraphQL */ `
  mutation ${name[0].toUpperCase()}${name.slice(1)}($input: ${inputType}!) { ${name}(input: $input) { ...ArticleFull } }
  ${ARTICLE_FULL}
`;

export const MUTATIONS = {
  draftArticle: mutation('draftArticle', 'DraftArticleInput'),
  reviseArticle: mutation('reviseArticle', 'ReviseArticleInput'),
  submitForFactCheck: mutation('submitForFactCheck', 'ArticleActionInput'),
  recordVerdict: mutation('recordVerdict', 'RecordVerdictInput'),
  generateSummary: mutation('generateSummary', 'ArticleActionInput'),
  editSummary: mutation('editSummary', 'EditSummaryInput'),
  generateVariant: mutation('generateVariant', 'GenerateVariantInput'),
  submitForReview: mutation('submitForReview', 'ArticleActionInput'),
  requestChanges: mutation('requestChanges', 'RequestChangesInput'),
  approveArticle: mutation('approveArticle', 'ApproveArticleInput'),
  publishArticle: mutation('publishArticle', 'PublishArticleInput'),
  cancelSchedule: mutation('cancelSchedule', 'ArticleActionInput'),
  issueCorrection: mutation('issueCorrection', 'IssueCorrectionInput'),
  retractArticle: mutation('retractArticle', 'RetractArticleInput'),
  discardArticle: mutation('discardArticle', 'DiscardArticleInput'),
  setDeadline: mutation('setDeadline', 'SetDeadlineInput'),
  assignFactChecker: mutation('assignFactChecker', 'AssignFactCheckerInput'),
} as const;

export type MutationName = keyof typeof MUTATIONS;
