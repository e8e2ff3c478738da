import { stripInlineMarkdown } from '@galley/editorial';

/**
 * What a claim is about, read deterministically from its sentence — no model, no dictionary.
 *
 * The rule:
 * 1. The sentence's reader-facing text (Markdown stripped), split on spaces. A sentence that opens
 *    with a quotation has no subject: whose words they are is not what the figure is about.
 * 2. A leading "According to X," or an opening adverbial ("In 2024, …", "Last year, …") is set aside;
 *    "According to X" makes X the speaker.
 * 3. A reporting frame — up to four words, an optional appositive between commas, then a reporting
 *    verb such as "says", "reported", "expects" (and an optional "that") — makes its words the
 *    speaker and the rest the clause: "OpenAI says ChatGPT has…" is about ChatGPT.
 * 4. The subject is the name at the head of the clause: a run of capitalised words (possessive "'s"
 *    dropped, "of"/"and"/"&" inside a name, a short version number such as "Claude 3" kept), after
 *    a leading "the"/"a"/"now"… When the clause opens with a pronoun ("Meta says it has bought…"),
 *    or has no name at its head at all, the subject is the speaker's name.
 * 5. Lower-cased, punctuation other than inner hyphens dropped: "Nvidia's Blackwell" → "nvidia blackwell".
 *
 * Limits, accepted for a rule anyone can predict: pronouns are resolved only to a named speaker of
 * the same sentence ("its largest cluster…" alone has no subject); a capitalised common noun at the
 * head of a sentence is taken for a name unless it is one of the generic words listed below; a
 * Title Case headline yields a longer subject than its body sentence; synonyms ("Alphabet" and
 * "Google") are different subjects. A claim without a subject is in no equivalence class.
 */
export function claimSubject(text: string): string | null {
  const words = readerWords(text);
  if (words.length === 0 || /^["'(]/.test(words[0])) return null;

  let clause = words;
  let speaker: string | null = null;
  const according = accordingTo(clause);
  if (according) {
    speaker = according.speaker;
    clause = according.rest;
  } else {
    clause = withoutOpeningAdverbial(clause);
  }

  const frame = reportingFrame(clause);
  if (frame) {
    speaker = leadingName(frame.speaker) ?? speaker;
    const subject = leadingName(frame.clause);
    if (subject) return subject;
    return speaker;
  }
  const subject = leadingName(clause);
  if (subject) return subject;
  return startsWithPronoun(clause) ? speaker : null;
}

/**
 * Who the sentence says made the claim, when it names them: "According to X", "X says…",
 * "…, said X", and after a quotation ('"…," Jensen Huang, Nvidia's chief executive, told…').
 * Normalised like the subject's words but in their written case ("Satya Nadella"); null when the
 * sentence attributes the claim to nobody by name ("the company said").
 */
export function claimSpeaker(text: string): string | null {
  const words = readerWords(text);
  if (words.length === 0) return null;
  const named = (from: readonly string[]) => leadingName(from, false);
  const according = words.findIndex((w, i) => bare(w) === 'according' && bare(words[i + 1] ?? '') === 'to');
  if (according >= 0) {
    const name = named(words.slice(according + 2));
    if (name) return name;
  }
  if (/^"/.test(words[0])) {
    const close = words.findIndex((w, i) => i > 0 && /"[,.]?$|[,.!?]"$/.test(w));
    if (close > 0) {
      const after = words.slice(close + 1);
      const verbFirst = after.length > 0 && REPORTING_VERBS.has(bare(after[0])) ? after.slice(1) : after;
      const name = named(verbFirst);
      if (name) return name;
    }
    return null;
  }
  const frame = reportingFrame(words);
  if (frame) {
    const name = named(frame.speaker);
    if (name) return name;
  }
  const inverted = words.findIndex((w, i) => i > 0 && /,$/.test(words[i - 1]) && REPORTING_VERBS.has(bare(w)));
  return inverted >= 0 ? named(words.slice(inverted + 1)) : null;
}

/** The registry's key: equal keys are equivalent claims. Null when the claim has no subject or no value. */
export function claimKey(claim: { text: string; value: number | null; unit: string | null }): string | null {
  if (claim.value === null || !Number.isFinite(claim.value)) return null;
  const subject = claimSubject(claim.text);
  if (subject === null) return null;
  return `${subject}|${normalisedValue(claim.value)}|${claim.unit ?? ''}`;
}

/** Six significant digits: "$12.7 billion" and "$12,700 million" meet despite floating point. */
export function normalisedValue(value: number): string {
  return String(Number(value.toPrecision(6)));
}

const REPORTING_VERBS = new Set([
  'says', 'said', 'say', 'reports', 'reported', 'report', 'states', 'stated', 'claims', 'claimed', 'claim',
  'announced', 'announces', 'estimates', 'estimated', 'estimate', 'expects', 'expected', 'expect', 'writes', 'wrote',
  'argues', 'argued', 'argue', 'insists', 'insisted', 'confirms', 'confirmed', 'notes', 'noted', 'discloses',
  'disclosed', 'believes', 'believed', 'predicts', 'predicted', 'projects', 'projected', 'forecasts', 'forecast',
]);
/** Pronouns that stand for the speaker of the sentence. */
const PRONOUNS = new Set(['it', 'its', "it's", 'they', 'their', 'we', 'our', 'he', 'his', 'she', 'her']);
/** Words skipped at the head of a clause before its name. */
const LEAD_INS = new Set(['the', 'a', 'an', 'now', 'also', 'and', 'but', 'so', 'meanwhile', 'still', 'yet', 'then']);
/** Words that open an adverbial phrase ending in a comma ("In 2024, …"). */
const ADVERBIAL_OPENERS = new Set([
  'in', 'on', 'at', 'by', 'for', 'after', 'before', 'since', 'during', 'over', 'last', 'this', 'earlier', 'later',
  'until', 'from', 'as', 'when', 'while', 'with', 'under', 'within', 'across', 'throughout', 'early', 'late', 'by',
]);
/** Capitalised at the head of a sentence, yet not names. */
const NOT_NAMES = new Set([
  ...PRONOUNS, ...LEAD_INS, ...ADVERBIAL_OPENERS,
  'this', 'that', 'these', 'those', 'my', 'your', 'i', 'you', 'there', 'here', 'what', 'why', 'how', 'who', 'which',
  'whether', 'if', 'is', 'are', 'was', 'were', 'do', 'does', 'did', 'can', 'will', 'would', 'should', 'could', 'may',
  'might', 'perhaps', 'yes', 'no', 'not', 'most', 'many', 'some', 'all', 'both', 'each', 'every', 'few', 'several',
  'none', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'half', 'about', 'roughly',
  'nearly', 'almost', 'more', 'less', 'fewer', 'only', 'just', 'even', 'analysts', 'investors', 'researchers',
  'experts', 'officials', 'executives', 'critics', 'economists', 'sources', 'users', 'customers', 'companies',
  'governments', 'regulators', 'shares', 'sales', 'revenue', 'revenues', 'prices', 'profits', 'profit', 'spending',
  'demand', 'supply', 'data', 'estimates', 'figures', 'reports', 'people', 'according', 'its', 'their',
]);
const CONNECTORS = new Set(['of', 'and', '&', 'de', 'du', 'von', 'van']);

function accordingTo(words: readonly string[]): { speaker: string | null; rest: string[] } | null {
  if (words.length < 3 || bare(words[0]) !== 'according' || bare(words[1]) !== 'to') return null;
  const end = words.findIndex((w, i) => i >= 2 && w.endsWith(','));
  if (end < 0 || end > 8) return null;
  return { speaker: leadingName(words.slice(2, end + 1)), rest: words.slice(end + 1) };
}

function withoutOpeningAdverbial(words: string[]): string[] {
  if (words.length === 0 || !ADVERBIAL_OPENERS.has(bare(words[0]))) return words;
  const end = words.findIndex((w, i) => i < 8 && w.endsWith(','));
  return end >= 0 ? words.slice(end + 1) : words;
}

/** "X says (that) Y", "X, an appositive, said Y": the speaker's words and the clause. */
function reportingFrame(words: readonly string[]): { speaker: string[]; clause: string[] } | null {
  for (let verb = 1; verb < Math.min(words.length - 1, 12); verb++) {
    if (!REPORTING_VERBS.has(bare(words[verb]))) continue;
    const speaker = words.slice(0, verb);
    if (!plausibleSpeaker(speaker)) return null;
    const rest = words.slice(bare(words[verb + 1]) === 'that' ? verb + 2 : verb + 1);
    // "Microsoft expects to spend…" is not a frame: nothing is reported, Microsoft acts.
    if (rest.length === 0 || bare(rest[0]) === 'to') return null;
    return { speaker, clause: rest };
  }
  return null;
}

/** Up to four words, or a name with one appositive between commas ("Satya Nadella, its chief, said"). */
function plausibleSpeaker(words: readonly string[]): boolean {
  if (words.some((w) => /\d/.test(w) && !/[A-Za-z]/.test(w))) return false;
  const comma = words.findIndex((w) => w.endsWith(','));
  if (comma < 0) return words.length <= 4;
  return comma < 4 && words[words.length - 1].endsWith(',') && words.length <= comma + 7;
}

function startsWithPronoun(words: readonly string[]): boolean {
  const first = words.find((w) => !LEAD_INS.has(bare(w)));
  return first !== undefined && PRONOUNS.has(bare(first));
}

function readerWords(text: string): string[] {
  return stripInlineMarkdown(text)
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

/** The name at the head of the words, normalised (lower-cased unless `lowerCase` is false), or null. */
function leadingName(words: readonly string[], lowerCase = true): string | null {
  let i = 0;
  while (i < words.length && LEAD_INS.has(bare(words[i])) && !isName(words[i + 1] ?? '')) i++;
  if (i < words.length && bare(words[i]) === 'the') i++;
  if (i >= words.length || !isName(words[i]) || NOT_NAMES.has(bare(words[i]))) return null;
  const parts: string[] = [];
  for (; i < words.length; i++) {
    const word = words[i];
    if (parts.length > 0 && !isName(word)) {
      const joined = CONNECTORS.has(word.toLowerCase()) && isName(words[i + 1] ?? '') && !word.endsWith(',');
      const version = /^\d{1,2}(\.\d)?[,.;:]?$/.test(word) && !/^\d/.test(parts[parts.length - 1]);
      if (!joined && !version) break;
    }
    parts.push(normalisedWord(word, lowerCase));
    // A name ends at a comma or at a possessive followed by a common noun.
    if (/[,;:.!?)]$/.test(word) && !/^([A-Z]\.)+$/.test(word) && !/^(Dr|Mr|Mrs|Ms|St)\.$/.test(word)) break;
  }
  const name = parts.filter((p) => p.length > 0).join(' ');
  return name.length > 0 ? name : null;
}

function isName(word: string): boolean {
  const core = word.replace(/^[("'[]+/, '');
  return /^[A-Z]/.test(core) || /^[a-z]+[A-Z]/.test(core);
}

function normalisedWord(word: string, lowerCase = true): string {
  return (lowerCase ? word.toLowerCase() : word)
    .replace(/'[sS]?$|'[sS](?=[^\p{L}])/gu, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/^-+|-+$/g, '');
}

/** The word lower-cased without surrounding punctuation. */
function bare(word: string): string {
  return word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}
