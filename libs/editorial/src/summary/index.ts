export {
  summarizeExtractive,
  EXTRACTIVE_SUMMARIZER_VERSION,
  type ExtractiveSummary,
  type ExtractiveSummaryInput,
  type ExtractiveSummaryOptions,
} from './extractive-summarizer';
export { rouge1, rougeL, rougeTokens, type RougeScore } from './rouge';
export { unsupportedFigures } from './summary-guard';
