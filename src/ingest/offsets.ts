// Body ↔ file offsets. Parsers keep article text verbatim where they can and record where each kept
// piece came from, so spans found in the body can be reported as offsets into the file's text.
import type { OffsetSegment } from '../model.js';

/**
 * Maps body[start, end) to file offsets. An end inside a short run of inserted text (a decoded entity
 * or escape) takes the whole escape in; null when an end cannot be placed at all. Segments are sorted
 * by body.
 */
export function bodyToFile(
  offsets: OffsetSegment[],
  start: number,
  end: number,
): { start: number; end: number } | null {
  const from = mapPoint(offsets, start, false);
  const to = mapPoint(offsets, end, true);
  if (from == null || to == null || to < from) return null;
  return { start: from, end: to };
}

/** How many inserted body characters (a decoded entity or escape) a span end may reach across. */
const INSERTED_REACH = 8;

function mapPoint(offsets: OffsetSegment[], pos: number, isEnd: boolean): number | null {
  // Binary search for the segment holding pos; an end offset may sit exactly at a segment's end.
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const seg = offsets[mid];
    if (!seg) return null;
    if (pos < seg.body) hi = mid - 1;
    else if (pos > seg.body + seg.length || (!isEnd && pos === seg.body + seg.length)) lo = mid + 1;
    else return seg.file + (pos - seg.body);
  }
  // pos falls in text the parser inserted between two segments (a decoded escape such as \" or
  // &amp;): a span's end takes in the whole escape (the next segment's start), its start begins
  // at it (the previous segment's end), so a quote ending in a decoded character still maps.
  const before = offsets[hi];
  const after = offsets[lo];
  if (isEnd && after && after.body - pos <= INSERTED_REACH) return after.file;
  if (!isEnd && before && pos - (before.body + before.length) <= INSERTED_REACH)
    return before.file + before.length;
  return null;
}
