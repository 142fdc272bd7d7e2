import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/config/load.js';
import { resolveSubscribers } from '../../src/config/subscribers.js';
import {
  DEFAULT_WATCHLIST_PATH,
  hashWatchlistText,
  loadWatchlist,
  parseWatchlist,
} from '../../src/config/watchlist.js';
import { ConfigError } from '../../src/errors.js';

const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('config', () => {
  it('uses the embedded defaults when there is no config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-config-'));
    const loaded = loadConfig({ cwd: dir });
    expect(loaded.file).toBeNull();
    expect(loaded.config.baseline).toBe('2024-01-01');
    expect(loaded.config.sources).toEqual([{ type: 'folder', path: join(dir, 'feeds') }]);
    expect(loaded.config.store).toEqual({ driver: 'sqlite', path: join(dir, 'data/stancewatch.db') });
    expect(loaded.config.mail.smtp).toBeUndefined();
    expect(loaded.config.lists.map((l) => l.id)).toEqual(['sample']);
  });

  it('the example config is valid and matches the defaults it documents', () => {
    const loaded = loadConfig({ path: 'stancewatch.config.example.yaml' });
    const defaults = loadConfig({ cwd: mkdtempSync(join(tmpdir(), 'sw-config-')) });
    expect(loaded.config.baseline).toBe(defaults.config.baseline);
    expect(loaded.config.ingest).toEqual(defaults.config.ingest);
    expect(loaded.config.mail.retry).toEqual(defaults.config.mail.retry);
  });

  it('reports every problem at once as path: message (expected …, received …)', () => {
    const problems = problemsOf(() =>
      parseConfig(
        [
          'baseline: 24-01-2024',
          'sources: [{ type: ftp, path: x }]',
          'lists:',
          '  - id: Bad List',
          '    name: x',
          '    subscribers: [not-an-email]',
          '    timeZone: Mars/Olympus',
          '    schedule: "every day"',
          'mail: { smtp: { host: smtp.example.org, port: 99999 } }',
        ].join('\n'),
        'cfg.yaml',
        '/tmp',
      ),
    );
    const text = problems.join('\n');
    expect(text).toMatch(/^baseline: .*YYYY-MM-DD/m);
    expect(text).toMatch(/^sources\[0\]\.type: /m);
    expect(text).toMatch(/^lists\[0\]\.id: /m);
    expect(text).toMatch(/^lists\[0\]\.subscribers\[0\]/m);
    expect(text).toMatch(/^lists\[0\]\.timeZone: .*IANA/m);
    expect(text).toMatch(/^lists\[0\]\.schedule: .*cron/m);
    expect(text).toMatch(/^mail\.smtp\.port: /m);
    expect(text).toMatch(/received/);
  });

  it('refuses secrets written into the file', () => {
    const problems = problemsOf(() =>
      parseConfig('mail: { smtp: { host: h, password: hunter2 } }', 'cfg.yaml', '/tmp'),
    );
    expect(problems.join('\n')).toMatch(/mail\.smtp\.password: secrets are not read from the config file/);
    expect(problems.join('\n')).not.toMatch(/hunter2/);
  });

  it('rejects unknown keys and duplicate list ids', () => {
    const problems = problemsOf(() =>
      parseConfig(
        'colour: blue\nlists: [{ id: a, name: A, subscribers: [a@x.org] }, { id: a, name: B, subscribers: [b@x.org] }]',
        'cfg.yaml',
        '/tmp',
      ),
    );
    expect(problems.join('\n')).toMatch(/colour/);
    const dup = problemsOf(() =>
      parseConfig(
        'lists: [{ id: a, name: A, subscribers: [a@x.org] }, { id: a, name: B, subscribers: [b@x.org] }]',
        'cfg.yaml',
        '/tmp',
      ),
    );
    expect(dup.join('\n')).toMatch(/lists\[1\]\.id: duplicate list id "a"/);
  });

  it('names the file for YAML syntax errors', () => {
    try {
      parseConfig('lists: [unclosed', 'mine.yaml', '/tmp');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(/mine\.yaml/);
    }
  });
});

describe('subscribers', () => {
  it('reports invalid and duplicate addresses with file and line, and keeps the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-subs-'));
    const csv = join(dir, 'subs.csv');
    writeFileSync(
      csv,
      'email,name\nana@example.org,Ana\n\nnot-an-address,Bob\nANA@example.org,Ana again\ncy@example.org,\n',
    );
    const loaded = parseConfig(
      `lists: [{ id: l, name: L, subscribers: [ana@example.org, { email: dee@example.org, name: Dee }], subscribersFile: subs.csv }]`,
      'cfg.yaml',
      dir,
    );
    const list = loaded.config.lists[0]!;
    const { recipients, problems } = resolveSubscribers(list, 'cfg.yaml');
    expect(recipients.map((r) => r.email)).toEqual(['ana@example.org', 'dee@example.org', 'cy@example.org']);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/subs\.csv:2: duplicate subscriber ana@example\.org/);
    expect(problems[1]).toMatch(/subs\.csv:4: invalid email address "not-an-address"/);
    expect(problems[2]).toMatch(/subs\.csv:5: duplicate subscriber ANA@example\.org/);
  });
});

describe('watchlist', () => {
  it('the bundled watchlist has the actors and topics the digest and evaluation sets use', () => {
    const w = loadWatchlist();
    const actors = w.actors.map((a) => a.id);
    for (const id of [
      'russia',
      'ukraine',
      'united-states',
      'european-union',
      'nato',
      'united-kingdom',
      'germany',
      'france',
      'poland',
      'estonia',
      'china',
      'turkey',
    ]) {
      expect(actors).toContain(id);
    }
    const topics = w.topics.map((t) => t.id);
    for (const id of [
      'peace-talks',
      'territory',
      'nato-membership',
      'ceasefire',
      'security-guarantees',
      'sanctions',
      'frozen-assets',
      'military-aid',
      'elections',
    ]) {
      expect(topics).toContain(id);
    }
  });

  it('accepts the minimal JSON shape of another domain and reports bad entries by path', () => {
    const w = parseWatchlist(
      '{"actors": [{"id": "china", "name": "China", "aliases": ["Beijing"]}], "topics": [{"id": "tariffs", "name": "Tariffs", "description": "x", "phrases": ["tariff"]}]}',
      'w.json',
    );
    expect(w.topics[0]?.id).toBe('tariffs');
    const problems = problemsOf(() =>
      parseWatchlist(
        'actors: [{ id: "Bad Id", name: x }]\ntopics: [{ id: t, name: T, phrases: [] }]',
        'w.yaml',
      ),
    );
    expect(problems.join('\n')).toMatch(/actors\[0\]\.id: /);
    expect(problems.join('\n')).toMatch(/topics\[0\]\.phrases: /);
  });

  describe('build snapshot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-snap-'));
    const file = join(dir, 'watchlist.yaml');
    const snapshot = join(dir, 'snapshot.json');
    const yamlText =
      'actors: [{ id: acme, name: Acme }]\ntopics: [{ id: pricing, name: Pricing, phrases: [price] }]\n';
    const fromSnapshot = {
      actors: [{ id: 'acme', name: 'Acme (snapshot)', aliases: [] }],
      topics: [{ id: 'pricing', name: 'Pricing', description: '', phrases: ['price'] }],
    };

    it('is used only for the very text it was made from', () => {
      writeFileSync(file, yamlText);
      writeFileSync(
        snapshot,
        JSON.stringify({ sha256: hashWatchlistText(yamlText), watchlist: fromSnapshot }),
      );
      expect(loadWatchlist(file, snapshot).actors[0]?.name).toBe('Acme (snapshot)');
      // Edited after the build: the file itself is parsed.
      writeFileSync(file, yamlText.replace('name: Acme', 'name: Acme Inc'));
      expect(loadWatchlist(file, snapshot).actors[0]?.name).toBe('Acme Inc');
    });

    it('falls back to the file when the snapshot is missing, corrupt or invalid', () => {
      writeFileSync(file, yamlText);
      expect(loadWatchlist(file, join(dir, 'missing.json')).actors[0]?.name).toBe('Acme');
      writeFileSync(snapshot, '{ not json');
      expect(loadWatchlist(file, snapshot).actors[0]?.name).toBe('Acme');
      writeFileSync(
        snapshot,
        JSON.stringify({ sha256: hashWatchlistText(yamlText), watchlist: { actors: 3 } }),
      );
      expect(loadWatchlist(file, snapshot).actors[0]?.name).toBe('Acme');
    });

    // After `npm run build` (run by `npm install`); a watchlist.yaml edited since then is parsed instead.
    it('the snapshot the build wrote equals the parsed default watchlist', () => {
      const built = join(process.cwd(), 'dist', 'watchlist.snapshot.json');
      const text = readFileSync(DEFAULT_WATCHLIST_PATH, 'utf8');
      expect(loadWatchlist(DEFAULT_WATCHLIST_PATH, built)).toEqual(
        parseWatchlist(text, DEFAULT_WATCHLIST_PATH),
      );
    });
  });
});
