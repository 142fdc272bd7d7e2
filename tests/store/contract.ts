// The Store contract: one suite every adapter must pass (SQLite now; Postgres runs the same suite).
import { describe, expect, it } from 'vitest';
import type { ParsedArticle, Position } from '../../src/model.js';
import type { Store } from '../../src/store/types.js';

export interface StoreHarness {
  /** A fresh, empty store whose clock the suite controls. */
  open(now: () => Date): Promise<Store>;
  /** The same database opened again (after close), to check persistence. */
  reopen(now: () => Date): Promise<Store>;
}

export function article(over: Partial<ParsedArticle> & { body: string }): ParsedArticle {
  return {
    file: 'feeds/a.txt',
    entry: 0,
    format: 'txt',
    url: null,
    title: 'A title',
    source: 'Example Wire',
    byline: null,
    published: '2024-01-26',
    datePrecision: 'day',
    offsets: [{ body: 0, file: 0, length: over.body.length }],
    contentHash: `hash:${over.body}`,
    warnings: [],
    ...over,
  };
}

export function position(over: Partial<Position> = {}): Position {
  return {
    actor: 'united-states',
    speaker: 'U.S. officials',
    role: null,
    topic: 'peace-talks',
    polarity: 'opposes',
    claim: 'skeptical of the talks',
    evidence: { start: 0, end: 10, text: 'They doubt' },
    reported: 'indirect',
    relayer: null,
    confidence: 0.6,
    via: 'reported-speech',
    ...over,
  };
}

export function runStoreContract(name: string, harness: StoreHarness): void {
  describe(`Store contract: ${name}`, () => {
    let clock = new Date('2026-01-01T00:00:00Z');
    const now = () => clock;
    const tick = (ms = 1000) => {
      clock = new Date(clock.getTime() + ms);
    };

    it('saves new articles, skips the same content under any name, versions a changed file', async () => {
      const store = await harness.open(now);
      const first = await store.saveArticle(article({ body: 'one' }), {
        attributions: [],
        positions: [position()],
      });
      expect(first).toMatchObject({ status: 'new', version: 1 });
      const again = await store.saveArticle(article({ body: 'one', file: 'feeds/copy.txt' }), {
        attributions: [],
        positions: [],
      });
      expect(again.status).toBe('unchanged');
      expect(again.reason).toContain('feeds/a.txt');
      expect(again.articleId).toBe(first.articleId);

      tick();
      const edited = await store.saveArticle(article({ body: 'one, edited' }), {
        attributions: [],
        positions: [position({ polarity: 'supports' })],
      });
      expect(edited).toMatchObject({ status: 'updated', version: 2 });
      const current = await store.listArticles();
      expect(current.map((a) => [a.file, a.version, a.positionCount])).toEqual([['feeds/a.txt', 2, 1]]);
      const all = await store.listArticles({ includeRetired: true });
      expect(all).toHaveLength(2);
      // The earlier version's positions no longer count, but are kept.
      expect((await store.listPositions()).map((p) => p.polarity)).toEqual(['supports']);
      expect(await store.listPositions({ includeRetired: true })).toHaveLength(2);
      // Same URL under another file name is the same article too.
      const byUrl = await store.saveArticle(
        article({ body: 'u1', file: 'x.html', url: 'https://ex.org/1' }),
        { attributions: [], positions: [] },
      );
      const byUrl2 = await store.saveArticle(
        article({ body: 'u2', file: 'y.html', url: 'https://ex.org/1' }),
        { attributions: [], positions: [] },
      );
      expect(byUrl.status).toBe('new');
      expect(byUrl2).toMatchObject({ status: 'updated', version: 2 });
      await store.close();
    });

    it('stamps stored-at strictly increasing even within one millisecond', async () => {
      const store = await harness.open(() => new Date('2026-02-01T00:00:00.000Z'));
      await store.saveArticle(article({ body: 'a', file: 'a' }), { attributions: [], positions: [] });
      await store.saveArticle(article({ body: 'b', file: 'b' }), { attributions: [], positions: [] });
      const [a, b] = await store.listArticles();
      expect(a && b && a.storedAt < b.storedAt).toBe(true);
      await store.close();
    });

    it('filters positions by actor, topic, since (any date precision) and stored-after; orders by date', async () => {
      const store = await harness.open(now);
      await store.saveArticle(
        article({ body: 'late', file: 'late', published: '2026', datePrecision: 'year' }),
        {
          attributions: [],
          positions: [position({ polarity: 'supports' }), position({ topic: 'sanctions', actor: 'poland' })],
        },
      );
      tick();
      await store.saveArticle(article({ body: 'early', file: 'early', published: '2024-01-26' }), {
        attributions: [],
        positions: [position()],
      });
      tick();
      await store.saveArticle(
        article({ body: 'old', file: 'old', published: '2023-05', datePrecision: 'month' }),
        { attributions: [], positions: [position()] },
      );
      await store.saveArticle(
        article({ body: 'undated', file: 'undated', published: null, datePrecision: 'unknown' }),
        {
          attributions: [],
          positions: [position()],
        },
      );
      const us = await store.listPositions({ actor: 'united-states', topic: 'peace-talks' });
      expect(us.map((p) => p.file)).toEqual(['old', 'early', 'late', 'undated']);
      const since = await store.listPositions({ since: '2024-01-01' });
      expect(since.map((p) => `${p.file}:${p.topic}`)).toEqual([
        'early:peace-talks',
        'late:peace-talks',
        'late:sanctions',
      ]);
      expect(since[0]).toMatchObject({
        published: '2024-01-26',
        datePrecision: 'day',
        title: 'A title',
        source: 'Example Wire',
      });
      expect((await store.listPositions({ since: '2026-06-01' })).map((p) => p.file)).toEqual([
        'late',
        'late',
      ]);
      const lateStored = (await store.listArticles()).find((a) => a.file === 'late')?.storedAt ?? '';
      expect(new Set((await store.listPositions({ storedAfter: lateStored })).map((p) => p.file))).toEqual(
        new Set(['early', 'old', 'undated']),
      );
      await store.close();
    });

    it('records runs newest first with counts', async () => {
      const store = await harness.open(now);
      const a = await store.startRun({
        kind: 'digest',
        listId: 'desk',
        scheduledFor: '2026-01-01T07:00:00.000Z',
      });
      const b = await store.startRun({ kind: 'ingest' });
      await store.finishRun(a, { status: 'ok', counts: { sent: 3 } });
      const runs = await store.listRuns();
      expect(runs.map((r) => r.id)).toEqual([b, a]);
      expect(runs[1]).toMatchObject({
        status: 'ok',
        counts: { sent: 3 },
        listId: 'desk',
        scheduledFor: '2026-01-01T07:00:00.000Z',
      });
      expect(await store.listRuns({ status: 'running' })).toHaveLength(1);
      expect(await store.listRuns({ listId: 'desk', kind: 'digest', limit: 1 })).toHaveLength(1);
      await store.close();
    });

    it('keeps one delivery record per digest and recipient, counting attempts', async () => {
      const store = await harness.open(now);
      const base = {
        digestId: 'd1',
        listId: 'desk',
        recipient: 'a@example.org',
        messageId: null,
        response: null,
        path: null,
        nextAttemptAt: null,
        coveredUntil: '2026-01-01T00:00:00.000Z',
      };
      await store.recordDelivery({ ...base, status: 'pending' });
      const failed = await store.recordDelivery({
        ...base,
        status: 'failed',
        response: '451 try later',
        nextAttemptAt: '2026-01-01T01:00:00.000Z',
      });
      expect(failed.attempts).toBe(1);
      const sent = await store.recordDelivery({
        ...base,
        status: 'sent',
        messageId: '<m@x>',
        response: '250 ok',
      });
      expect(sent).toMatchObject({ attempts: 2, status: 'sent', messageId: '<m@x>' });
      expect(await store.listDeliveries({ listId: 'desk' })).toHaveLength(1);
      expect(await store.getDelivery('d1', 'b@example.org')).toBeNull();
      expect(await store.lastDeliveredUntil('desk')).toBe('2026-01-01T00:00:00.000Z');
      expect(await store.lastDeliveredUntil('other')).toBeNull();
      await store.close();
    });

    it('suppresses an address on one list or on all lists', async () => {
      const store = await harness.open(now);
      await store.addSuppression({ email: 'A@Example.org', listId: 'desk', reason: 'unsubscribed' });
      expect(await store.isSuppressed('a@example.org', 'desk')).toBe(true);
      expect(await store.isSuppressed('a@example.org', 'other')).toBe(false);
      await store.addSuppression({ email: 'b@example.org', listId: null, reason: 'bounced' });
      expect(await store.isSuppressed('b@example.org', 'other')).toBe(true);
      expect((await store.listSuppressions()).map((s) => [s.email, s.listId])).toEqual([
        ['a@example.org', 'desk'],
        ['b@example.org', null],
      ]);
      await store.close();
    });

    it('keeps source state and hands a lease over only when it expires', async () => {
      const store = await harness.open(now);
      const state = {
        sourceId: 'wire',
        etag: '"x"',
        lastModified: null,
        lastFetchAt: clock.toISOString(),
        lastOkAt: null,
        errorCount: 2,
        lastError: 'HTTP 500',
        nextAttemptAt: null,
      };
      await store.putSourceState(state);
      expect(await store.getSourceState('wire')).toEqual(state);
      expect(await store.acquireLease('worker', 'a', 5000)).toBe(true);
      expect(await store.acquireLease('worker', 'b', 5000)).toBe(false);
      expect(await store.acquireLease('worker', 'a', 5000)).toBe(true);
      expect((await store.getLease('worker'))?.holder).toBe('a');
      tick(6000);
      expect(await store.acquireLease('worker', 'b', 5000)).toBe(true);
      await store.releaseLease('worker', 'b');
      expect(await store.getLease('worker')).toBeNull();
      await store.close();
    });

    it('claims a recipient only under a current fence, and never undoes a send', async () => {
      const store = await harness.open(now);
      const fence = await store.takeLease('list:desk', 'a', 5000);
      expect(fence).toEqual({ name: 'list:desk', holder: 'a', generation: 1 });
      const claim = {
        digestId: 'd1',
        listId: 'desk',
        recipient: 'r@example.org',
        messageId: null,
        coveredUntil: null,
        fence,
        claimer: 'a#1',
        inDoubtMs: 1000,
      };
      expect(await store.claimDelivery(claim)).toEqual({ ok: true });
      expect(await store.getDelivery('d1', 'r@example.org')).toMatchObject({ status: 'pending' });
      tick(6000);
      const next = await store.takeLease('list:desk', 'b', 5000);
      expect(next?.generation).toBe(2);
      expect(await store.claimDelivery({ ...claim, recipient: 's@example.org' })).toMatchObject({
        ok: false,
        reason: 'fenced',
      });
      const record = {
        digestId: 'd1',
        recipient: 'r@example.org',
        messageId: null,
        response: '250 OK',
        path: null,
        nextAttemptAt: null,
      };
      expect(await store.finishDelivery({ ...record, status: 'sent' }, 'a#1')).toBe(true);
      expect(await store.finishDelivery({ ...record, status: 'failed' }, 'a#1')).toBe(false);
      expect(await store.getDelivery('d1', 'r@example.org')).toMatchObject({ status: 'sent', attempts: 1 });
      await store.close();
    });

    it('records a bounce like a failure (never over a send), and adds many new ledger rows at once without touching existing ones', async () => {
      const store = await harness.open(now);
      const row = (recipient: string) => ({
        digestId: 'd2',
        listId: 'desk',
        recipient,
        status: 'pending' as const,
        messageId: null,
        response: null,
        path: null,
        nextAttemptAt: null,
        coveredUntil: null,
      });
      await store.recordDelivery({ ...row('old@example.org'), status: 'sent', response: '250 OK' });
      if (store.recordNewDeliveries) {
        const added = await store.recordNewDeliveries(
          ['old@example.org', 'a@example.org', 'b@example.org'].map(row),
        );
        expect(added).toBe(2);
        expect(await store.getDelivery('d2', 'old@example.org')).toMatchObject({
          status: 'sent',
          attempts: 1,
        });
        expect(await store.getDelivery('d2', 'a@example.org')).toMatchObject({
          status: 'pending',
          attempts: 0,
        });
      } else await store.recordDelivery(row('a@example.org'));
      const outcome = {
        digestId: 'd2',
        messageId: '<m@x>',
        path: null,
        nextAttemptAt: null,
        response: '550 no such user',
      };
      expect(
        await store.finishDelivery({ ...outcome, recipient: 'a@example.org', status: 'bounced' }, 'x'),
      ).toBe(true);
      expect(
        await store.finishDelivery({ ...outcome, recipient: 'old@example.org', status: 'bounced' }, 'x'),
      ).toBe(false);
      expect(await store.listDeliveries({ status: 'bounced' })).toEqual([
        expect.objectContaining({
          recipient: 'a@example.org',
          status: 'bounced',
          attempts: 1,
          nextAttemptAt: null,
        }),
      ]);
      await store.close();
    });

    it('claims batches of untouched recipients in the given order, under a fence, never one taken or finished', async () => {
      const store = await harness.open(now);
      const emails = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'].map((r) => `${r}@example.org`);
      const row = (recipient: string) => ({
        digestId: 'd3',
        listId: 'desk',
        recipient,
        status: 'pending' as const,
        messageId: null,
        response: null,
        path: null,
        nextAttemptAt: null,
        coveredUntil: null,
      });
      for (const e of emails) await store.recordDelivery(row(e));
      // r2 is claimed one by one by someone else, r4 failed, r6 is outside this sender's recipients.
      const single = { digestId: 'd3', listId: 'desk', messageId: null, coveredUntil: null, fence: null };
      await store.claimDelivery({
        ...single,
        recipient: 'r2@example.org',
        claimer: 'other#1',
        inDoubtMs: 60_000,
      });
      await store.finishDelivery(
        {
          digestId: 'd3',
          recipient: 'r4@example.org',
          status: 'failed',
          messageId: null,
          response: '451',
          path: null,
          nextAttemptAt: null,
        },
        'x',
      );
      const fence = await store.takeLease('sender:h', 'h', 5000);
      const batch = { digestId: 'd3', fence, claimer: 'helper:h#1', inDoubtMs: 60_000 };
      const order = ['r5', 'r1', 'r2', 'r3', 'r4'].map((r) => `${r}@example.org`);
      const first = await store.claimDeliveries({ ...batch, recipients: order, limit: 2 });
      expect(first).toEqual({
        ok: true,
        claimed: [
          { recipient: 'r5@example.org', messageId: null, attempts: 0 },
          { recipient: 'r1@example.org', messageId: null, attempts: 0 },
        ],
      });
      // Another sender's batch skips what the first took.
      const second = await store.claimDeliveries({
        ...batch,
        claimer: 'b#2',
        fence: null,
        recipients: order,
        limit: 5,
      });
      expect(second.ok && second.claimed.map((c) => c.recipient)).toEqual(['r3@example.org']);
      expect(await store.claimDeliveries({ ...batch, recipients: order, limit: 5 })).toEqual({
        ok: true,
        claimed: [],
      });
      // A batch claim is a claim: another single claim is in doubt, naming who holds it and until when.
      const doubt = await store.claimDelivery({
        ...single,
        recipient: 'r5@example.org',
        claimer: 'c#3',
        inDoubtMs: 1000,
      });
      expect(doubt).toMatchObject({ ok: false, reason: 'in-doubt', claimedBy: 'helper:h#1' });
      expect(doubt.ok ? null : doubt.until).toBe(new Date(clock.getTime() + 60_000).toISOString());
      // A claim never used is given back by its claimer only, and is then taken like an untouched row.
      expect(await store.releaseClaims('d3', ['r1@example.org', 'r3@example.org'], 'helper:h#1')).toBe(1);
      const again = await store.claimDeliveries({ ...batch, recipients: order, limit: 5 });
      expect(again.ok && again.claimed.map((c) => c.recipient)).toEqual(['r1@example.org']);
      // The fence: once the lease changed hands, no batch.
      await store.recordDelivery(row('r7@example.org'));
      tick(6000);
      await store.takeLease('sender:h', 'h2', 5000);
      const fenced = await store.claimDeliveries({ ...batch, recipients: ['r7@example.org'], limit: 5 });
      expect(fenced).toMatchObject({ ok: false, reason: 'fenced' });
      expect(fenced.ok ? '' : fenced.detail).toMatch(/held by h2 \(generation 2, ours was 1\)/);
      await store.close();
    });

    it('publishes open deliveries, one per list; only their holder withdraws them', async () => {
      const store = await harness.open(now);
      expect(await store.listOpenDeliveries()).toEqual([]);
      await store.openDelivery({ digestId: 'd1', listId: 'desk', holder: 'a', generation: 1 });
      tick();
      await store.openDelivery({ digestId: 'e1', listId: 'economy', holder: 'a', generation: 4 });
      const open = await store.listOpenDeliveries();
      expect(open.map((o) => [o.digestId, o.listId, o.holder, o.generation])).toEqual([
        ['d1', 'desk', 'a', 1],
        ['e1', 'economy', 'a', 4],
      ]);
      expect(open[0]?.openedAt).toBe(new Date(clock.getTime() - 1000).toISOString());
      await store.closeDelivery('d1', 'someone-else');
      expect(await store.listOpenDeliveries()).toHaveLength(2);
      await store.closeDelivery('d1', 'a');
      expect((await store.listOpenDeliveries()).map((o) => o.digestId)).toEqual(['e1']);
      // A new opening on a list replaces what a dead holder left open there.
      await store.openDelivery({ digestId: 'e2', listId: 'economy', holder: 'b', generation: 5 });
      expect((await store.listOpenDeliveries()).map((o) => [o.digestId, o.holder])).toEqual([['e2', 'b']]);
      await store.close();
    });

    it('finds stored content before extraction, as saveArticle would answer', async () => {
      const store = await harness.open(now);
      expect(await store.findSameContent(article({ body: 'x' }))).toBeNull();
      const saved = await store.saveArticle(article({ body: 'x' }), { attributions: [], positions: [] });
      expect(await store.findSameContent(article({ body: 'x' }))).toMatchObject({
        status: 'unchanged',
        articleId: saved.articleId,
        reason: 'already stored',
      });
      const copy = await store.findSameContent(article({ body: 'x', file: 'feeds/copy.txt' }));
      expect(copy?.reason).toContain('feeds/a.txt');
      tick();
      await store.saveArticle(article({ body: 'x, edited' }), { attributions: [], positions: [] });
      // The earlier text under another name is still known; the same file going back to it is new.
      expect((await store.findSameContent(article({ body: 'x', file: 'feeds/b.txt' })))?.status).toBe(
        'unchanged',
      );
      expect(await store.findSameContent(article({ body: 'x' }))).toBeNull();
      await store.close();
    });

    it('pages positions in storage order, filtered like listPositions', async () => {
      const store = await harness.open(now);
      for (let i = 0; i < 7; i++) {
        await store.saveArticle(article({ body: `p${i}`, file: `f${i}`, published: `2024-02-0${i + 1}` }), {
          attributions: [],
          positions: [position(), position({ actor: 'poland' })],
        });
      }
      const pages: number[] = [];
      const seen: string[] = [];
      for await (const page of store.pagePositions({ actor: 'poland', since: '2024-02-03', pageSize: 2 })) {
        pages.push(page.length);
        seen.push(...page.map((p) => p.file));
      }
      expect(seen).toEqual(['f2', 'f3', 'f4', 'f5', 'f6']);
      expect(Math.max(...pages)).toBeLessThanOrEqual(2);
      const listed = await store.listPositions({ actor: 'poland', since: '2024-02-03' });
      expect(listed.map((p) => p.file)).toEqual(seen);
      await store.close();
    });

    it('lists chosen articles and the newest stored, without bodies', async () => {
      const store = await harness.open(now);
      const ids: number[] = [];
      for (const name of ['a', 'b', 'c']) {
        tick();
        ids.push(
          (await store.saveArticle(article({ body: name, file: name }), { attributions: [], positions: [] }))
            .articleId,
        );
      }
      expect((await store.listArticles({ ids: [ids[2] ?? 0, ids[0] ?? 0] })).map((a) => a.file)).toEqual([
        'a',
        'c',
      ]);
      expect(await store.listArticles({ ids: [] })).toEqual([]);
      expect((await store.listArticles({ newest: 1 })).map((a) => a.file)).toEqual(['c']);
      expect(Object.keys((await store.listArticles())[0] ?? {})).not.toContain('body');
      await store.close();
    });

    it('lists the articles that gave no position, stored after a time', async () => {
      const store = await harness.open(now);
      tick();
      await store.saveArticle(article({ body: 'quiet early', file: 'q1' }), {
        attributions: [],
        positions: [],
      });
      tick();
      const cut = now().toISOString();
      tick();
      await store.saveArticle(article({ body: 'said', file: 's' }), {
        attributions: [],
        positions: [position()],
      });
      await store.saveArticle(article({ body: 'quiet late', file: 'q2' }), {
        attributions: [],
        positions: [],
      });
      expect((await store.listArticles({ silent: true })).map((a) => a.file)).toEqual(['q1', 'q2']);
      expect((await store.listArticles({ silent: true, storedAfter: cut })).map((a) => a.file)).toEqual([
        'q2',
      ]);
      expect(
        (await store.listArticles({ silent: true, ids: [(await store.listArticles())[0]?.id ?? 0] })).length,
      ).toBeLessThanOrEqual(1);
      await store.close();
    });

    it('marks a run abandoned once its process stops renewing it, not before', async () => {
      const store = await harness.open(now);
      const alive = await store.startRun({ kind: 'ingest', holder: 'host:1', ttlMs: 5000 });
      const legacy = await store.startRun({ kind: 'ingest' });
      expect((await store.abandonStaleRuns('gone')).map((r) => r.id)).toEqual([legacy]);
      tick(4000);
      await store.renewRun(alive, 5000);
      tick(4000);
      expect(await store.abandonStaleRuns('gone')).toEqual([]);
      tick(2000);
      const [stale] = await store.abandonStaleRuns('gone');
      expect(stale).toMatchObject({ id: alive, status: 'abandoned', holder: 'host:1', error: 'gone' });
      expect((await store.listRuns({ status: 'abandoned' })).map((r) => r.id).sort()).toEqual(
        [alive, legacy].sort(),
      );
      await store.close();
    });

    it('keeps everything across close and reopen', async () => {
      const store = await harness.open(now);
      await store.saveArticle(article({ body: 'kept' }), { attributions: [], positions: [position()] });
      await store.close();
      const again = await harness.reopen(now);
      expect((await again.listArticles()).map((a) => a.positionCount)).toEqual([1]);
      expect(await again.listPositions()).toHaveLength(1);
      await again.close();
    });

    it('round-trips every field of a position, relayer, confidence and extraction pass included', async () => {
      const store = await harness.open(now);
      const relayed = position({
        speaker: 'Volodymyr Zelensky',
        role: 'President of Ukraine',
        polarity: 'supports',
        claim: 'wants talks finished by June',
        evidence: {
          start: 0,
          end: 20,
          fragments: [
            { start: 0, end: 4 },
            { start: 9, end: 20 },
          ],
          text: 'U.S. is proposing',
        },
        reported: 'relayed',
        relayer: 'Volodymyr Zelensky',
        confidence: 0.35,
        via: 'relayed-speech',
      });
      const quoted = position({ reported: 'direct', relayer: null, confidence: 1, via: 'quote' });
      await store.saveArticle(article({ body: 'both' }), { attributions: [], positions: [relayed, quoted] });
      await store.close();
      const again = await harness.reopen(now);
      const stored = await again.listPositions();
      expect(stored).toHaveLength(2);
      expect(stored[0]).toMatchObject({ ...relayed, ordinal: 0 });
      expect(stored[1]).toMatchObject({ ...quoted, ordinal: 1 });
      expect(stored[1]?.relayer).toBeNull();
      expect(stored[0]?.confidence).toBe(0.35);
      await again.close();
    });
  });
}
