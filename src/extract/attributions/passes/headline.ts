// Pass 'headline': attributions in a headline, with spans relative to it. Headlines drop articles and
// capitalise every word, so the body rules do not apply; three shapes carry most of them: a speaker
// label ("Senator Roe: Deal Is Dead"), a trailing signature ("Deal Is Dead, Senator Roe Says") and a
// present-tense cue after a short subject ("Roe Urges Senate to Reject Deal").
import type { Attribution, Span } from '../../../model.js';
import { ALLEGATION_MARKERS, CUE_VERBS } from '../../cues.js';
import { createSpeakerTracker } from '../../speakers.js';
import { mkSpan, trimSpan } from '../tokens.js';
import { EDITORIAL_LABELS } from './lines.js';

export type HeadlineAttribution = Attribution & { via: 'headline' };

function shiftAttribution(a: HeadlineAttribution, text: string, by: number): HeadlineAttribution {
  const move = (x: Span): Span => mkSpan(text, x.start + by, x.end + by);
  return {
    ...a,
    source: a.source ? move(a.source) : null,
    cue: a.cue ? move(a.cue) : null,
    content: move(a.content),
    sentence: move(a.sentence),
  };
}

/** Verbs a headline uses for "X says Y" in the present tense ("Senator Urges Vote on Bill"). */
const HEADLINE_CUE = (w: string): boolean => /[^s]s$/.test(w) && CUE_VERBS.has(w);

function make(
  headline: string,
  text: string,
  source: Span | null,
  cue: Span,
  content: Span | null,
): HeadlineAttribution[] {
  if (!source || !content || content.text.split(/\s+/).length < 2) return [];
  return [
    {
      via: 'headline',
      source,
      cue,
      content,
      kind: /[“"‘']/.test(content.text) ? 'mixed' : 'indirect',
      reported: ALLEGATION_MARKERS.test(text) ? 'alleged' : 'indirect',
      speaker: createSpeakerTracker().resolve(source.text, null),
      sentence: mkSpan(headline, 0, text.length),
    },
  ];
}

/** "Roe Urges Senate to Reject Deal": a present-tense cue after a short subject. */
function subjectCue(headline: string, text: string): HeadlineAttribution[] {
  const words = [...text.matchAll(/[^\s]+/g)];
  for (let i = 1; i < Math.min(words.length - 1, 7); i++) {
    const w = words[i];
    if (!w || !HEADLINE_CUE(w[0].toLowerCase())) continue;
    // "Railing Against Trump, Sanders Vows …": the subject starts after a fronted phrase.
    const from = words.findLastIndex((x, n) => n < i && /,$/.test(x[0])) + 1;
    const subject = words.slice(from, i);
    const s0 = subject[0];
    const s1 = subject[subject.length - 1];
    if (!s0 || !s1) continue;
    // The subject of a headline is a name or a short noun phrase: no verb of its own.
    if (subject.some((x) => /^(is|are|was|were|has|have|will|would|could|can|to)$/i.test(x[0]))) break;
    let cueEnd = w.index + w[0].length;
    let rest = i + 1;
    const particle = words[rest];
    if (particle && /^(for|on|against|out)$/i.test(particle[0])) {
      cueEnd = particle.index + particle[0].length;
      rest++;
    }
    const next = words[rest];
    if (!next) break;
    return make(
      headline,
      text,
      mkSpan(headline, s0.index, s1.index + s1[0].length),
      mkSpan(headline, w.index, cueEnd),
      trimSpan(headline, next.index, text.length),
    );
  }
  return [];
}

/** Where a headline joins a second clause with a subject of its own ("…; Roe Urges …", "… as Roe Says …"). */
const JOINER = /(?:;|,?\s+(?:as|while|after|and))\s+(?=\p{L})/gu;

/**
 * "Beijing Condemns Warning as Nvidia's Huang Calls Controls 'a Failure'": two statements. The second
 * clause, when it has a subject and a cue of its own, is read on its own, and the first ends before it.
 */
function twoClauses(headline: string, text: string): HeadlineAttribution[] | null {
  for (const m of text.matchAll(JOINER)) {
    const at = m.index + m[0].length;
    const rest = headline.slice(at, text.length);
    const second = subjectCue(rest, rest).map((a) => shiftAttribution(a, headline, at));
    if (second.length === 0) continue;
    return [...findHeadlineAttributions(headline.slice(0, m.index)), ...second];
  }
  return null;
}

export function findHeadlineAttributions(headline: string): HeadlineAttribution[] {
  // A section label ("The Latest: …") is the desk's, not a speaker's: read what follows it.
  const desk = /^([\p{L} ’']{3,30}):\s+/u.exec(headline);
  if (desk?.[1] && EDITORIAL_LABELS.test(desk[1].trim())) {
    const at = desk[0].length;
    return findHeadlineAttributions(headline.slice(at)).map((a) => shiftAttribution(a, headline, at));
  }
  const text = headline.replace(/[.;\s]+$/, '');
  const label = /^((?:\p{Lu}[\p{L}.'’-]*)(?: \p{Lu}[\p{L}.'’-]*){0,3}):\s+/u.exec(text);
  if (label?.[1] && !EDITORIAL_LABELS.test(label[1])) {
    const n = label[1].length;
    return make(
      headline,
      text,
      mkSpan(headline, 0, n),
      mkSpan(headline, n, n + 1),
      trimSpan(headline, label[0].length, text.length),
    );
  }
  const signed = /,\s+((?:[\p{L}.'’-]+\s+){1,6}?)(says|said|warns|claims|insists|argues)$/iu.exec(text);
  if (signed?.[1] && signed[2] && /^\p{Lu}/u.test(signed[1])) {
    const srcStart = signed.index + signed[0].indexOf(signed[1]);
    const cueStart = text.length - signed[2].length;
    return make(
      headline,
      text,
      trimSpan(headline, srcStart, cueStart),
      mkSpan(headline, cueStart, text.length),
      trimSpan(headline, 0, signed.index),
    );
  }
  return twoClauses(headline, text) ?? subjectCue(headline, text);
}
