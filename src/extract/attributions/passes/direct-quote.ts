// Pass 'direct-quote': a quotation abutting a cue and its source ("“…,” the mayor said", "She told
// the council: “…”"), or a fronted cue ('Said Ana Lee: “…”').
import type { Candidate, SQuote, SentenceContext } from '../context.js';
import { srcAfterCue, srcGuess } from '../sources.js';
import { isCap, isWord, mkSpan, tokAt } from '../tokens.js';
import { cueSites } from './cue-scan.js';
import { quoteContent } from './verb-content.js';
import { cueCandidate } from './verb-cue.js';

/** A quote that abuts the source and cue ("…," she said / she said: "…"), before and after. */
function abuttingQuotes(ctx: SentenceContext, k: number, cueEnd: number, src: [number, number]): SQuote[] {
  const { toks, quotes } = ctx;
  // A quote inside a phrase ("on CBS's “Face the Nation,” X said …") is a title, not what was said:
  // a quoted statement opens its sentence or follows punctuation or another quote.
  const opensClause = (q: SQuote) => q.open === 0 || /^[,:;(—–-]$|^[”"’]$/.test(tokAt(toks, q.open - 1).text);
  let before = quotes.find(
    (q) => q.close < k && q.close + 1 >= Math.min(k, srcGuess(toks, k)) && opensClause(q),
  );
  // "“…,” Jane Roe, an economist, told me", "“…,” panel chairman Rep. Roe said": the quote abuts
  // the whole source phrase, or a few lower-case words before it.
  if (!before && src[0] >= 2) {
    let at = toks[src[0] - 1]?.text === ',' ? src[0] - 2 : src[0] - 1;
    while (at > 0 && src[0] - at <= 3 && /^\p{Ll}+$/u.test(tokAt(toks, at).text)) at--;
    before = quotes.find((q) => q.close === at && opensClause(q));
  }
  const told = /^(told|tells|tell|telling)$/.test(tokAt(toks, k).lower);
  const after = quotes.find(
    (q) =>
      q.open > cueEnd &&
      (q.open === cueEnd + 1 ||
        (q.open === cueEnd + 2 && /^[,:]$/.test(tokAt(toks, cueEnd + 1).text)) ||
        // "said Ann Vale, “…”", "told the paper: “…”": a source or addressee between cue and quote.
        ((srcAfterCue(toks, k) || told) &&
          q.open <= cueEnd + 8 &&
          /^[,:]$/.test(tokAt(toks, q.open - 1).text))),
  );
  const resumed = before && !after ? resumedQuote(ctx, cueEnd) : undefined;
  return quotes.filter((q) => q === before || q === (after ?? resumed));
}

/**
 * '“A,” Lee said on Friday, “B.”', '“A,” Lee said in an interview, but “B.”': after a quote signed
 * by its cue, a quote resuming past a short when or where phrase is the same statement going on.
 */
function resumedQuote(ctx: SentenceContext, cueEnd: number): SQuote | undefined {
  const { toks } = ctx;
  const q = ctx.quotes.find((x) => x.open > cueEnd + 1 && x.open <= cueEnd + 8);
  if (!q) return undefined;
  let gap = q.open - 1;
  if (/^(but|and)$/.test(tokAt(toks, gap).lower)) gap--;
  if (tokAt(toks, gap).text !== ',') return undefined;
  const between = toks.slice(cueEnd + 1, gap);
  const adjunct = between.every((t) => isWord(t) && t.pos !== 'VERB' && t.pos !== 'AUX');
  return adjunct ? q : undefined;
}

/** 'Said Ana Lee: “…”': a speech verb opening the sentence, a name, then the quote. */
function frontedCue(ctx: SentenceContext): Candidate | null {
  const { toks, body } = ctx;
  const cue = tokAt(toks, 0);
  if (!/^(said|says|asked|asks|added|adds|wrote|writes|recalled|recalls)$/.test(cue.lower)) return null;
  let n = 1;
  while (n < toks.length && n <= 4 && isCap(toks[n]) && tokAt(toks, n).pos !== 'PUNCT') n++;
  const q = ctx.quotes.find((x) => x.open === n + 1);
  if (n === 1 || !q || !/^[,:]$/.test(tokAt(toks, n).text)) return null;
  const content = quoteContent(ctx, [q]);
  if (!content) return null;
  const source = mkSpan(body, tokAt(toks, 1).start, tokAt(toks, n - 1).end);
  return {
    via: 'direct-quote',
    source,
    cue: mkSpan(body, cue.start, cue.end),
    content,
    kind: 'direct',
    reported: ctx.alleged ? 'alleged' : 'direct',
    speakerRef: { text: source.text, role: null },
    sentence: ctx.sentence,
  };
}

export function directQuotePass(ctx: SentenceContext): Candidate[] {
  const fronted = frontedCue(ctx);
  const out: Candidate[] = fronted ? [fronted] : [];
  for (const site of cueSites(ctx)) {
    if (site.passive) continue;
    const quoted = abuttingQuotes(ctx, site.k, site.cueEnd, site.vs.src);
    if (quoted.length === 0) continue;
    const c = cueCandidate(ctx, site, 'direct-quote', { content: quoteContent(ctx, quoted), quoted: true });
    if (c) out.push(c);
  }
  return out;
}
