// Plain-text tables for CLI output (internal to the commands).
export function table(headers: string[], rows: string[][], maxWidths: number[] = []): string {
  const clip = (s: string, i: number) => {
    const max = maxWidths[i];
    return max && s.length > max ? `${s.slice(0, max - 1)}…` : s;
  };
  const cells = rows.map((r) => r.map((c, i) => clip(c.replace(/\s+/g, ' '), i)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [fmt(headers), fmt(widths.map((w) => '-'.repeat(w))), ...cells.map(fmt)].join('\n') + '\n';
}

/** A date as the user reads it: the stored precision, or "undated". */
export function dateCell(published: string | null, precision: string): string {
  if (!published) return 'undated';
  return precision === 'unknown' ? `${published}?` : published;
}
