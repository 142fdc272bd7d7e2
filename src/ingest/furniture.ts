// Page furniture: the rules that tell an article's own paragraphs from what a web page wraps around
// them (navigation crumbs, bylines, captions, share and comment widgets, copyright lines, lists of
// other stories). Rules look at a line's shape and position and at a small lexicon of widget phrases
// common to news sites — never at strings of one particular page. Pure.

const WS = /^[\s\u00a0\u200b\ufeff]+|[\s\u00a0\u200b\ufeff]+$/g;

export function clean(line: string): string {
  return line.replace(WS, '');
}

/** Scripts written without spaces between words: Han ideographs, kana. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+/gu;

/**
 * Words in a line. Chinese and Japanese put no spaces between words, so a run of ideographs or kana
 * counts as one word per two characters (their average word length), not as one word.
 */
export function wordCount(text: string): number {
  let unspaced = 0;
  // Most text has no ideographs or kana: skip the replace (every line of every page is counted).
  const rest = HAS_UNSPACED.test(text)
    ? text.replace(UNSPACED, (run) => {
        unspaced += Math.ceil(run.length / 2);
        return ' ';
      })
    : text;
  return countWords(rest, Infinity, false) + unspaced;
}
const HAS_UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]/u;

/**
 * wordCount(text) > limit, counting no further than needed: the furniture rules ask it of every line
 * of a page, and a paragraph has far more words than any limit they set.
 */
export function moreWordsThan(text: string, limit: number): boolean {
  const words = countWords(text, limit, true);
  // Ideographs or kana in the line: counted as wordCount counts them.
  return words < 0 ? wordCount(text) > limit : words > limit;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * The words of a text as the pattern [\p{L}\p{N}][\p{L}\p{N}'’.-]* reads them (a run of letters,
 * digits, apostrophes, periods and hyphens with a letter or digit in it), counted up to one past
 * `stopAbove`; -1 at the first ideograph or kana when `stopAtUnspaced` (words before it are counted
 * alike either way, so a count past the limit before it stands). Read by character code: lines are
 * counted by the hundred per page, and a regular expression made an object per word.
 */
function countWords(text: string, stopAbove: number, stopAtUnspaced: boolean): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // 1: letter or digit; 2: apostrophe, period or hyphen (inside a word only); 0: anything else.
    let kind: 0 | 1 | 2;
    if (c < 128) {
      const alnum = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
      kind = alnum ? 1 : c === 39 || c === 46 || c === 45 ? 2 : 0;
    } else if (c === 0x2019) kind = 2;
    else {
      const cp = text.codePointAt(i) ?? c;
      if (cp > 0xffff) i++;
      const ch = String.fromCodePoint(cp);
      if (stopAtUnspaced && HAS_UNSPACED.test(ch)) return -1;
      kind = LETTER_OR_DIGIT.test(ch) ? 1 : 0;
    }
    if (kind === 1) inWord = true;
    else if (kind === 0 && inWord) {
      inWord = false;
      if (++words > stopAbove) return words;
    }
  }
  return inWord ? words + 1 : words;
}

/**
 * Sentence-final punctuation: Latin, and the CJK full stop, exclamation and question marks (full- and
 * half-width), which Chinese and Japanese paragraphs end with.
 */
const SENTENCE_END = '.!?…:;。！？｡．：；';
const ENDS = new RegExp(`[${SENTENCE_END}]["'”’»)\\]」』）】〉》]*$`);

/** Ends like a sentence: terminal punctuation, possibly inside closing quotes or brackets. */
export function endsSentence(text: string): boolean {
  return ENDS.test(text) || /["”»」』]$/.test(text);
}

const CREDIT_WORDS =
  /\b(photo|photos|photograph|image|images|credit|getty|afp|reuters|ap|shutterstock|epa|pool|via|courtesy|file)\b/i;

/** A photo caption or credit: "(Photo: …)", "… (Name / Agency)", "Photo by …", "Image: …". */
export function isCaption(text: string): boolean {
  if (/^(photo|photograph|image|picture|credit|caption|illustration)s?\s*(by\b|:|\|)/i.test(text))
    return true;
  if (/^\((photo|image|credit)[^)]*\)$/i.test(text)) return true;
  const tail = /\(([^()]{3,120})\)\s*$/.exec(text);
  if (tail) {
    const inner = tail[1] ?? '';
    if (/\s\/\s|\S\/\S/.test(inner) && CREDIT_WORDS.test(inner)) return true;
    if (/^(photo|image|credit)\b/i.test(inner)) return true;
    if (/\b(getty images|shutterstock|ap photo|afp photo|reuters photo)\b/i.test(inner)) return true;
  }
  return false;
}

const WIDGETS: RegExp[] = [
  /^skip to (main )?content$/i,
  /^\d+\s*(min|mins|minute|minutes)\.?\s+read$/i,
  /^(advertisement|advertising|sponsored( content)?|ad|story continues below( advertisement)?)$/i,
  /^(share|share this( article| story| page)?|share on \w+|tweet|email|print|save( article)?|copy link|whatsapp|facebook|twitter|linkedin|x)$/i,
  /^(follow us|subscribe|sign up|sign in|log ?in|register|newsletter|get (our|the) newsletter)\b.{0,60}$/i,
  /^(menu|search|home|close|back to top|top)$/i,
  /^(this audio|listen to (this|the) (article|story)|audio (version|player)|this (article|story) (is|was) (read|narrated|generated))\b/i,
  /^(published|posted|filed|updated|last updated|first published)\s+(in|on|under|at)\b.{0,80}$/i,
  /^(click here|tap here)\b/i,
  /^(image|photo|video)( \d+ of \d+)?$/i,
  /^[|/\\>»•·–—-]+$/,
];

/** A menu or breadcrumb: several one-to-three-word items separated by wide gaps, "|", ">" or "»". */
export function isMenu(text: string): boolean {
  if (endsSentence(text) && !/[|>»]/.test(text)) return false;
  const items = text.split(/\s{2,}|\s*[|>»·•]\s*|\s+\/\s+/).filter((x) => x.trim() !== '');
  if (items.length < 2) return false;
  if (items.length === 2 && !/[|>»·•/]/.test(text)) return false;
  return items.every((x) => wordCount(x) <= 3 && !/[.!?]$/.test(x.trim()));
}

export function isWidget(text: string): boolean {
  if (moreWordsThan(text, 14)) return false;
  return WIDGETS.some((r) => r.test(text)) || isMenu(text);
}

const COMMENTS =
  /^((\d+\s+)?comments?(\s*\(\d+\))?(\s{2,}.*)?|.*comments powered by .*|(leave|add|post|write) a (comment|reply).*|join the (conversation|discussion).*|show comments|view comments)$/i;
const AUTHOR_BOX = /^(author|authors|about the author|written by|reporting by|editing by)\s*:?\s*\S.{0,80}$/i;
const OTHER_STORIES =
  /^(news feed|related|related (stories|articles|news|content|coverage|reading)|read (more|next|also)|more (stories|news|on this( story| topic)?|from [\p{L} .&'-]{2,40})|most (read|popular|viewed|shared)|recommended( for you)?|latest( news| stories| headlines)?|trending( now)?|top stories|you (may|might) also like|see also|editor'?s picks|what to read next|popular now|in other news)\s*:?$/iu;

/** A line after which the page no longer holds the article: copyright, author box, comments, other stories. */
export function isTerminator(text: string): boolean {
  if (moreWordsThan(text, 30)) return false;
  if (/^(©|\(c\)\s*\d|copyright\b)/i.test(text) || /©\s?\d{4}/.test(text)) return true;
  if (/\ball rights reserved\b/i.test(text) || /^distributed by\b/i.test(text)) return true;
  return COMMENTS.test(text) || AUTHOR_BOX.test(text) || OTHER_STORIES.test(text);
}

/** A bare time stamp line ("2:41 PM", "10:45 AM"). */
export function isTimestamp(text: string): boolean {
  return /^\d{1,2}(:\d{2})?\s*(am|pm|a\.m\.|p\.m\.)?$/i.test(text) && /[:apAP]/.test(text);
}

/** Something an article paragraph can be: a sentence or a long stretch of prose. */
export function isProse(text: string): boolean {
  return moreWordsThan(text, 24) || (endsSentence(text) && moreWordsThan(text, 7));
}

/** Kept inside an article's body: any sentence-like line that is not a caption or widget. */
export function isBodyLine(text: string): boolean {
  if (text === '' || isCaption(text) || isWidget(text)) return false;
  // Punctuation-only lines are crumbs ("/", "|"), except the "___" separators of live blogs.
  if (/^[\p{P}\p{S}\s]*$/u.test(text)) return /^_{2,}\.?$/.test(text);
  return endsSentence(text) || moreWordsThan(text, 7) || /^["“«'‘]/.test(text);
}

/** "by Jane Doe January 26, 2024 2:41 PM 2 min read" → "Jane Doe". */
export function bylineOf(text: string): string | null {
  const m = /^by\s+(.+)$/i.exec(text);
  if (!m) return null;
  const rest = (m[1] ?? '')
    .replace(/\s*\b\d+\s*(min|mins|minute|minutes)\.?\s+read\b.*$/i, '')
    .replace(/\s*\b(on\s+)?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}.*$/i, '')
    .replace(/\s*\b\d{4}-\d{2}-\d{2}.*$/, '')
    .replace(/[\s,|–—-]+$/, '');
  return rest.length >= 3 && wordCount(rest) <= 12 ? rest : null;
}

/**
 * A names line ("Ann Lee, Bo Park and Cy Diaz, Example News on"): comma/"and"-separated capitalised
 * names, the last chunk being the organisation. Returns the people and the organisation.
 */
export function creditLine(text: string): { byline: string; source: string | null } | null {
  if (endsSentence(text) || wordCount(text) > 16) return null;
  const stripped = text.replace(/\s+(on|for)$/i, '');
  const tokens = stripped.split(/\s+/);
  const lower = tokens.filter(
    (t) => /^[a-z]/.test(t) && !/^(and|of|de|van|von|der|al|bin|la|le|du)$/.test(t),
  );
  if (lower.length > 0) return null;
  const chunks = stripped.split(/\s*,\s*/).filter(Boolean);
  if (chunks.length < 2) return null;
  const last = chunks[chunks.length - 1] ?? '';
  if (/\band\b/.test(last) || wordCount(last) > 5) return { byline: stripped, source: null };
  return { byline: chunks.slice(0, -1).join(', '), source: last };
}
