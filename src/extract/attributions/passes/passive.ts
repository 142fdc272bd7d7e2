// Pass 'passive': "The plan was endorsed by the union": the agent after "by" is the source and the
// subject is what it endorsed. Needs a form of "be" before the participle and a short agent phrase.
import type { Candidate, SentenceContext } from '../context.js';
import { reportedFields } from '../context.js';
import { beBefore } from '../sources.js';
import { cueSites } from './cue-scan.js';
import {
  GROUP_NOUNS,
  IRREGULAR_PAST,
  SOURCE_STOP,
  isCap,
  isWord,
  mkSpan,
  tokAt,
  trimSpan,
} from '../tokens.js';

export function passiveCandidate(ctx: SentenceContext, k: number, cueEnd: number): Candidate | null {
  const { toks, body } = ctx;
  const t = tokAt(toks, k);
  if (!/ed$/.test(t.lower) && !IRREGULAR_PAST.has(t.lower)) return null;
  const a = beBefore(toks, k);
  if (a < 0 || !/^(is|are|was|were|been|be)$/.test(tokAt(toks, a).lower)) return null;
  let aux = a;
  while (
    aux - 1 >= 0 &&
    /^(has|have|had|will|would|could|may|might|not|also)$/.test(tokAt(toks, aux - 1).lower)
  )
    aux--;
  // The agent: up to a comma, a clause word or the end, at most ten words, with a name or a head noun.
  const s0 = cueEnd + 2;
  let e = s0;
  // A plural possessive ("the bakers’ guild") keeps its apostrophe inside the agent.
  const inAgent = (x: number) =>
    isWord(toks[x]) || (/^['’]$/.test(tokAt(toks, x).text) && isWord(toks[x + 1]));
  while (e < toks.length && inAgent(e) && e - s0 < 10 && !SOURCE_STOP.has(tokAt(toks, e).lower)) e++;
  if (e === s0) return null;
  const agent = toks.slice(s0, e);
  if (!agent.some((x) => isCap(x) || GROUP_NOUNS.test(x.lower) || /s$/.test(x.lower))) return null;
  // The subject: back from the auxiliary to a clause boundary.
  let b = aux;
  while (b - 1 >= 0 && isWord(toks[b - 1]) && !SOURCE_STOP.has(tokAt(toks, b - 1).lower) && aux - b < 12) b--;
  if (b === aux) return null;
  const content = trimSpan(body, tokAt(toks, b).start, tokAt(toks, aux - 1).end);
  if (!content) return null;
  const source = mkSpan(body, tokAt(toks, s0).start, tokAt(toks, e - 1).end);
  return {
    via: 'passive',
    source,
    cue: mkSpan(body, tokAt(toks, a).start, tokAt(toks, cueEnd + 1).end),
    content,
    ...reportedFields(ctx),
    speakerRef: { text: source.text, role: null },
    sentence: ctx.sentence,
    onlyFirst: true,
  };
}

export function passivePass(ctx: SentenceContext): Candidate[] {
  const out: Candidate[] = [];
  for (const site of cueSites(ctx)) {
    if (!site.passive) continue;
    const c = passiveCandidate(ctx, site.k, site.cueEnd);
    if (c) out.push(c);
  }
  return out;
}
