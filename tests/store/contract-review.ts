// The Store contract for the review desk (overrides on positions): one suite every adapter must pass,
// run like runStoreContract (tests/store/sqlite-review.test.ts for SQLite; Postgres runs the same).
import { describe, expect, it } from 'vitest';
import type { ReviewOverride } from '../../src/model.js';
import { article, position, type StoreHarness } from './contract.js';

function override(over: Partial<Omit<ReviewOverride, 'id' | 'at'>> = {}): Omit<ReviewOverride, 'id' | 'at'> {
  return {
    key: 'k1',
    articleKey: 'feeds/a.txt#0',
    evidence: 'They doubt',
    actor: 'united-states',
    topic: 'peace-talks',
    extractedPolarity: 'opposes',
    verdict: 'confirmed',
    polarity: null,
    correctedActor: null,
    correctedTopic: null,
    by: 'Ana',
    note: null,
    ...over,
  };
}

export function runReviewStoreContract(name: string, harness: StoreHarness): void {
  describe(`Store contract (review desk): ${name}`, () => {
    let clock = new Date('2026-03-01T00:00:00Z');
    const now = () => clock;
    const tick = () => {
      clock = new Date(clock.getTime() + 60_000);
    };

    it('gives every position its article lineage, the same for every version of the article', async () => {
      const store = await harness.open(now);
      const v1 = await store.saveArticle(article({ body: 'one', url: 'https://news.example/a' }), {
        attributions: [],
        positions: [position()],
      });
      tick();
      const v2 = await store.saveArticle(article({ body: 'one, edited', url: 'https://news.example/a' }), {
        attributions: [],
        positions: [position({ topic: 'sanctions' }), position()],
      });
      expect(v2.status).toBe('updated');
      const all = await store.listPositions({ includeRetired: true });
      expect(new Set(all.map((p) => p.articleKey))).toEqual(new Set(['https://news.example/a']));
      const other = await store.saveArticle(article({ body: 'two', file: 'feeds/b.txt' }), {
        attributions: [],
        positions: [position()],
      });
      const b = (await store.listPositions()).find((p) => p.articleId === other.articleId);
      expect(b?.articleKey).toBe('feeds/b.txt#0');
      expect(v1.articleId).not.toBe(v2.articleId);
      await store.close();
    });

    it('getPosition returns one position by id (retired ones too), null for an unknown id', async () => {
      const store = await harness.open(now);
      await store.saveArticle(article({ body: 'one' }), { attributions: [], positions: [position()] });
      const [first] = await store.listPositions();
      expect(first).toBeDefined();
      await store.saveArticle(article({ body: 'one, edited' }), {
        attributions: [],
        positions: [position()],
      });
      const again = await store.getPosition(first!.id);
      expect(again).toMatchObject({ id: first!.id, actor: 'united-states', articleKey: 'feeds/a.txt#0' });
      expect(again?.evidence).toEqual(first!.evidence);
      expect(await store.getPosition(987654)).toBeNull();
      await store.close();
    });

    it('appends overrides with who and when; the newest per key is in force; history stays, oldest first', async () => {
      const store = await harness.open(now);
      const first = await store.addOverride(override());
      expect(first).toMatchObject({ key: 'k1', verdict: 'confirmed', by: 'Ana', at: clock.toISOString() });
      expect(typeof first.id).toBe('number');
      tick();
      const second = await store.addOverride(
        override({
          verdict: 'corrected',
          polarity: 'supports',
          correctedActor: 'ukraine',
          by: 'Ben',
          note: 'relayed, not stated',
        }),
      );
      tick();
      await store.addOverride(override({ key: 'k2', verdict: 'rejected', correctedTopic: 'sanctions' }));
      const inForce = await store.listOverrides();
      expect(inForce.map((o) => [o.key, o.verdict])).toEqual([
        ['k1', 'corrected'],
        ['k2', 'rejected'],
      ]);
      expect(inForce[0]).toEqual(second);
      expect(inForce[1]?.correctedTopic).toBe('sanctions');
      const history = await store.overrideHistory('k1');
      expect(history.map((o) => o.by)).toEqual(['Ana', 'Ben']);
      expect(history[1]?.note).toBe('relayed, not stated');
      expect(await store.overrideHistory('nope')).toEqual([]);
      await store.close();
    });

    it('keeps overrides across reopening the store', async () => {
      const store = await harness.open(now);
      await store.addOverride(override({ key: 'kept', verdict: 'rejected' }));
      await store.close();
      const again = await harness.reopen(now);
      expect((await again.listOverrides()).map((o) => o.key)).toEqual(['kept']);
      await again.close();
    });
  });
}
