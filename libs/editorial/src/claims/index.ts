export {
  extractClaims,
  CLAIM_KIND_PRIORITY,
  type ClaimKind,
  type ClaimField,
  type ClaimSource,
  type ExtractedClaim,
} from './claim-extractor';
export {
  splitSentences,
  segmentSentences,
  normalizeSentence,
  type SentenceSpan,
  type SegmentedSentence,
  type BlockKind,
} from './sentence-splitter';
export { stripInlineMarkdown } from './markdown-text';
