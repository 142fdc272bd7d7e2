// Preferences applied to a list's recipients: narrowed digests, weekly readers held within the week.
import { describe, expect, it } from 'vitest';
import { SubscriberList } from '../../src/config/schema.js';
import { narrowFilters, planAudience } from '../../src/digest/audience.js';

const list = SubscriberList.parse({ id: 'l', name: 'L', filters: { actors: ['a', 'b'], topics: [] } });
const r = (email: string) => ({ email, name: null });
const prefs = (email: string, over: object) => ({
  listId: 'l',
  email,
  actors: [],
  topics: [],
  frequency: 'every' as const,
  updatedAt: '2026-01-01T00:00:00Z',
  ...over,
});
const now = new Date('2026-03-10T12:00:00Z');

describe('narrowFilters', () => {
  it('keeps only picks the list covers; a pick outside it leaves the list as it is', () => {
    expect(narrowFilters(list.filters, { actors: ['b', 'z'], topics: ['t'] })).toMatchObject({
      actors: ['b'],
      topics: ['t'],
    });
    expect(narrowFilters(list.filters, { actors: ['z'], topics: [] }).actors).toEqual(['a', 'b']);
  });
});

describe('planAudience', () => {
  it('gives readers without preferences the list digest and groups the same picks together', () => {
    const audience = planAudience({
      list,
      recipients: [r('plain@x.org'), r('P1@x.org'), r('p2@x.org'), r('all@x.org')],
      preferences: [
        prefs('p1@x.org', { topics: ['t'] }),
        prefs('p2@x.org', { topics: ['t'] }),
        prefs('all@x.org', { actors: ['a', 'b'] }),
      ],
      lastSent: new Map(),
      now,
    });
    expect(audience.groups[0]!.list).toBe(list);
    expect(audience.groups[0]!.recipients.map((x) => x.email)).toEqual(['plain@x.org', 'all@x.org']);
    expect(audience.groups).toHaveLength(2);
    expect(audience.groups[1]!.list.filters.topics).toEqual(['t']);
    expect(audience.groups[1]!.recipients.map((x) => x.email)).toEqual(['P1@x.org', 'p2@x.org']);
    expect(audience.held).toEqual([]);
  });

  it('holds a weekly reader served less than seven days ago, not one served earlier', () => {
    const audience = planAudience({
      list,
      recipients: [r('recent@x.org'), r('old@x.org')],
      preferences: [
        prefs('recent@x.org', { frequency: 'weekly' }),
        prefs('old@x.org', { frequency: 'weekly' }),
      ],
      lastSent: new Map([
        ['recent@x.org', '2026-03-05T12:00:00.000Z'],
        ['old@x.org', '2026-03-03T11:00:00.000Z'],
      ]),
      now,
    });
    expect(audience.held.map((x) => x.email)).toEqual(['recent@x.org']);
    expect(audience.groups[0]!.recipients.map((x) => x.email)).toEqual(['old@x.org']);
  });
});
