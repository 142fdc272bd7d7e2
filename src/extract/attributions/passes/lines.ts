// Document passes over raw lines: 'vox-pop' (“…” ― Name: a quote signed with a dash and a name, as
// in reader or street quotes) and 'labelled-line' (transcript turns "SMITH: …" and a headline line
// signed "Smith: …").
import type { Candidate } from '../context.js';
import { mkSpan, trimSpan } from '../tokens.js';

// Some sites open such quotes with a closing mark and put a no-break space after the dash.
const VOX_POP =
  /([“”"])([^\n]{3,800}?)([”"])[ \t\u00a0]*([―—–])[ \t\u00a0]*((?:\p{Lu}[\p{L}.'’-]*[ \t\u00a0]?){1,4})/gu;

export function voxPopPass(body: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of body.matchAll(VOX_POP)) {
    const [, open = '', inner = '', close = '', dash = '', rawName = ''] = m;
    const start = m.index;
    const end = start + open.length + inner.length + close.length;
    const dashAt = body.indexOf(dash, end);
    const name = rawName.trim();
    const nameAt = body.indexOf(name, dashAt);
    if (dashAt < 0 || nameAt < 0) continue;
    out.push({
      via: 'vox-pop',
      source: mkSpan(body, nameAt, nameAt + name.length),
      cue: mkSpan(body, dashAt, dashAt + dash.length),
      content: mkSpan(body, start, end),
      kind: 'direct',
      reported: 'direct',
      speakerRef: { text: name, role: null },
      sentence: mkSpan(body, start, nameAt + name.length),
    });
  }
  return out;
}

// A line opened by a short label and a colon: 1–3 capitalised words, or a capitals-only name.
const LABELLED_LINE = /^[“"]?((?:\p{Lu}[\p{L}.'’-]*)(?: \p{Lu}[\p{L}.'’-]*){0,2}):[ \t]+([^\n]+)/gmu;
export const EDITORIAL_LABELS =
  /^(?:correction|clarification|update|updated|source|sources|editor['’]s note|note|photo|video|watch|read more|related|the latest|breaking)$/i;

/**
 * Transcripts label each turn with the speaker in capitals ("SMITH: …"), and headlines sign a quote
 * or claim with a short name before a colon ("Smith: Deal Is 'Dead'"): the rest of the line is what
 * that speaker said. Editorial labels in the same shape are not speakers.
 */
export function labelledLinePass(body: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of body.matchAll(LABELLED_LINE)) {
    const [whole, label = '', rest = ''] = m;
    // A transcript turn may be wrapped in quotation marks as a whole; the label follows the mark.
    const labelAt = m.index + whole.indexOf(label);
    const allCaps = !/\p{Ll}/u.test(label);
    if (EDITORIAL_LABELS.test(label)) continue;
    // A mixed-case label is only trusted in the headline (first line), and only as a bare name.
    if (!allCaps && (m.index !== 0 || /^(?:The|A|An)\b/.test(label))) continue;
    if (rest.trim().split(/\s+/).length < 3) continue;
    const content = trimSpan(body, labelAt + label.length + 1, m.index + whole.length);
    if (!content) continue;
    out.push({
      via: 'labelled-line',
      source: mkSpan(body, labelAt, labelAt + label.length),
      cue: mkSpan(body, labelAt + label.length, labelAt + label.length + 1),
      content,
      kind: /[“"‘']/.test(rest) ? 'mixed' : 'direct',
      reported: 'direct',
      speakerRef: { text: label, role: null },
      sentence: mkSpan(body, labelAt, content.end),
    });
  }
  return out;
}
