// Body ↔ file offsets. Parsers keep article text verbatim where they can and record where each kept
// piece came from, so spans found in the body can be reported as offsets into the file's text.
import type { OffsetSegment } from '../model.js';

/**
 * Maps body[start, end) to file offsets. Returns null when either end falls in text the parser
 * inserted (paragraph breaks, decoded entities) and cannot be mapped. Segments are sorted by body.
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

function mapPoint(offsets: OffsetSegment[], pos: number, isEnd: boolean): number | null {
  // Binary search for the segment holding pos; an end offset may sit exactly at a segment's end.
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const seg = offsets[mid]!;
    if (pos < seg.body) hi = mid - 1;
    else if (pos > seg.body + seg.length || (!isEnd && pos === seg.body + seg.length)) lo = mid + 1;
    else return seg.file + (pos - seg.body);
  }
  return null;
}
