// The digest an analyst reads, built from a real SQLite store through the pipeline's own composer: trust
// first (weak reversals only as "possible"), the why line, the dated path, "per" for relayed positions,
// the new-voice window, one card per sentence, grouping and caps, outlets without debris, and the
// articles that gave no position.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubscriberList } from '../../src/config/schema.js';
import { renderDigest } from '../../src/digest/render.js';
import { silentLogger } from '../../src/log.js';
import type { ParsedArticle, Polarity, Position, Reported } from '../../src/model.js';
import { openContext, type PipelineContext } from '../../src/pipeline/context.js';
import { composeDigestModel } from '../../src/pipeline/digest.js';

const NOW = new Date('2026-03-01T08:00:00Z');
const PUBLIC_URL = 'https://digest.example.org/';

interface Said {
  actor: string;
  topic: string;
  polarity: Polarity;
  evidence: string;
  speaker?: string;
  reported?: Reported;
  relayer?: string | null;
  confidence?: number;
}

let n = 0;
function article(
  published: string,
  said: Said[],
  over: Partial<ParsedArticle> = {},
): [ParsedArticle, { attributions: []; positions: Position[] }] {
  n++;
  const body = said.map((s) => s.evidence).join('\n\n') || `Article ${n} has no statement.`;
  const parsed: ParsedArticle = {
    file: `/fixtures/article-${n}.txt`,
    entry: 0,
    format: 'txt',
    url: `https://wire.example/story-${n}`,
    title: `Story ${n}`,
    source: 'Wire',
    byline: null,
    published,
    datePrecision: published.length === 10 ? 'day' : published.length === 7 ? 'month' : 'year',
    body,
    offsets: [{ body: 0, file: 0, length: body.length }],
    contentHash: `hash-${n}`,
    warnings: [],
    ...over,
  };
  const positions = said.map((s): Position => {
    const start = body.indexOf(s.evidence);
    return {
      actor: s.actor,
      speaker: s.speaker ?? `${s.actor} spokesperson`,
      role: null,
      topic: s.topic,
      polarity: s.polarity,
      claim: s.evidence,
      evidence: { start, end: start + s.evidence.length, text: s.evidence },
      reported: s.reported ?? 'direct',
      relayer: s.relayer ?? null,
      confidence: s.confidence ?? 0.85,
      via: 'direct-quote',
    };
  });
  return [parsed, { attributions: [], positions }];
}

const us = (polarity: Polarity, evidence: string, extra: Partial<Said> = {}): Said => ({
  actor: 'united-states',
  topic: 'peace-talks',
  polarity,
  evidence,
  speaker: 'State Department',
  ...extra,
});

// The United States on peace talks: eight dated points from January 2024 to February 2026, the last
// one backed by two articles, the first of them relayed by a Ukrainian speaker.
const US_PATH: Array<[string, Polarity]> = [
  ['2024-01-15', 'opposes'],
  ['2024-04-02', 'opposes'],
  ['2024-07-09', 'conditional'],
  ['2024-10-21', 'opposes'],
  ['2025-01-30', 'opposes'],
  ['2025-05-12', 'conditional'],
  ['2025-09-03', 'opposes'],
];

const FIXTURE = [
  ...US_PATH.map(([date, polarity], i) => article(date, [us(polarity, `US point ${i + 1} on the talks.`)])),
  article('2026-02-10', [
    us('supports', 'Zelensky said Washington now wants the talks finished by June.', {
      speaker: 'United States',
      reported: 'relayed',
      relayer: 'Volodymyr Zelensky',
      confidence: 0.6,
    }),
  ]),
  article(
    '2026-02-10',
    [us('supports', 'US envoys said a deal by June is the aim.', { reported: 'indirect', confidence: 0.7 })],
    {
      source: '© 2026 Harbour Post Media. All rights reserved.',
    },
  ),
  // A weak reversal: alleged, then headline-only.
  article('2024-02-01', [
    {
      actor: 'russia',
      topic: 'sanctions',
      polarity: 'opposes',
      evidence: 'Moscow allegedly wants the sanctions gone.',
      reported: 'alleged',
      confidence: 0.4,
    },
  ]),
  article('2026-02-12', [
    {
      actor: 'russia',
      topic: 'sanctions',
      polarity: 'supports',
      evidence: 'Russia backs sanctions on smugglers, headline says.',
      confidence: 0.45,
    },
  ]),
  // Baseline-era single statements: one sentence, two topics, nothing since.
  article('2024-01-20', [
    {
      actor: 'ukraine',
      topic: 'territory',
      polarity: 'opposes',
      evidence: 'Kyiv will cede no land for talks.',
    },
    {
      actor: 'ukraine',
      topic: 'peace-talks',
      polarity: 'conditional',
      evidence: 'Kyiv will cede no land for talks.',
    },
  ]),
  // New voices in the window: one sentence giving two topics, a relayed position, a plain one.
  article('2026-02-15', [
    {
      actor: 'estonia',
      topic: 'peace-talks',
      polarity: 'opposes',
      evidence: 'Tallinn calls the talks a stalling trick and wants more pressure.',
    },
    {
      actor: 'estonia',
      topic: 'sanctions',
      polarity: 'supports',
      evidence: 'Tallinn calls the talks a stalling trick and wants more pressure.',
    },
  ]),
  article('2026-02-20', [
    {
      actor: 'russia',
      topic: 'territory',
      polarity: 'supports',
      evidence: 'Zelensky said Moscow still demands all of Donetsk.',
      speaker: 'Russia',
      reported: 'relayed',
      relayer: 'Volodymyr Zelensky',
      confidence: 0.6,
    },
  ]),
  article('2026-02-21', [
    {
      actor: 'germany',
      topic: 'military-aid',
      polarity: 'supports',
      evidence: 'Berlin will send more air defence.',
    },
  ]),
  // Read, but nobody took a position in it.
  article('2026-02-22', [], {
    title: 'Markets calm after the summit',
    source: 'Copyright 2026 Daily Ledger',
    url: null,
  }),
];

let ctx: PipelineContext;
const list = (over: Record<string, unknown> = {}) =>
  SubscriberList.parse({ id: 'desk', name: 'Desk', subscribers: ['a@example.org'], ...over });
const model = (over: Record<string, unknown> = {}, options: Parameters<typeof composeDigestModel>[2] = {}) =>
  composeDigestModel(ctx, list(over), options);

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sw-digest-'));
  const config = join(dir, 'stancewatch.config.yaml');
  writeFileSync(
    config,
    [
      'sources: []',
      'store: { driver: sqlite, path: store.db }',
      `mail: { publicUrl: "${PUBLIC_URL}" }`,
      'lists: [{ id: desk, name: Desk, subscribers: [a@example.org] }]',
      '',
    ].join('\n'),
  );
  ctx = await openContext({ config, logger: silentLogger, now: () => NOW });
  for (const [parsed, extraction] of FIXTURE) await ctx.store.saveArticle(parsed, extraction);
});
afterAll(async () => {
  await ctx.store.close();
});

describe('digest from a fixture store', () => {
  it('keeps a low-confidence reversal out of the subject and under "Possible changes"', async () => {
    const m = await model();
    expect(m.subject).toMatch(/United States reversed on Peace talks/);
    expect(m.subject).not.toMatch(/Sanctions|possible/i);
    expect(m.changed.map((c) => c.title)).toEqual(['United States on Peace talks']);
    expect(m.possible.map((c) => c.title)).toEqual(['Russia on Sanctions on Russia']);
    const r = renderDigest(m, { format: 'html+text' });
    expect(r.text).toContain('POSSIBLE CHANGES — CHECK THE EVIDENCE (1)');
    expect(r.html).toContain('Possible changes — check the evidence (1)');
    expect(r.text).toMatch(/Russia on Sanctions on Russia: Possible reversal/);
    // A stricter list moves the US reversal (its newest end is at most 0.7) down too.
    const strict = await model({ minConfidence: 0.75 });
    expect(strict.changed).toEqual([]);
    expect(strict.possible.map((c) => c.title)).toContain('United States on Peace talks');
    expect(strict.subject).not.toMatch(/reversed/);
  });

  it('says in one line why each change was called one', async () => {
    const m = await model();
    const usCard = m.changed[0]!;
    expect(usCard.why).toBe(
      'direct quote → relayed, per Volodymyr Zelensky · 9 sources · Jan 2024 → Feb 2026 · 8 dated points',
    );
    expect(m.possible[0]!.why).toMatch(
      /^alleged by unnamed sources → direct quote · 2 sources · Feb 2024 → Feb 2026 · confidence 0\.40, below the list's 0\.60$/,
    );
  });

  it('shows every dated point in order, the long middle shortened, and says how', async () => {
    const m = await model();
    const card = m.changed[0]!;
    const b = card.between!;
    // Then, the points in between (first and latest two of six) and now.
    const shown = [card.before!, ...b.points, ...b.tail, card.after].map((p) => p.published);
    expect(shown).toEqual(['2024-01-15', '2024-04-02', '2025-05-12', '2025-09-03', '2026-02-10']);
    expect(b.omitted).toEqual({
      count: 3,
      from: 'Jul 2024',
      to: 'Jan 2025',
      stances: 'dismisses the talks (2), talks only on conditions (1)',
    });
    expect(card.after.sources).toBe(2);
    // The whole path stays on the change: every dated point, oldest first.
    expect(card.changes[0]!.timeline.map((p) => p.published)).toEqual([
      ...US_PATH.map(([d]) => d),
      '2026-02-10',
    ]);
    const r = renderDigest(m, { format: 'html+text' });
    const text = r.text.replace(/\s+/g, ' ');
    expect(text).toContain(
      '- ... 3 more points, Jul 2024 - Jan 2025: dismisses the talks (2), talks only on conditions (1); shortened, the first and the latest 2 are shown',
    );
    const order = [
      'THEN 15 January 2024',
      '- 2 April 2024',
      '- 12 May 2025',
      '- 3 September 2025',
      'NOW 10 February 2026',
    ].map((d) => text.indexOf(d));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    expect(text).toMatch(/NOW 10 February 2026: United States, per Volodymyr Zelensky, wants talks now/);
    const html = (r.html ?? '').replace(/\s+/g, ' ');
    expect(html).toContain('Now · 10 February 2026 · relayed · 2 sources');
    expect(html).toContain(
      '… 3 more points, Jul 2024 – Jan 2025: dismisses the talks (2), talks only on conditions (1); shortened',
    );
    // A short path has no "in between": then and now are all of it.
    expect(m.possible[0]!.between).toBeNull();
  });

  it('marks a relayed position "per" its relayer, in both parts, with the topic\'s own stance words', async () => {
    const m = await model();
    const land = m.newVoices.find((c) => c.title === 'Russia on Territory')!;
    expect(land.after.stances[0]!.label).toBe('wants Ukraine to cede land');
    const r = renderDigest(m, { format: 'html+text' });
    for (const part of [r.text, r.html ?? '']) {
      const flat = part.replace(/\s+/g, ' ');
      expect(flat).toContain('Russia, per Volodymyr Zelensky');
      expect(flat).toContain('wants Ukraine to cede land');
    }
  });

  it('gives one card per sentence, and counts only what is news in the window as a new voice', async () => {
    const m = await model();
    expect(m.newVoices.map((c) => c.title)).toEqual([
      'Estonia on Peace talks and Sanctions on Russia',
      'Germany on Military aid to Ukraine',
      'Russia on Territory',
    ]);
    // Kyiv's January 2024 sentence (two topics, nothing since) is not news in March 2026.
    expect(m.leftOut).toBe(2);
    expect(JSON.stringify(m.sections)).not.toContain('Kyiv will cede no land');
    const text = renderDigest(m, { format: 'text' }).text;
    expect(text).toContain('2 positions stated only before 30 January 2026 (not news) left out.');
    // A wider one-off window (--new-within 3y) brings the baseline-era sentence back, as one card.
    const wide = await model({}, { newWithin: '3y' });
    expect(wide.newVoices.map((c) => c.title)).toContain('Ukraine on Peace talks and Territory');
    expect(wide.leftOut).toBe(0);
    // The list's own setting works the same way.
    expect((await model({ newWithin: '10d' })).newVoices.map((c) => c.actor)).toEqual(['germany', 'russia']);
  });

  it("uses the time since the previous digest as a scheduled digest's new-voice window", async () => {
    await ctx.store.recordDelivery({
      digestId: 'desk-earlier',
      listId: 'desk',
      recipient: 'a@example.org',
      status: 'sent',
      messageId: '<x@example.org>',
      response: '250 ok',
      path: null,
      nextAttemptAt: null,
      coveredUntil: '2000-01-01T00:00:00.000Z',
    });
    const m = await model({}, { scheduled: true });
    expect(m.newSince).toBe('2000-01-01');
    expect(m.newWindow).toBe('since the previous digest (1 January 2000)');
    expect(m.newVoices.map((c) => c.title)).toContain('Ukraine on Peace talks and Territory');
  });

  it('groups by actor or by topic and caps each section with "and N more" linking to the archive', async () => {
    const byKind = await model({ maxPerSection: 2 });
    const voices = byKind.sections.find((s) => s.id === 'new')!;
    expect([voices.cards.length, voices.more, voices.total]).toEqual([2, 1, 3]);
    const archive = `https://digest.example.org/archive/${byKind.id}`;
    expect(voices.moreUrl).toBe(archive);
    const r = renderDigest(byKind, { format: 'html+text' });
    expect(r.text).toContain(`... and 1 more: ${archive}#new`);
    expect(r.html).toContain(`and 1 more — <a href="${archive}#new"`);

    const byActor = await model({ groupBy: 'actor' });
    expect(byActor.sections.map((s) => s.title)).toEqual(['United States', 'Russia', 'Estonia', 'Germany']);
    expect(byActor.sections[1]!.cards.map((c) => c.badge)).toEqual(['Possible reversal', 'New voice']);
    const byTopic = await model({ groupBy: 'topic' });
    expect(byTopic.sections.map((s) => s.title)).toEqual([
      'Peace talks',
      'Sanctions on Russia',
      'Military aid to Ukraine',
      'Territory',
    ]);
    const html = renderDigest(byTopic, { format: 'html+text' }).html ?? '';
    expect(html).toMatch(/<h2[^>]*id="topic-territory"[^>]*>Territory \(1\)<\/h2>/);
  });

  it('links articles by URL, cleans outlet names and lists the article that gave no position', async () => {
    const m = await model();
    expect(m.silentArticles.map((a) => `${a.title} (${a.source})`)).toEqual([
      'Markets calm after the summit (Daily Ledger)',
    ]);
    const r = renderDigest(m, { format: 'html+text' });
    expect(r.text).toContain('NO POSITIONS FOUND IN 1 ARTICLE');
    expect(r.html).toContain('No positions found in 1 article: Markets calm after the summit (Daily Ledger)');
    expect(r.html).toContain('href="https://wire.example/story-9"');
    expect(r.html).toContain('Harbour Post Media');
    expect(r.html).not.toMatch(/©|All rights reserved|Copyright 2026/);
    expect(r.html).not.toContain('/fixtures/');
  });

  it('opens with a summary line (counts and the top three changes) that is also the preheader', async () => {
    const m = await model();
    expect(m.summary).toBe(
      '1 change, 1 possible change, 3 new voices: United States reversed on Peace talks; Estonia on Peace talks and Sanctions on Russia (new voice); Germany on Military aid to Ukraine (new voice).',
    );
    const r = renderDigest(m, { format: 'html+text' });
    expect(r.text.split('\n')[0]).toBe(
      '1 change, 1 possible change, 3 new voices: United States reversed on',
    );
    // The preheader is the first text in the body, hidden, so inbox previews show it.
    const body = (r.html ?? '').split(/<body[^>]*>/)[1]!;
    expect(
      body
        .replace(/<[^>]+>/g, '')
        .trim()
        .startsWith(m.summary),
    ).toBe(true);
  });
});
