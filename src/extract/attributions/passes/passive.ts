// Pass 'passive': "The plan was endorsed by the union": the agent after "by" is the source and the
// subject is what it endorsed. Needs a form of "be" before the participle and a short agent phrase.
import { TITLES } from '../../cues.js';
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
  type Tok,
} from '../tokens.js';
import type { Span } from '../../../model.js';

export function passiveCandidate(ctx: SentenceContext, k: number, cueEnd: number): Candidate | null {
  const { toks, body } = ctx;
  const t = tokAt(toks, k);
  if (!/ed$/.test(t.lower) && !IRREGULAR_PAST.has(t.lower)) return null;
  const a = beBefore(toks, k);
  if (a < 0) return null;
  if (!/^(is|are|was|were|been|be)$/.test(tokAt(toks, a).lower)) return reducedPassive(ctx, k, cueEnd, a);
  let aux = a;
  while (
    aux - 1 >= 0 &&
    /^(has|have|had|will|would|could|may|might|not|also)$/.test(tokAt(toks, aux - 1).lower)
  )
    aux--;
  const agent = agentAfter(toks, cueEnd);
  if (!agent) return null;
  // The subject: back from the auxiliary to a clause boundary.
  let b = aux;
  while (b - 1 >= 0 && isWord(toks[b - 1]) && !SOURCE_STOP.has(tokAt(toks, b - 1).lower) && aux - b < 12) b--;
  if (b === aux) return null;
  const content = trimSpan(body, tokAt(toks, b).start, tokAt(toks, aux - 1).end);
  return content ? passiveOf(ctx, agent, tokAt(toks, a).start, cueEnd, content) : null;
}

/** The agent after "by": up to a comma, a clause word or the end, at most ten words, with a name or a head noun. */
function agentAfter(toks: Tok[], cueEnd: number): [number, number] | null {
  const s0 = cueEnd + 2;
  let e = s0;
  // A plural possessive ("the bakers’ guild") keeps its apostrophe inside the agent.
  const inAgent = (x: number) =>
    isWord(toks[x]) || (/^['’]$/.test(tokAt(toks, x).text) && isWord(toks[x + 1]));
  while (e < toks.length && inAgent(e) && e - s0 < 10 && !SOURCE_STOP.has(tokAt(toks, e).lower)) e++;
  if (e === s0) return null;
  const agent = toks.slice(s0, e);
  if (!agent.some((x) => isCap(x) || GROUP_NOUNS.test(x.lower) || TITLES.has(x.lower) || /s$/.test(x.lower)))
    return null;
  return [s0, e - 1];
}

/**
 * "The levy, first proposed by the mayor, …", "a plan endorsed by the union": a participle without
 * "be" modifies the noun phrase before it (before its comma), which is what the agent did it to.
 */
function reducedPassive(ctx: SentenceContext, k: number, cueEnd: number, before: number): Candidate | null {
  const { toks, body } = ctx;
  const comma = tokAt(toks, before).text === ',';
  const end = comma ? before - 1 : before;
  const head = tokAt(toks, end);
  if (head.pos !== 'NOUN' && head.pos !== 'PROPN') return null;
  let b = end;
  while (b - 1 >= 0 && end - b < 8 && /^(NOUN|PROPN|ADJ|DET|NUM)$/.test(tokAt(toks, b - 1).pos ?? '')) b--;
  // After a comma the phrase must open the sentence ("The levy, first proposed by …, remains …").
  if (comma && b !== 0) return null;
  const agent = agentAfter(toks, cueEnd);
  const content = agent ? trimSpan(body, tokAt(toks, b).start, head.end) : null;
  return agent && content ? passiveOf(ctx, agent, tokAt(toks, k).start, cueEnd, content) : null;
}

function passiveOf(
  ctx: SentenceContext,
  [s0, e]: [number, number],
  cueStart: number,
  cueEnd: number,
  content: Span,
): Candidate {
  const { toks, body } = ctx;
  const source = mkSpan(body, tokAt(toks, s0).start, tokAt(toks, e).end);
  return {
    via: 'passive',
    source,
    cue: mkSpan(body, cueStart, tokAt(toks, cueEnd + 1).end),
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
