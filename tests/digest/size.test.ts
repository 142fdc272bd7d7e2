// Gmail clips a message past 102 KB and hides the rest behind "View entire message". A digest with 40
// changes — each with its quotes, why line and a four-point path — must stay under that, with the
// list's default settings.
import { describe, expect, it } from 'vitest';
import { SubscriberList } from '../../src/config/schema.js';
import { loadWatchlist } from '../../src/config/watchlist.js';
import { buildDigest } from '../../src/digest/model.js';
import { renderDigest } from '../../src/digest/render.js';
import type { Change, ChangeKind, ChangeSide, Polarity, TimelinePoint } from '../../src/model.js';
import type { StoredArticle } from '../../src/store/types.js';

const watchlist = loadWatchlist();
const NOW = new Date('2026-03-02T07:00:00Z');
const QUOTE =
  'The minister said the government would keep its present course on the question for as long as the ' +
  'conditions set out last year were not met, and that any new proposal would be weighed on its merits ' +
  'by the cabinet before the summit.';

function side(i: number, published: string, polarity: Polarity, confidence: number): TimelinePoint {
  return {
    polarity,
    mixed: false,
    published,
    datePrecision: 'day',
    claim: QUOTE,
    speaker: `Minister Number ${i}`,
    evidence: `${QUOTE} (${i}/${published})`,
    reported: i % 3 === 0 ? 'relayed' : 'direct',
    relayer: i % 3 === 0 ? 'A Foreign Counterpart' : null,
    confidence,
    articleId: i,
    file: `/feeds/${i}.txt`,
    url: `https://news.example/world/2026/02/a-fairly-long-article-slug-number-${i}`,
    title: `A headline of ordinary length about article number ${i} and its subject`,
    source: 'The Example Herald',
    sources: 1 + (i % 2),
    articleIds: [i],
  };
}

function change(i: number, kind: ChangeKind, confidence: number): Change {
  const actors = watchlist.actors;
  const topics = watchlist.topics;
  const path: ChangeSide[] =
    kind === 'new'
      ? [side(i, '2026-02-20', 'supports', confidence)]
      : ['2024-03-01', '2024-09-01', '2025-06-01', '2026-02-10'].map((d, k) =>
          side(i * 10 + k, d, kind === 'unchanged' || k < 3 ? 'opposes' : 'supports', confidence),
        );
  const timeline = path as TimelinePoint[];
  return {
    actor: actors[i % actors.length]!.id,
    topic: topics[Math.floor(i / actors.length) % topics.length]!.id,
    kind,
    before: kind === 'new' ? null : timeline[0]!,
    after: timeline[timeline.length - 1]!,
    confidence,
    timeline,
  };
}

describe('digest size', () => {
  it('keeps a 40-change digest under 102 KB of HTML', () => {
    const changes = [
      ...Array.from({ length: 10 }, (_, i) => change(i, 'reversed', 0.85)),
      ...Array.from({ length: 10 }, (_, i) => change(10 + i, 'reversed', 0.4)),
      ...Array.from({ length: 10 }, (_, i) => change(20 + i, 'new', 0.7)),
      ...Array.from({ length: 10 }, (_, i) => change(30 + i, 'unchanged', 0.7)),
    ];
    const ids = new Set(changes.flatMap((c) => c.timeline.flatMap((p) => p.articleIds)));
    const articles: StoredArticle[] = [...ids].map((id) => ({
      id,
      version: 1,
      file: `/feeds/${id}.txt`,
      entry: 0,
      url: `https://news.example/world/2026/02/a-fairly-long-article-slug-number-${id}`,
      title: `A headline of ordinary length about article number ${id} and its subject`,
      source: 'The Example Herald',
      byline: null,
      published: '2026-02-10',
      datePrecision: 'day',
      contentHash: String(id),
      storedAt: '2026-03-01T00:00:00.000Z',
      current: true,
      positionCount: 1,
    }));
    const list = SubscriberList.parse({ id: 'desk', name: 'Desk', subscribers: ['a@example.org'] });
    const model = buildDigest({
      list,
      changes,
      articles,
      watchlist,
      since: '2024-01-01',
      storedAfter: null,
      generatedAt: NOW,
      publicUrl: 'https://digest.example.org',
    });
    const shown = model.sections.reduce((n, s) => n + s.cards.length, 0);
    expect(model.changeCount).toBe(40);
    expect(shown).toBe(40);
    const html = renderDigest(model, { format: 'html+text' }).html ?? '';
    const kb = Buffer.byteLength(html, 'utf8') / 1024;
    // Every card is really there, with its path, and the overflow of nothing.
    expect((html.match(/class="card/g) ?? []).length).toBe(40);
    expect(html).toContain('In between, oldest first');
    expect(kb).toBeLessThan(102);
  });
});
