// The contract of the web records (WebStore): every adapter runs it beside runStoreContract.
import { describe, expect, it } from 'vitest';
import type { StoreHarness } from './contract.js';

const list = {
  id: 'briefing',
  name: 'Briefing',
  filters: { actors: ['germany'], topics: [], kinds: ['reversed'] },
  format: 'html+text' as const,
  timeZone: 'Europe/Berlin',
  schedule: '0 7 * * 1-5',
  sendEmpty: false,
  archive: 'public' as const,
  signup: true,
};

export function runWebStoreContract(name: string, harness: StoreHarness): void {
  describe(`${name} store: web records`, () => {
    let clock = new Date('2026-03-01T10:00:00Z');
    const now = () => clock;

    it('creates, edits and deletes a browser list with its subscribers and preferences', async () => {
      const store = await harness.open(now);
      const created = await store.saveWebList(list);
      expect(created).toMatchObject({ ...list, createdAt: clock.toISOString() });
      clock = new Date('2026-03-02T10:00:00Z');
      const edited = await store.saveWebList({ ...list, name: 'Morning briefing' });
      expect(edited.name).toBe('Morning briefing');
      expect(edited.createdAt).toBe('2026-03-01T10:00:00.000Z');
      expect(edited.updatedAt).toBe('2026-03-02T10:00:00.000Z');
      expect((await store.listWebLists()).map((l) => l.id)).toEqual(['briefing']);
      await store.addSubscriber({
        listId: 'briefing',
        email: 'A@Example.org',
        name: 'A',
        status: 'confirmed',
      });
      await store.putPreferences({
        listId: 'briefing',
        email: 'a@example.org',
        actors: [],
        topics: ['x'],
        frequency: 'weekly',
      });
      expect(await store.deleteWebList('briefing')).toBe(true);
      expect(await store.getWebList('briefing')).toBeNull();
      expect(await store.listSubscribers('briefing')).toEqual([]);
      expect(await store.getPreferences('briefing', 'a@example.org')).toBeNull();
      expect(await store.deleteWebList('briefing')).toBe(false);
      await store.close();
    });

    it('keeps subscribers pending until confirmed, never demotes a confirmed one', async () => {
      const store = await harness.open(now);
      const pending = await store.addSubscriber({
        listId: 'l',
        email: ' Reader@Example.org ',
        name: null,
        status: 'pending',
      });
      expect(pending).toMatchObject({ email: 'reader@example.org', status: 'pending', confirmedAt: null });
      expect(await store.listSubscribers('l', { status: 'confirmed' })).toEqual([]);
      expect(await store.confirmSubscriber('l', 'READER@example.org')).toBe(true);
      const again = await store.addSubscriber({
        listId: 'l',
        email: 'reader@example.org',
        name: 'Reader',
        status: 'pending',
      });
      expect(again).toMatchObject({ status: 'confirmed', name: 'Reader' });
      expect(await store.confirmSubscriber('l', 'nobody@example.org')).toBe(false);
      expect((await store.listSubscribers('l', { status: 'confirmed' })).map((s) => s.email)).toEqual([
        'reader@example.org',
      ]);
      expect(await store.removeSubscriber('l', 'Reader@example.org')).toBe(true);
      expect(await store.listSubscribers('l')).toEqual([]);
      await store.close();
    });

    it('lifts a list suppression but not the one for every list', async () => {
      const store = await harness.open(now);
      await store.addSuppression({ email: 'x@example.org', listId: 'l', reason: 'one-click' });
      await store.addSuppression({ email: 'y@example.org', listId: null, reason: 'bounce' });
      expect(await store.removeSuppression('X@example.org', 'l')).toBe(true);
      expect(await store.isSuppressed('x@example.org', 'l')).toBe(false);
      expect(await store.removeSuppression('y@example.org', 'l')).toBe(false);
      expect(await store.isSuppressed('y@example.org', 'l')).toBe(true);
      await store.close();
    });

    it('stores preferences per list and address, replacing them on save', async () => {
      const store = await harness.open(now);
      const p = {
        listId: 'l',
        email: 'R@example.org',
        actors: ['a'],
        topics: [],
        frequency: 'every' as const,
      };
      await store.putPreferences(p);
      const replaced = await store.putPreferences({ ...p, actors: ['b', 'c'], frequency: 'weekly' });
      expect(replaced).toMatchObject({ email: 'r@example.org', actors: ['b', 'c'], frequency: 'weekly' });
      expect(await store.getPreferences('other', 'r@example.org')).toBeNull();
      expect(await store.listPreferences('l')).toHaveLength(1);
      await store.close();
    });

    it('archives the first copy of a digest and lists a list newest first; it survives a reopen', async () => {
      const store = await harness.open(now);
      clock = new Date('2026-03-01T10:00:00Z');
      await store.archiveDigest({
        digestId: 'l-1',
        listId: 'l',
        subject: 'one',
        html: '<p>1</p>',
        text: '1',
      });
      clock = new Date('2026-03-02T10:00:00Z');
      await store.archiveDigest({ digestId: 'l-2', listId: 'l', subject: 'two', html: null, text: '2' });
      await store.archiveDigest({ digestId: 'l-1', listId: 'l', subject: 'changed', html: null, text: 'x' });
      await store.close();
      const again = await harness.reopen(now);
      expect(await again.getArchivedDigest('l-1')).toMatchObject({ subject: 'one', html: '<p>1</p>' });
      expect((await again.listArchivedDigests('l')).map((d) => d.digestId)).toEqual(['l-2', 'l-1']);
      expect(await again.listArchivedDigests('l', { limit: 1 })).toHaveLength(1);
      expect(await again.getArchivedDigest('nope')).toBeNull();
      await again.close();
    });

    it('finds a session until it expires or is deleted', async () => {
      const store = await harness.open(now);
      clock = new Date('2026-03-01T10:00:00Z');
      const s = {
        idHash: 'h1',
        user: 'ana',
        createdAt: clock.toISOString(),
        expiresAt: '2026-03-01T22:00:00.000Z',
      };
      await store.createSession(s);
      expect(await store.getSession('h1')).toEqual(s);
      clock = new Date('2026-03-01T23:00:00Z');
      expect(await store.getSession('h1')).toBeNull();
      clock = new Date('2026-03-01T10:00:00Z');
      await store.createSession({ ...s, idHash: 'h2' });
      await store.deleteSession('h2');
      expect(await store.getSession('h2')).toBeNull();
      expect(await store.getSession('unknown')).toBeNull();
      await store.close();
    });
  });
}
