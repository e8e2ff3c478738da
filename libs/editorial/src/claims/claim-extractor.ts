import { maskInlineMarkdown } from './markdown-text';
import { segmentSentences, type BlockKind } from './sentence-splitter';

export type ClaimKind = 'FIGURE' | 'MONEY' | 'PERCENTAGE' | 'DATE' | 'RANKING' | 'QUANTITY' | 'ATTRIBUTION' | 'QUOTE';
export type ClaimField = 'title' | 'dek' | 'body';

export interface ExtractedClaim {
  text: string;
  field: ClaimField;
  start: number;
  end: number;
  kind: ClaimKind;
  kinds: ClaimKind[];
  value: number | null;
  unit: string | null;
  score: number;
  interestedParty: boolean;
}

export interface ClaimSource {
  title: string;
  dek: string;
  body: string;
}

/** The order in which a sentence's kinds are listed, and which one is its main `kind`. */
export const CLAIM_KIND_PRIORITY: readonly ClaimKind[] = [
  'MONEY', 'PERCENTAGE', 'QUANTITY', 'FIGURE', 'DATE', 'RANKING', 'ATTRIBUTION', 'QUOTE',
];

/** A checkable thing found inside a sentence, with offsets into the sentence. */
interface Mention {
  kind: ClaimKind;
  start: number;
  end: number;
  value: number | null;
  unit: string | null;
  /** A length of time ("six weeks later"): it dates another figure rather than being the figure. */
  period?: boolean;
}

/** Noisy-OR weights: how much each piece of evidence makes a sentence worth checking. */
const KIND_WEIGHT: Record<ClaimKind, number> = {
  MONEY: 0.5,
  PERCENTAGE: 0.45,
  QUANTITY: 0.45,
  FIGURE: 0.3,
  DATE: 0.25,
  RANKING: 0.35,
  ATTRIBUTION: 0.2,
  QUOTE: 0.25,
};
const EXTRA_FIGURE_WEIGHT = 0.15;
const NAMED_ENTITY_WEIGHT = 0.1;
const INTERESTED_PARTY_WEIGHT = 0.15;
const QUESTION_FACTOR = 0.6;
const HEADING_FACTOR = 0.8;
const HEDGE_FACTOR = 0.85;

const FIELDS: readonly ClaimField[] = ['title', 'dek', 'body'];
/** Longer "sentences" are data or unfenced code, not prose; skipping them keeps extraction linear. */
const MAX_SENTENCE_CHARS = 2000;

/** Sentences of the title, dek and body that carry checkable content, in reading order. */
export function extractClaims(doc: ClaimSource): ExtractedClaim[] {
  const parties = partiesOf(doc);
  const claims: ExtractedClaim[] = [];
  for (const field of FIELDS) {
    for (const sentence of segmentSentences(doc[field] ?? '')) {
      const claim = analyseSentence(sentence.text, sentence.block, parties);
      if (claim !== null) claims.push({ text: sentence.text, field, start: sentence.start, end: sentence.end, ...claim });
    }
  }
  return claims;
}

/** What a detector may look at around a match: enough for any phrase, and keeps scans linear. */
const WINDOW = 60;

function textBefore(text: string, at: number): string {
  return text.slice(Math.max(0, at - WINDOW), at);
}

function textAfter(text: string, at: number): string {
  return text.slice(at, at + WINDOW);
}

type SentenceFacts = Pick<ExtractedClaim, 'kind' | 'kinds' | 'value' | 'unit' | 'score' | 'interestedParty'>;

function analyseSentence(raw: string, block: BlockKind, parties: ReadonlySet<string>): SentenceFacts | null {
  if (raw.length > MAX_SENTENCE_CHARS) return null;
  const text = maskInlineMarkdown(raw).replace(/[\r\n]/g, ' ');
  // Questions ask rather than assert; the author's own reckoning is opinion, whatever its figures.
  if (QUESTION.test(text) || (AUTHOR_RECKONING.test(text) && !hasQuote(text))) return null;
  const taken: Array<[number, number]> = [];
  const mentions: Mention[] = [];
  const add = (m: Mention) => {
    mentions.push(m);
    taken.push([m.start, m.end]);
  };
  const free = (start: number, end: number) => taken.every(([s, e]) => end <= s || start >= e);

  for (const m of findDates(text)) if (free(m.start, m.end)) add(m);
  for (const m of findRankings(text)) if (free(m.start, m.end)) add(m);
  for (const m of findNumerals(text, free)) if (free(m.start, m.end)) add(m);
  for (const m of findFractions(text)) if (free(m.start, m.end)) add(m);
  for (const m of findNumberWords(text)) if (free(m.start, m.end)) add(m);

  const attribution = findAttribution(text, parties);
  const quote = hasQuote(text) || block === 'quote';

  const kinds = new Set<ClaimKind>(mentions.map((m) => m.kind));
  if (attribution !== null) kinds.add('ATTRIBUTION');
  if (quote) kinds.add('QUOTE');
  if (kinds.size === 0) return null;
  // A heading is a label, not a statement: only a figure, date or ranking in it is checkable.
  if (block === 'heading' && mentions.length === 0) return null;

  // A period gives way to any other figure: in "100,000 downloads in 48 hours" the downloads are the claim.
  const figures = mentions.filter((m) => m.kind !== 'DATE' && m.kind !== 'RANKING');
  const candidates = figures.some((m) => !m.period) ? mentions.filter((m) => !m.period) : mentions;
  const candidateKinds = new Set(candidates.map((m) => m.kind));
  const kind = CLAIM_KIND_PRIORITY.find((k) => candidateKinds.has(k)) ?? CLAIM_KIND_PRIORITY.find((k) => kinds.has(k)) ?? 'FIGURE';
  const ordered = [kind, ...CLAIM_KIND_PRIORITY.filter((k) => k !== kind && kinds.has(k))];
  const main = candidates.filter((m) => m.kind === kind).sort((a, b) => a.start - b.start)[0];
  const interestedParty = attribution?.interested ?? false;
  return {
    kind,
    kinds: ordered,
    value: main?.value ?? null,
    unit: main?.unit ?? null,
    score: scoreOf(text, block, ordered, mentions, interestedParty),
    interestedParty,
  };
}

function scoreOf(
  text: string,
  block: BlockKind,
  kinds: readonly ClaimKind[],
  mentions: readonly Mention[],
  interestedParty: boolean,
): number {
  const weights = kinds.map((k) => KIND_WEIGHT[k]);
  const figures = mentions.filter((m) => m.kind !== 'DATE' && m.kind !== 'RANKING').length;
  for (let i = 1; i < Math.min(figures, 4); i++) weights.push(EXTRA_FIGURE_WEIGHT);
  if (/\s\p{Lu}[\p{L}\p{N}]+/u.test(text)) weights.push(NAMED_ENTITY_WEIGHT);
  if (interestedParty) weights.push(INTERESTED_PARTY_WEIGHT);
  let score = 1 - weights.reduce((rest, w) => rest * (1 - w), 1);
  if (/\?\s*["'”’)]*\s*$/.test(text)) score *= QUESTION_FACTOR;
  if (block === 'heading') score *= HEADING_FACTOR;
  if (HEDGES.test(text)) score *= HEDGE_FACTOR;
  return Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;
}

const QUESTION = /^[\s"“‘'(]*(?:why|how|what|who|whom|whose|which|where|when|is|are|was|were|do|does|did|can|could|would|should|will|shall|has|have|had)\b[^?]*\?[\s"'”’)]*$/i;
const AUTHOR_RECKONING = /\b(?:(?:on|by) my (?:own |rough )?(?:arithmetic|reckoning|count|estimate|maths?|math)|my (?:guess|bet|hunch|sense) is|I (?:suspect|expect|reckon|guess|bet|would bet|'d bet|’d bet)|we (?:suspect|expect|reckon))\b/i;
const HEDGES = /\b(?:I think|I believe|we think|arguably|perhaps|maybe|probably|seems?|might|in my view)\b/i;

// ---------------------------------------------------------------------------------------------
// Dates

const MONTH_NAMES = [
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november',
  'december',
];
const MONTH = String.raw`(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sep(?:tember|t\.|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)`;
const YEAR = String.raw`(?:19|20)\d{2}`;
const DAY = String.raw`(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?`;
const DATE_PATTERNS: RegExp[] = [
  new RegExp(String.raw`\b${YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b`, 'g'),
  new RegExp(String.raw`\b${DAY}\s+${MONTH}(?:,?\s+(${YEAR}))?\b`, 'g'),
  new RegExp(String.raw`\b${MONTH}(?:\s+${DAY})?,?\s+(${YEAR})\b(?!,?\d)`, 'g'),
  new RegExp(String.raw`\b${MONTH}\s+${DAY}\b(?![\d,.]*\d)`, 'g'),
  new RegExp(String.raw`(?<=\b(?:in|since|by|until|till|from|through|during|early|late|mid|last|next|this|of|before|after)[\s-])${MONTH}\b`, 'g'),
  new RegExp(String.raw`\b(?:Q[1-4]|H[12])(?:\s+(?:FY\s?)?'?(?:${YEAR}|\d{2}))?(?![\p{L}\p{N}])`, 'gu'),
  new RegExp(String.raw`\b(?:first|second|third|fourth)[- ](?:quarter|half)(?:\s+of)?(?:\s+(?:fiscal\s+)?(${YEAR}))?\b`, 'gi'),
  new RegExp(String.raw`\b(?:FY\s?'?|fiscal(?:\s+year)?\s+)(${YEAR}|\d{2})\b`, 'g'),
  new RegExp(String.raw`\b(?:the\s+)?(?:(?:19|20)\d0s|'\d0s)\b`, 'g'),
];

function findDates(text: string): Mention[] {
  const found: Mention[] = [];
  for (const pattern of DATE_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (found.some((f) => start < f.end && end > f.start)) continue;
      if (/^May\b/.test(m[0]) && !/\d/.test(m[0]) && !/\b(?:in|since|by|until|early|late|mid|last|next|this)[\s-]$/.test(textBefore(text, start))) continue;
      const year = /\b((?:19|20)\d{2})\b/.exec(m[0])?.[1];
      found.push({ kind: 'DATE', start, end, value: year ? Number(year) : null, unit: year ? 'year' : null });
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Rankings

const ORDINAL_WORDS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
};
const SUPERLATIVE = String.raw`(?:largest|biggest|smallest|fastest|slowest|highest|lowest|cheapest|costliest|richest|poorest|oldest|youngest|newest|earliest|longest|shortest|heaviest|lightest|busiest|deadliest|tallest|widest|deepest|strongest|weakest|best-selling|top-selling|top-ranked|highest-paid|most[- ](?:valuable|popular|used|widely[- ]used|downloaded|profitable|expensive|powerful|advanced|capable|visited|funded|cited|subscribed|active)|least[- ](?:expensive|profitable|popular|used))`;
const RANKING_PATTERNS: RegExp[] = [
  new RegExp(String.raw`\b(\d{1,3}(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)[- ]${SUPERLATIVE}\b`, 'gi'),
  new RegExp(String.raw`\b(?:the|its|their|his|her|our|one of the)(?:\s+(?:single|world's|world’s|nation's|nation’s|country's|country’s|industry's|industry’s|\w+(?:'s|’s)))?(?:\s+(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred))?\s+${SUPERLATIVE}\b`, 'gi'),
  new RegExp(String.raw`\b(?:world's|world’s|nation's|nation’s|country's|country’s|industry's|industry’s|America's|America’s|Europe's|Europe’s|China's|China’s)\s+${SUPERLATIVE}\b`, 'g'),
  /\bNo\.\s?(\d{1,3})\b/g,
  /(?<=^|\s)#(\d{1,3})\b/g,
  /\bnumber[- ](one|two|three|\d{1,3})\b/gi,
  new RegExp(String.raw`(?<![\p{L}])\p{Lu}[\p{L}\p{N}&.-]*(?:'s|’s)\s+${SUPERLATIVE}\b`, 'gu'),
  /\btop[- ](\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred)\b/gi,
  /\branked\s+(?:(?:No\.\s?)?(\d{1,3})(?:st|nd|rd|th)?|first|second|third|fourth|fifth|last)\b/gi,
  /\b(first|second|third)\s+place\b/gi,
  /\bmore than any other\b/gi,
];
const SMALL_NUMBERS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twenty: 20, fifty: 50,
  hundred: 100,
};

const JUDGEMENT_NOUNS = new Set([
  'risk', 'risks', 'question', 'questions', 'answer', 'lesson', 'lessons', 'mistake', 'mistakes', 'problem', 'problems',
  'thing', 'things', 'way', 'ways', 'idea', 'ideas', 'argument', 'reason', 'reasons', 'irony', 'surprise', 'story',
  'marketing', 'test', 'challenge', 'danger', 'worry', 'hope', 'point', 'trick', 'joke', 'puzzle', 'mystery', 'bet',
]);

function findRankings(text: string): Mention[] {
  const found: Mention[] = [];
  for (const pattern of RANKING_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const start = m.index ?? 0;
      const end = start + m[0].trimEnd().length;
      if (found.some((f) => start < f.end && end > f.start)) continue;
      // "The biggest risk", "the cheapest marketing": a superlative of judgement ranks nothing countable.
      const head = /^[\s-]+(\p{L}+)/u.exec(textAfter(text, end))?.[1]?.toLowerCase();
      if (head !== undefined && JUDGEMENT_NOUNS.has(head)) continue;
      found.push({ kind: 'RANKING', start, end, value: rankOf(m[0], m[1]), unit: 'rank' });
    }
  }
  return found;
}

function rankOf(match: string, group: string | undefined): number | null {
  const word = (group ?? '').toLowerCase();
  if (/^\d+/.test(word)) return parseInt(word, 10);
  if (word in ORDINAL_WORDS) return ORDINAL_WORDS[word];
  if (word in SMALL_NUMBERS) return SMALL_NUMBERS[word];
  if (/\bmore than any other\b|\branked\s+last\b/i.test(match)) return null;
  const ordinal = /\branked\s+(\w+)/i.exec(match)?.[1]?.toLowerCase();
  if (ordinal && ordinal in ORDINAL_WORDS) return ORDINAL_WORDS[ordinal];
  return 1;
}

// ---------------------------------------------------------------------------------------------
// Numbers written as digits: money, percentages, years, quantities, bare figures

const SCALES: Record<string, number> = {
  thousand: 1e3, k: 1e3, K: 1e3,
  million: 1e6, mn: 1e6, m: 1e6, M: 1e6, mln: 1e6,
  billion: 1e9, bn: 1e9, b: 1e9, B: 1e9, bln: 1e9,
  trillion: 1e12, tn: 1e12, trn: 1e12, T: 1e12,
};
const CURRENCY_SYMBOLS: Array<[string, string]> = [
  ['US$', 'USD'], ['A$', 'AUD'], ['C$', 'CAD'], ['HK$', 'HKD'], ['S$', 'SGD'], ['NZ$', 'NZD'], ['R$', 'BRL'],
  ['$', 'USD'], ['€', 'EUR'], ['£', 'GBP'], ['¥', 'JPY'], ['₹', 'INR'], ['₩', 'KRW'], ['CHF', 'CHF'],
  ['USD', 'USD'], ['EUR', 'EUR'], ['GBP', 'GBP'],
];
const CURRENCY_WORDS: Record<string, string> = {
  dollar: 'USD', dollars: 'USD', usd: 'USD', euro: 'EUR', euros: 'EUR', eur: 'EUR', pound: 'GBP', pounds: 'GBP',
  sterling: 'GBP', gbp: 'GBP', yen: 'JPY', jpy: 'JPY', yuan: 'CNY', renminbi: 'CNY', cny: 'CNY', rmb: 'CNY',
  rupees: 'INR', inr: 'INR', won: 'KRW', francs: 'CHF', chf: 'CHF',
};

const NUMERAL = /(?<![\p{L}\p{N}_.,])(?<!\p{L}-)(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)/gu;
/** Prepositions after which a four-digit number reads as a year. */
const YEAR_CONTEXT = /\b(?:in|since|by|until|till|from|through|during|of|for|to|early|late|mid|before|after|around|circa|between|and|than|year|fiscal|summer|winter|spring|autumn|fall)[\s-]+$/i;

function findNumerals(text: string, free: (start: number, end: number) => boolean): Mention[] {
  const found: Mention[] = [];
  let carried: { start: number; currency: string | null } | null = null;
  for (const m of text.matchAll(NUMERAL)) {
    const numberStart = m.index ?? 0;
    const digits = m[1];
    let end = numberStart + digits.length;
    if (!free(numberStart, end)) continue;

    let start = numberStart;
    let currency: string | null = null;
    const before = text.slice(Math.max(0, numberStart - 4), numberStart);
    for (const [symbol, code] of CURRENCY_SYMBOLS) {
      const at = before.trimEnd().endsWith(symbol) ? before.trimEnd().length - symbol.length : -1;
      if (at >= 0 && (at === 0 || !/[\p{L}]/u.test(before[at - 1] ?? '') || symbol.length > 1)) {
        currency = code;
        start = numberStart - (before.length - at);
        break;
      }
    }

    let value = Number(digits.replace(/,/g, ''));
    let rest = textAfter(text, end);
    const range = /^\s?(?:-|–|—|to)\s?(?:US\$|\$|€|£)?(?=\d)/.exec(rest);
    if (range) {
      // A range: the upper bound carries the scale and the unit; the mention spans both.
      carried = { start, currency };
      continue;
    }
    if (carried !== null && text.slice(carried.start, start).length <= 12) {
      currency ??= carried.currency;
      start = carried.start;
    }
    carried = null;

    const scale = /^(?:\s+(thousand|million|billion|trillion)\b|(tn|trn|bn|bln|mn|mln|m|k|b|B|M|K|T)(?![\p{L}\p{N}]))/u.exec(rest);
    if (scale) {
      value = Number((value * SCALES[scale[1] ?? scale[2]]).toPrecision(15));
      end += scale[0].length;
      rest = textAfter(text, end);
    }

    // "3B, 8B and 34B": an attached size suffix in a sentence about models counts parameters.
    if (scale?.[2] && /^[bBMT]$/.test(scale[2]) && currency === null) {
      if (isModelName(text, numberStart)) continue;
      if (MODEL_CONTEXT.test(text)) {
        const noun = /^[\s-]parameters?\b/i.exec(rest);
        found.push({ kind: 'QUANTITY', start, end: end + (noun?.[0].length ?? 0), value, unit: 'parameters' });
        continue;
      }
    }

    const percent = /^(?:\s?%|\s+(?:percent|per\s+cent|pc)\b|\s+percentage\s+points?\b|\s+basis\s+points?\b)/i.exec(rest);
    if (percent) {
      const points = /percentage|basis/i.test(percent[0]);
      const basis = /basis/i.test(percent[0]);
      found.push({ kind: 'PERCENTAGE', start, end: end + percent[0].length, value: basis ? value / 100 : value, unit: points ? 'pp' : '%' });
      continue;
    }

    const currencyWord = /^\s+([A-Za-z]+)\b/.exec(rest);
    if (currency === null && currencyWord && currencyWord[1].toLowerCase() in CURRENCY_WORDS) {
      const code = CURRENCY_WORDS[currencyWord[1].toLowerCase()];
      if (code !== 'KRW' || scale) {
        found.push({ kind: 'MONEY', start, end: end + currencyWord[0].length, value, unit: code });
        continue;
      }
    }
    if (currency !== null) {
      found.push({ kind: 'MONEY', start, end, value, unit: currency });
      continue;
    }
    const cents = /^\s+(?:(euro|dollar|US)\s+)?(cents?|pence|p)\b/i.exec(rest);
    if (cents && !scale) {
      const code = /pence|^p$/i.test(cents[2]) ? 'GBP' : cents[1]?.toLowerCase() === 'euro' ? 'EUR' : 'USD';
      found.push({ kind: 'MONEY', start, end: end + cents[0].length, value: Number((value / 100).toPrecision(15)), unit: code });
      continue;
    }

    const plainInteger = /^\d{4}$/.test(digits) && !scale;
    const unit = unitAfter(rest);
    if (plainInteger && value >= 1900 && value <= 2100 && (unit === null || YEAR_CONTEXT.test(textBefore(text, numberStart)))) {
      found.push({ kind: 'DATE', start, end, value, unit: 'year' });
      continue;
    }
    if (/^(?:st|nd|rd|th)\b/.test(rest)) continue; // an ordinal, not an amount

    const attached = /^\s?(x|×|-fold|GW|MW|kW|GWh|MWh|TWh|kWh|TB|GB|PB|MB|nm|ms|km|kg|mph|GHz|MHz|TFLOPS|PFLOPS)(?![\p{L}\p{N}])/u.exec(rest);
    if (attached) {
      const multiplier = attached[1] === 'x' || attached[1] === '×' || attached[1] === '-fold';
      found.push({ kind: multiplier ? 'FIGURE' : 'QUANTITY', start, end: end + attached[0].length, value, unit: multiplier ? 'x' : attached[1] });
      continue;
    }
    if (!scale && value < 100 && isVersionNumber(text, numberStart, rest)) continue;
    if (/^[\p{L}]/u.test(rest)) continue; // "3D", "5G", "4o": part of a name
    if (unit !== null) {
      found.push(quantity(start, end + unit.length, value, unit.unit));
      continue;
    }
    found.push({ kind: 'FIGURE', start, end, value, unit: null });
  }
  return found;
}

const TIME_UNITS: Record<string, string> = {
  second: 'seconds', seconds: 'seconds', minute: 'minutes', minutes: 'minutes', hour: 'hours', hours: 'hours',
  day: 'days', days: 'days', week: 'weeks', weeks: 'weeks', month: 'months', months: 'months', year: 'years',
  years: 'years', decade: 'decades', decades: 'decades',
};

/** A counted noun; lengths of time get one spelling ("1 week" and "6 weeks" are both weeks) and are periods. */
function quantity(start: number, end: number, value: number, unit: string): Mention {
  const time = TIME_UNITS[unit.toLowerCase()];
  return time ? { kind: 'QUANTITY', start, end, value, unit: time, period: true } : { kind: 'QUANTITY', start, end, value, unit };
}

const MODEL_CONTEXT = /\b(?:parameters?|models?|weights|LLMs?|checkpoints?)\b/i;

/** "Heron 34B", "Llama 3 70B": a size right after a name is part of the model's name. */
function isModelName(text: string, numberStart: number): boolean {
  const previous = /(?<!\S)(\S+)\s+$/.exec(textBefore(text, numberStart))?.[1] ?? '';
  if (!/^\p{Lu}[\p{L}\p{N}.-]*$/u.test(previous) && !/^\d+(?:\.\d+)?$/.test(previous)) return false;
  return !OPENING_WORDS.has(previous.toLowerCase()) && !MONTH_NAMES.includes(previous.toLowerCase());
}

/** "Llama 3", "Claude 3.5", "iPhone 15": a small number right after a name is part of the name. */
function isVersionNumber(text: string, numberStart: number, rest: string): boolean {
  const previous = /(?<!\S)(\S+)\s+$/.exec(textBefore(text, numberStart))?.[1] ?? '';
  if (!/^\p{Lu}[\p{L}\p{N}.-]*$/u.test(previous)) return false;
  if (/^(?:No|Q[1-4]|H[12]|FY|Top|Section|Article|Chapter|Page|Level|Stage|Phase)\.?$/.test(previous)) return false;
  if (MONTH_NAMES.includes(previous.toLowerCase().replace(/\.$/, ''))) return false;
  if (OPENING_WORDS.has(previous.toLowerCase())) return false;
  return unitAfter(rest) === null || /^\s+\p{Lu}/u.test(rest);
}

const OPENING_WORDS = new Set([
  'in', 'by', 'about', 'over', 'nearly', 'some', 'almost', 'roughly', 'around', 'just', 'only', 'all', 'another', 'the',
  'a', 'an', 'this', 'that', 'these', 'those', 'its', 'their', 'our', 'his', 'her', 'at', 'to', 'for', 'with', 'of',
  'after', 'before', 'since', 'until', 'from', 'every', 'each', 'those', 'top', 'under', 'below', 'above', 'up',
]);

/** Words that may sit between a number and the noun it counts ("300 million *weekly active* users"). */
const COUNT_MODIFIERS = new Set([
  'weekly', 'monthly', 'daily', 'annual', 'yearly', 'active', 'paying', 'paid', 'new', 'more', 'additional', 'unique',
  'registered', 'total', 'global', 'current', 'fewer', 'extra', 'other', 'individual', 'enterprise', 'business',
  'corporate', 'full-time', 'part-time', 'high-end', 'advanced', 'cutting-edge', 'installed', 'retail', 'institutional',
  'former', 'existing', 'separate', 'different', 'discrete', 'physical', 'human', 'million', 'billion', 'free', 'trial',
  'premium', 'unpaid', 'loyal', 'regular', 'first-time', 'returning', 'verified', 'signed-up',
]);
const NOT_UNITS = new Set([
  'of', 'in', 'to', 'for', 'and', 'or', 'the', 'a', 'an', 'than', 'from', 'by', 'on', 'at', 'as', 'with', 'that',
  'which', 'who', 'is', 'are', 'was', 'were', 'will', 'would', 'be', 'been', 'has', 'have', 'had', 'per', 'each',
  'this', 'it', 'its', 'their', 'his', 'her', 'into', 'over', 'under', 'up', 'down', 'out', 'so', 'but', 'nor', 'if',
  'when', 'while', 'can', 'could', 'may', 'might', 'should', 'must', 'do', 'does', 'did', 'say', 'says', 'said',
  'rose', 'fell', 'grew', 'jumped', 'dropped', 'use', 'used', 'more', 'less', 'times', 'alone', 'apiece', 'each',
  'or', 'versus', 'vs', 'not', 'only', 'just', 'after', 'before', 'since', 'until', 'through', 'against', 'among',
  'between', 'about', 'around', 'per', 'then', 'also', 'again', 'ago', 'later', 'earlier', 'away', 'left', 'remain',
  'remained', 'remaining',
]);

/** The noun a number counts, read from the text right after it; null when there is none. */
function unitAfter(rest: string): { unit: string; length: number } | null {
  const word = /^(\s+)([\p{L}\p{N}][\p{L}\p{N}'’-]*)/u;
  let offset = 0;
  // A name or model between number and noun ("120,000 Nvidia H100 accelerators") is the fallback unit.
  let fallback: { unit: string; length: number } | null = null;
  for (let step = 0; step < 4; step++) {
    const m = word.exec(rest.slice(offset));
    if (!m) break;
    const token = m[2].replace(/(?:'s|’s|['’])$/, '');
    const lower = token.toLowerCase();
    const length = offset + m[0].length;
    const punctuated = !/^\s/.test(rest.slice(length)) && length < rest.length;
    if (NOT_UNITS.has(lower) || (/^\p{Ll}/u.test(token) && /ed$/.test(lower) && lower !== 'seed' && lower !== 'bed')) return fallback;
    if (/^[\p{Lu}\p{N}]/u.test(token)) {
      fallback = { unit: /^\p{Lu}\p{Ll}+$/u.test(token) ? lower : token, length };
    } else if (!COUNT_MODIFIERS.has(lower) && !/ly$/.test(lower)) {
      return { unit: lower, length };
    }
    offset = length;
    if (punctuated) return fallback;
  }
  return fallback;
}

// ---------------------------------------------------------------------------------------------
// Numbers written as words: "three hundred thousand subscribers", "a million users", "twelve billion dollars"

const WORD_VALUES: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const WORD_SCALES: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
const NUMBER_WORD = String.raw`(?:${[...Object.keys(WORD_VALUES), ...Object.keys(WORD_SCALES), 'dozen'].join('|')})`;
const NUMBER_PHRASE = new RegExp(String.raw`\b(?:(?:a|an)\s+(?=(?:hundred|thousand|million|billion|trillion|dozen)\b))?${NUMBER_WORD}(?:(?:\s+and\s+|[\s-]+)${NUMBER_WORD})*\b`, 'gi');

function findNumberWords(text: string): Mention[] {
  const found: Mention[] = [];
  for (const m of text.matchAll(NUMBER_PHRASE)) {
    const start = m.index ?? 0;
    let end = start + m[0].length;
    const words = m[0].toLowerCase().split(/[\s-]+/).filter((w) => w !== 'and' && w !== 'a' && w !== 'an');
    const value = wordsToNumber(words);
    const scaled = words.some((w) => w in WORD_SCALES);
    const rest = textAfter(text, end);
    if (value === null) continue;
    // "A few million euros", "several thousand": an order of magnitude, not a figure.
    if (VAGUE_BEFORE.test(textBefore(text, start))) continue;
    const time = /^[\s-]+(\p{L}+)/u.exec(rest);
    if (time && time[1].toLowerCase() in TIME_UNITS && !/\b(?:a|an)$/i.test(m[0].split(/\s+/)[0] ?? '')) {
      found.push(quantity(start, end + time[0].length, value, time[1]));
      continue;
    }
    // Small counts ("two very different plays") are prose, not figures.
    if (value < 10 && !scaled) continue;
    const currencyWord = /^\s+([A-Za-z]+)\b/.exec(rest);
    if (currencyWord && currencyWord[1].toLowerCase() in CURRENCY_WORDS && currencyWord[1].toLowerCase() !== 'won') {
      end += currencyWord[0].length;
      found.push({ kind: 'MONEY', start, end, value, unit: CURRENCY_WORDS[currencyWord[1].toLowerCase()] });
      continue;
    }
    const percent = /^\s+(?:percent|per\s+cent)\b/i.exec(rest);
    if (percent) {
      found.push({ kind: 'PERCENTAGE', start, end: end + percent[0].length, value, unit: '%' });
      continue;
    }
    const unit = unitAfter(rest);
    if (unit !== null) found.push(quantity(start, end + unit.length, value, unit.unit));
    else found.push({ kind: 'FIGURE', start, end, value, unit: null });
  }
  return found;
}

const VAGUE_BEFORE = /\b(?:a\s+few|few|several|many|some|multiple|tens\s+of|hundreds\s+of|thousands\s+of)\s+$/i;

// ---------------------------------------------------------------------------------------------
// Fractions and multipliers: "a quarter of the budget", "grew by a third", "tripled", "halved"

const FRACTIONS: Record<string, number> = {
  half: 50, halves: 50, third: 100 / 3, thirds: 100 / 3, quarter: 25, quarters: 25, fifth: 20, fifths: 20, tenth: 10,
  tenths: 10,
};
const NUMERATORS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, nine: 9 };
const FRACTION = /\b(?:(a|an|one|two|three|four|nine)[\s-]+)?(half|halves|thirds?|quarters?|fifths?|tenths?)\s+(?:of|that\s+of)\b|\bby\s+(?:(a|one)\s+)?(half|third|quarter|fifth|tenth)\b(?!\s+of\b)/gi;
const MULTIPLIERS: Record<string, number> = { doubled: 2, tripled: 3, trebled: 3, quadrupled: 4, halved: 0.5 };
const MULTIPLIER = /\b(doubled|tripled|trebled|quadrupled|halved)\b/gi;

function findFractions(text: string): Mention[] {
  const found: Mention[] = [];
  for (const m of text.matchAll(FRACTION)) {
    const numerator = (m[1] ?? m[3] ?? 'a').toLowerCase();
    const denominator = (m[2] ?? m[4]).toLowerCase();
    // "a half" and "half" are the same; a bare "third of" or "quarter of" needs its article.
    if (!m[1] && !m[3] && !denominator.startsWith('half') && !m[0].toLowerCase().startsWith('by')) continue;
    const start = m.index ?? 0;
    const value = NUMERATORS[numerator] * FRACTIONS[denominator];
    found.push({ kind: 'PERCENTAGE', start, end: start + m[0].length, value, unit: '%' });
  }
  for (const m of text.matchAll(MULTIPLIER)) {
    const start = m.index ?? 0;
    found.push({ kind: 'FIGURE', start, end: start + m[0].length, value: MULTIPLIERS[m[1].toLowerCase()], unit: 'x' });
  }
  return found;
}

function wordsToNumber(words: readonly string[]): number | null {
  let total = 0;
  let current = 0;
  let seen = false;
  for (const word of words) {
    if (word in WORD_VALUES) {
      current += WORD_VALUES[word];
      seen = true;
    } else if (word === 'dozen') {
      current = (current || 1) * 12;
      seen = true;
    } else if (word === 'hundred') {
      current = (current || 1) * 100;
      seen = true;
    } else if (word in WORD_SCALES) {
      total += (current || 1) * WORD_SCALES[word];
      current = 0;
      seen = true;
    } else {
      return null;
    }
  }
  return seen ? total + current : null;
}

// ---------------------------------------------------------------------------------------------
// Attributions, interested parties, quotes

const SPEECH_VERB = String.raw`(?:said|says|told|tells|stated|reported|reports|announced|announces|claimed|claims|estimated|estimates|disclosed|discloses|revealed|reveals|confirmed|confirms|noted|notes|wrote|writes|predicted|predicts|forecast|forecasts|acknowledged|acknowledges|insisted|insists|insist|boasted|boasts|argued|argues|added|adds|explained|explains|cited|citing)`;
const PARTY_NOUN = String.raw`(?:company|company's own|firm|startup|start-up|lab|laboratory|group|business|maker|chipmaker|developer|manufacturer|operator|provider|platform|carrier|retailer|bank|insurer|automaker|giant)`;
const SPOKESPERSON = String.raw`(?:spokesperson|spokesman|spokeswoman|representative|chief executive|chief financial officer|chief technology officer|CEO|CFO|CTO|COO|founders?|co-founders?|cofounders?|president|chairman|chairwoman|executives?|management|insiders?)`;

const INTERESTED_PATTERNS: RegExp[] = [
  new RegExp(String.raw`\b(?:the|its)\s+${PARTY_NOUN}(?:\s+(?:\w+ly|also|has|had|have|itself|then|now))?\s+${SPEECH_VERB}\b`, 'i'),
  new RegExp(String.raw`\b${SPEECH_VERB}\s+(?:by\s+)?(?:the|its)\s+${PARTY_NOUN}\b`, 'i'),
  new RegExp(String.raw`\baccording to\s+(?:the|its|their)\s+(?:${PARTY_NOUN}|own)\b`, 'i'),
  /\b(?:company|self|vendor|management|firm)[- ](?:reported|provided|supplied|disclosed|published|released|stated)\b/i,
  /(?:\b(?:its|their)|'s|’s)\s+own\s+(?:figures|data|numbers|estimates|accounting|metrics|count)\b/i,
  /\b(?:company|internal)\s+(?:figures|data|numbers|estimates|metrics)\b/i,
  /\b(?:[Ii]t|[Tt]hey)\s+(?:says|said|claims|claimed|reports|reported|estimates|estimated|boasts|boasted)\b/,
  // "Meta says it has bought…": the speaker is the subject of its own figure.
  new RegExp(String.raw`\b\p{Lu}[\p{L}\p{N}&.-]*\s+${SPEECH_VERB}\s+(?:that\s+)?(?:it|its|they|their)\b`, 'u'),
  new RegExp(String.raw`\b${SPOKESPERSON}\b.*\b${SPEECH_VERB}\b`, 'i'),
  new RegExp(String.raw`\b${SPEECH_VERB}\s+(?:a|an|its|the|their)\s+(?:\w+\s+)?${SPOKESPERSON}\b`, 'i'),
];

/** Sources that report on companies rather than speak for them. */
const THIRD_PARTIES = new Set([
  'reuters', 'bloomberg', 'associated', 'ap', 'afp', 'financial', 'ft', 'wall', 'wsj', 'new', 'the', 'information',
  'axios', 'cnbc', 'techcrunch', 'verge', 'wired', 'economist', 'guardian', 'analysts', 'analyst', 'researchers',
  'research', 'estimates', 'data', 'idc', 'gartner', 'canalys', 'counterpoint', 'semianalysis', 'epoch', 'sensor',
  'similarweb', 'morgan', 'goldman', 'jpmorgan', 'barclays', 'ubs', 'citi', 'bernstein', 'mckinsey', 'pitchbook',
  'crunchbase', 'statista', 'regulators', 'sources', 'people', 'filings', 'documents', 'court', 'a', 'an', 'one',
  'several', 'two', 'three', 'some', 'many', 'industry', 'market', 'government', 'officials',
]);

const SELF_REFERENCE = /\b(?:that said|as (?:I|we) (?:said|wrote|noted|argued)|(?:I|we|you) (?:said|wrote|noted|argued|say|write|argue)|(?:I|we|you)(?:\s+(?:am|are|were|was|have\s+been)|'re|’re|'m|’m)\s+told|needless to say|so to speak|it is said)\b/gi;

interface Attribution {
  interested: boolean;
}

/** Verbs that attribute on their own; the weak ones below need a speaker right before them. */
const STRONG_ATTRIBUTION = /\b(?:said|says|told|stated|claimed|disclosed|according to|reported|reportedly|confirmed|insisted|boasted|acknowledged|wrote|predicted|estimated|citing)\b/i;
const WEAK_ATTRIBUTION = /(?<!\S)(\S+)\s+(?:\w+ly\s+)?(?:announced|announces|claims|reports|estimates|estimate|notes|noted|adds|added|argues|argued|argue|explains|explained|forecasts|forecast|predicts|predict|reveals|revealed|cites|cited|expects|expect|believes|believe|insists|insist|boasts|say)\b/gu;
const EVIDENCE = /\b(?:data|figures|filings?|estimates|numbers|survey|study|research|analysis|documents|report)\s+(?:\w+\s+){0,3}?(?:show|shows|showed|suggest|suggests|suggested|indicate|indicates|found)\b|\b(?:data|figures|estimates)\s+from\b/i;
const DETERMINERS = new Set(['the', 'a', 'an', 'these', 'those', 'this', 'that', 'its', 'their', 'our', 'his', 'her', 'such', 'both', 'all', 'some']);
const SPEAKER_NOUNS = new RegExp(String.raw`^(?:he|she|they|it|${PARTY_NOUN}|${SPOKESPERSON}|analysts?|researchers?|officials?|executives?)$`, 'i');

/** The party's own channels and documents: what it says there, it says about itself. */
const SELF_SOURCE = /\b(?:(?:its|their|the\s+company(?:'s|’s)|the\s+firm(?:'s|’s))\s+(?:own\s+)?(?:website|blog|annual\s+report|quarterly\s+report|filings?|prospectus|press\s+release|guidance|technical\s+report|investor\s+presentation|estimate|count|calculations?)|(?:the|its)\s+(?:annual|quarterly|half-yearly|interim)\s+(?:report|accounts)|investor\s+presentation|earnings\s+call)\b/i;
/** "Northgate's filings show": a named party's own document; interested when the name is a party. */
const PARTY_DOCUMENT = /(?<![\p{L}\p{N}])(\p{Lu}[\p{L}\p{N}&-]*)(?:'s|’s)\s+(?:own\s+)?(?:filings?|accounts|annual\s+report|quarterly\s+report|results|investor\s+presentation|website|blog|guidance|estimate|count|figures|data)\b/u;

function findAttribution(text: string, parties: ReadonlySet<string>): Attribution | null {
  const clean = text.replace(SELF_REFERENCE, (m) => ' '.repeat(m.length));
  const weak = [...clean.matchAll(WEAK_ATTRIBUTION)].some((m) => {
    const subject = m[1].replace(/[,;:]$/, '').replace(/(?:'s|’s)$/, '');
    if (DETERMINERS.has(subject.toLowerCase()) || /^(?:i|we|you)$/i.test(subject)) return false;
    return SPEAKER_NOUNS.test(subject) || /^\p{Lu}/u.test(subject);
  });
  const document = PARTY_DOCUMENT.exec(clean);
  if (!STRONG_ATTRIBUTION.test(clean) && !weak && !EVIDENCE.test(clean) && !SELF_SOURCE.test(clean) && !document) return null;
  if (INTERESTED_PATTERNS.some((p) => p.test(clean)) || SELF_SOURCE.test(clean)) return { interested: true };

  const sources: string[] = [];
  if (document) sources.push(document[1]);
  const according = /\baccording to\s+([^,.;:!?]+)/i.exec(clean);
  // "according to figures Brightwire shared": the first name in the phrase is who the figures come from.
  if (according) sources.push(/\p{Lu}[\p{L}\p{N}&.'’-]*/u.exec(according[1])?.[0] ?? according[1]);
  const named = new RegExp(String.raw`(?<![\p{L}\p{N}&.'’-])((?:\p{Lu}[\p{L}\p{N}&.-]*(?:'s|’s)?\s+){1,3})(?:\w+ly\s+)?${SPEECH_VERB}\b`, 'gu');
  for (const m of clean.matchAll(named)) sources.push(m[1]);
  const interested = sources.some((source) => {
    const first = /\p{L}[\p{L}\p{N}&.-]*/u.exec(source)?.[0]?.replace(/[.]$/, '') ?? '';
    const key = first.toLowerCase().replace(/(?:'s|’s)$/, '');
    return key.length > 0 && !THIRD_PARTIES.has(key) && parties.has(key);
  });
  return { interested };
}

/** A direct quote: at least four words inside quotation marks (scare quotes are not quotes). */
function hasQuote(text: string): boolean {
  const quoted = /“([^”]+)”|"([^"]+)"|(?<![\p{L}])‘([^’]+(?:’\p{L}[^’]*)*)’(?![\p{L}])/gu;
  for (const m of text.matchAll(quoted)) {
    const inner = m[1] ?? m[2] ?? m[3] ?? '';
    if (inner.trim().split(/\s+/).length >= 4) return true;
  }
  return false;
}

/**
 * The parties an article is about: names in its title or dek, or named at least three times. A
 * figure attributed to one of them ("according to OpenAI") is the party speaking for itself.
 */
function partiesOf(doc: ClaimSource): Set<string> {
  const names = (text: string) =>
    [...maskInlineMarkdown(text).matchAll(/(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{N}&-]*\p{L}(?:'s|’s)?/gu)].map((m) =>
      m[0].replace(/(?:'s|’s)$/, '').toLowerCase(),
    );
  const parties = new Set<string>([...names(doc.title ?? ''), ...names(doc.dek ?? '')]);
  const counts = new Map<string, number>();
  for (const name of names(doc.body ?? '')) counts.set(name, (counts.get(name) ?? 0) + 1);
  for (const [name, count] of counts) if (count >= 3) parties.add(name);
  for (const common of ['the', 'a', 'an', 'it', 'this', 'that', 'but', 'and', 'in', 'on', 'we', 'i', 'they', 'he', 'she']) parties.delete(common);
  for (const third of THIRD_PARTIES) parties.delete(third);
  return parties;
}
