// The review desk's shell on a real SQLite store and a file outbox: the queue behind a list's next
// digest, verdicts that survive a new version of the article, and `review: required` holding the
// scheduled digest until its changes are confirmed, or sending only the confirmed ones after the deadline.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeChanges } from '../../src/compare/index.js';
import { kindLabel, polarityLabel } from '../../src/digest/helpers.js';
import { changesFromStore } from '../../src/pipeline/changes.js';
import { composeDigest, runDigests } from '../../src/pipeline/digest.js';
import { readPositions } from '../../src/pipeline/positions.js';
import { heldDigestsDue, reviewPosition, reviewQueue } from '../../src/pipeline/review.js';
import { article, position } from '../store/contract.js';
import { EVIDENCE, laterPositions, newsroom } from '../helpers/review.js';

const emls = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.eml'))
        .map((f) => join(dir, f))
    : [];

const T0 = '2026-03-02T07:00:00.000Z';

describe('the review queue', () => {
  it('lists the positions behind the next digest, lowest confidence first, and drops reviewed ones', async () => {
    const room = await newsroom();
    const ctx = await room.open();
    try {
      const queue = await reviewQueue(ctx, 'desk');
      expect(queue.pending.map((i) => [i.position.evidence.text, i.position.extractedConfidence])).toEqual([
        [EVIDENCE.russia, 0.4],
        [EVIDENCE.usNow, 0.6],
        [EVIDENCE.usThen, 0.7],
      ]);
      expect(queue.pending[0]).toMatchObject({
        kind: 'new',
        side: 'now',
        actorName: 'Russia',
        lists: ['desk'],
      });
      const russia = queue.pending[0]!.position.id;
      await reviewPosition(ctx, russia, { action: 'confirm' }, { by: 'Ana' });
      const after = await reviewQueue(ctx, 'desk');
      expect(after.pending).toHaveLength(2);
      expect(
        after.reviewed.map((i) => [i.position.id, i.position.review?.verdict, i.position.review?.by]),
      ).toEqual([[russia, 'confirmed', 'Ana']]);
    } finally {
      await ctx.store.close();
    }
  });

  it('rejects an unknown actor with a message naming the field and the watchlist ids', async () => {
    const room = await newsroom();
    const ctx = await room.open();
    try {
      const [first] = (await reviewQueue(ctx)).pending;
      await expect(
        reviewPosition(ctx, first!.position.id, { action: 'set-actor', actor: 'atlantis' }, { by: 'Ana' }),
      ).rejects.toThrow(/actor: expected one of the watchlist's actors: russia, .*received "atlantis"/);
      expect(await ctx.store.listOverrides()).toEqual([]);
    } finally {
      await ctx.store.close();
    }
  });
});

describe('overrides survive a new version of the article', () => {
  it('a corrected polarity still applies after the article is re-ingested with other paragraphs changed', async () => {
    const room = await newsroom();
    const ctx = await room.open();
    try {
      const us = (await reviewQueue(ctx)).pending.find((i) => i.position.evidence.text === EVIDENCE.usNow)!;
      await reviewPosition(
        ctx,
        us.position.id,
        { action: 'set-polarity', polarity: 'opposes' },
        { by: 'Ana', note: 'a timetable, not support' },
      );
      // The updated article: a new first paragraph moves every offset; the statements are the same.
      const saved = await ctx.store.saveArticle(
        article({
          body: 'late, with a new first paragraph',
          file: 'late.txt',
          published: '2026-02-01',
          url: 'https://news.example/late',
        }),
        { attributions: [], positions: [...laterPositions(250)].reverse() },
      );
      expect(saved.status).toBe('updated');
      const positions = await readPositions(ctx.store, { since: '2024-01-01' });
      const now = positions.find((p) => p.evidence.text === EVIDENCE.usNow)!;
      expect(now.id).not.toBe(us.position.id);
      expect(now).toMatchObject({
        polarity: 'opposes',
        review: { verdict: 'corrected', by: 'Ana', note: 'a timetable, not support' },
      });
      const change = computeChanges(positions, { since: '2024-01-01' }).find(
        (c) => c.actor === 'united-states',
      );
      expect(change).toMatchObject({
        kind: 'unchanged',
        after: { polarity: 'opposes', review: 'corrected' },
      });
      // The digest reads the same corrected positions: the United States restated, not reversed.
      const plain = ctx.loaded.config.lists.find((l) => l.id === 'plain')!;
      const { text } = await composeDigest(ctx, plain, {});
      const topic = ctx.watchlist.topics.find((t) => t.id === 'peace-talks')!;
      const block = text.slice(text.indexOf(`United States on ${topic.name}`));
      expect(block.split('\n')[0]).toBe(`United States on ${topic.name}: ${kindLabel('unchanged')}`);
      // The latest statement's heading (a restated card's dated line, wrapped over lines) up to its quote.
      const latest = block.indexOf('1 February 2026:');
      const nowLine = block.slice(latest, block.indexOf('>', latest)).replace(/\s+/g, ' ');
      expect(latest).toBeGreaterThan(0);
      expect(nowLine).toContain(polarityLabel('opposes', topic.stanceLabels));
      expect(nowLine).not.toContain(polarityLabel('supports', topic.stanceLabels));
    } finally {
      await ctx.store.close();
    }
  });

  it('an edited sentence is a new statement: it goes back to the queue', async () => {
    const room = await newsroom();
    const ctx = await room.open();
    try {
      const russia = (await reviewQueue(ctx)).pending[0]!;
      await reviewPosition(ctx, russia.position.id, { action: 'reject' }, { by: 'Ana' });
      expect((await reviewQueue(ctx)).pending.map((i) => i.position.evidence.text)).not.toContain(
        EVIDENCE.russia,
      );
      const edited = laterPositions().map((p) =>
        p.actor === 'russia'
          ? { ...p, evidence: { ...p.evidence, text: `${EVIDENCE.russia} He denied it later.` } }
          : p,
      );
      await ctx.store.saveArticle(
        article({
          body: 'late, corrected',
          file: 'late.txt',
          published: '2026-02-01',
          url: 'https://news.example/late',
        }),
        { attributions: [], positions: edited },
      );
      const texts = (await reviewQueue(ctx)).pending.map((i) => i.position.evidence.text);
      expect(texts).toContain(`${EVIDENCE.russia} He denied it later.`);
    } finally {
      await ctx.store.close();
    }
  });
});

describe('review: required', () => {
  it('holds the scheduled digest until every change is confirmed, then the held tick goes out', async () => {
    const room = await newsroom();
    let clock = new Date(T0);
    const ctx = await room.open(() => clock);
    try {
      const [held] = await runDigests(ctx, { listIds: ['desk'], scheduled: true, scheduledFor: T0 });
      expect(held).toMatchObject({ outcome: 'held-for-review', held: 2 });
      expect(emls(room.outbox)).toEqual([]);
      const [run] = await ctx.store.listRuns({ listId: 'desk', kind: 'digest' });
      expect(run?.counts.held).toBe(2);
      expect(await heldDigestsDue(ctx)).toEqual([]);

      // A list without review goes out at once.
      const [plain] = await runDigests(ctx, { listIds: ['plain'], scheduled: true, scheduledFor: T0 });
      expect(plain?.outcome).toBe('delivered');

      clock = new Date(Date.parse(T0) + 3_600_000);
      for (const item of (await reviewQueue(ctx, 'desk')).pending)
        await reviewPosition(ctx, item.position.id, { action: 'confirm' }, { by: 'Ana' });
      const due = await heldDigestsDue(ctx);
      expect(due.map((d) => [d.list.id, d.scheduledFor])).toEqual([['desk', T0]]);
      const [sent] = await runDigests(ctx, {
        listIds: ['desk'],
        scheduled: true,
        scheduledFor: due[0]!.scheduledFor,
      });
      expect(sent).toMatchObject({ outcome: 'delivered', changes: 2 });
      const mail = emls(join(room.outbox, 'desk'));
      expect(mail).toHaveLength(1);
      expect(readFileSync(mail[0]!, 'utf8')).toMatch(/editor@example\.com/);
      expect(await heldDigestsDue(ctx)).toEqual([]);
    } finally {
      await ctx.store.close();
    }
  });

  it('after the deadline sends only the confirmed changes, counted from the first held tick', async () => {
    const room = await newsroom({ deadlineHours: 12 });
    let clock = new Date(T0);
    const ctx = await room.open(() => clock);
    try {
      await runDigests(ctx, { listIds: ['desk'], scheduled: true, scheduledFor: T0 });
      for (const item of (await reviewQueue(ctx, 'desk')).pending)
        if (item.position.actor === 'united-states')
          await reviewPosition(ctx, item.position.id, { action: 'confirm' }, { by: 'Ana' });
      // A later tick inside the deadline is held too; the deadline still counts from T0.
      clock = new Date(Date.parse(T0) + 6 * 3_600_000);
      const [again] = await runDigests(ctx, {
        listIds: ['desk'],
        scheduled: true,
        scheduledFor: clock.toISOString(),
      });
      expect(again).toMatchObject({ outcome: 'held-for-review', held: 1 });
      expect(await heldDigestsDue(ctx)).toEqual([]);

      clock = new Date(Date.parse(T0) + 12 * 3_600_000 + 60_000);
      const due = await heldDigestsDue(ctx);
      expect(due.map((d) => d.scheduledFor)).toEqual([T0]);
      const [sent] = await runDigests(ctx, { listIds: ['desk'], scheduled: true, scheduledFor: T0 });
      expect(sent).toMatchObject({ outcome: 'delivered', changes: 1 });
      const text = readFileSync(emls(join(room.outbox, 'desk'))[0]!, 'utf8');
      expect(text).toMatch(/United States/);
      expect(text).not.toMatch(/Russia/);
    } finally {
      await ctx.store.close();
    }
  });
});

describe('changes read a page at a time', () => {
  it('are those of the corrected positions when only some articles carry overrides', async () => {
    const room = await newsroom();
    const ctx = await room.open();
    try {
      // A third article nobody reviews, between the two reviewed ones.
      await ctx.store.saveArticle(article({ body: 'middle', file: 'middle.txt', published: '2025-06-01' }), {
        attributions: [],
        positions: [
          position({
            polarity: 'supports',
            confidence: 0.85,
            evidence: { start: 0, end: 6, text: 'middle' },
          }),
        ],
      });
      const { pending } = await reviewQueue(ctx, 'desk');
      const find = (text: string) => pending.find((i) => i.position.evidence.text === text)!.position.id;
      await reviewPosition(ctx, find(EVIDENCE.russia), { action: 'reject' }, { by: 'Ana' });
      await reviewPosition(
        ctx,
        find(EVIDENCE.usThen),
        { action: 'set-polarity', polarity: 'supports' },
        { by: 'Ana' },
      );
      const options = { since: '2024-01-01' };
      for (const filter of [{}, { actor: 'united-states' }, { actor: 'russia' }]) {
        const paged = await changesFromStore(ctx, filter, options);
        expect(paged).toEqual(computeChanges(await readPositions(ctx.store, filter), options));
      }
      // Not a comparison of nothing: the rejection and the correction show.
      const [us, ...others] = await changesFromStore(ctx, {}, options);
      expect(others).toEqual([]);
      expect(us).toMatchObject({ actor: 'united-states', before: { review: 'corrected' } });
      expect(us!.timeline).toHaveLength(3);
    } finally {
      await ctx.store.close();
    }
  });
});
