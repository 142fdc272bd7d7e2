// Config faults (issue 13's matrix): header injection through names and the sender, a plain-http
// One-Click link, and what `config check` must catch before a run does: a source folder that is not
// there, an SMTP password variable that is unset, a DKIM key that cannot be read. Real files throughout.
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configCheckCommand } from '../../src/commands/config-check.js';
import { parseConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sw-config-faults-'));
  dirs.push(dir);
  return dir;
}

const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

/** Writes a config into a fresh folder and runs `config check` on it; returns its output or its problems. */
function check(yaml: string, env: NodeJS.ProcessEnv = {}, files: Record<string, string> = {}) {
  const dir = tmp();
  mkdirSync(join(dir, 'articles'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'stancewatch.config.yaml'), yaml);
  let out = '';
  try {
    configCheckCommand({
      config: join(dir, 'stancewatch.config.yaml'),
      logger: silentLogger,
      write: (s) => (out += s),
      env,
    });
    return { ok: true, out, problems: [] as string[] };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { ok: false, out, problems: error.issues };
  }
}

const base = `sources: [{ type: folder, path: articles }]
store: { driver: sqlite, path: sw.db }
`;

describe('config faults', () => {
  it('a CR or LF (or another control character) in mail.from, a list name or a subscriber name is an error naming the field', () => {
    const problems = problemsOf(() =>
      parseConfig(
        JSON.stringify({
          mail: { from: 'Desk <desk@news.example>\r\nBcc: victim@example.org' },
          lists: [
            {
              id: 'desk',
              name: 'Foreign\ndesk',
              subscribers: [
                'ok@example.org',
                { email: 'ana@example.org', name: 'Ana\r\nBcc: x@evil.example' },
              ],
            },
            { id: 'bell', name: 'Bell\u0007list', subscribers: [] },
          ],
        }),
        'cfg.yaml',
        '/tmp',
      ),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^mail\.from: expected text without line breaks or other control characters/),
      expect.stringMatching(/^lists\[0\]\.name: expected text without line breaks/),
      expect.stringMatching(/^lists\[0\]\.subscribers\[1\]\.name: expected text without line breaks/),
      expect.stringMatching(/^lists\[1\]\.name: expected text without line breaks/),
    ]);
  });

  it('a CR in a subscriber name from a subscribers file fails config check, naming file and line', () => {
    const result = check(
      `${base}lists:\n  - { id: desk, name: Desk, subscribersFile: people.csv }\n`,
      {},
      { 'people.csv': 'email,name\nok@example.org,Ok\nana@example.org,"Ana\rBcc: x@evil.example"\n' },
    );
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.stringMatching(
        /people\.csv:3: name of ana@example\.org contains a line break or control character/,
      ),
    ]);
  });

  it('an http publicUrl is an error (One-Click needs https), except on a loopback host', () => {
    expect(
      problemsOf(() => parseConfig('mail: { publicUrl: "http://watch.example/" }', 'cfg.yaml', '/tmp')),
    ).toEqual([expect.stringMatching(/^mail\.publicUrl: expected an https URL/)]);
    for (const ok of ['https://watch.example/', 'http://127.0.0.1:8080/', 'http://localhost:3000/'])
      expect(parseConfig(`mail: { publicUrl: "${ok}" }`, 'cfg.yaml', '/tmp').config.mail.publicUrl).toBe(ok);
  });

  it('config check fails, naming the variable, when the SMTP password variable it names is unset', () => {
    const yaml = `${base}mail:\n  smtp: { host: smtp.example.org, user: desk, passwordEnv: DESK_SMTP_PASSWORD }\n`;
    const unset = check(yaml, {});
    expect(unset.ok).toBe(false);
    expect(unset.problems).toEqual([
      'mail.smtp.passwordEnv: the environment variable DESK_SMTP_PASSWORD is not set (expected the SMTP password for user "desk")',
    ]);
    expect(check(yaml, { DESK_SMTP_PASSWORD: 'hunter2' }).ok).toBe(true);
  });

  it('config check fails, naming the source, when a source folder does not exist', () => {
    const result = check(
      `sources:\n  - { type: folder, path: articles }\n  - { type: folder, path: no-such-folder }\n`,
    );
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.stringMatching(
        /^sources\[1\]\.path: .*no-such-folder does not exist \(expected a folder or file of articles\)$/,
      ),
    ]);
  });

  it('DKIM: the key comes from a file or an environment variable, never inline; config check reads it', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const dkim = (key: string) =>
      `${base}mail:\n  dkim: { domainName: news.example, keySelector: sw1, ${key} }\n`;
    const fromFile = check(dkim('privateKeyFile: dkim.pem'), {}, { 'dkim.pem': pem });
    expect(fromFile.ok).toBe(true);
    expect(fromFile.out).toContain('DKIM sw1._domainkey.news.example');
    expect(check(dkim('privateKeyEnv: DKIM_KEY'), { DKIM_KEY: pem }).ok).toBe(true);
    expect(check(dkim('privateKeyEnv: DKIM_KEY')).problems).toEqual([
      'mail.dkim.privateKeyEnv: the environment variable DKIM_KEY is empty (expected a PEM private key)',
    ]);
    expect(check(dkim('privateKeyFile: missing.pem')).problems).toEqual([
      expect.stringMatching(/^mail\.dkim\.privateKeyFile: cannot read .*missing\.pem \(ENOENT/),
    ]);
    expect(check(dkim('privateKeyFile: dkim.pem'), {}, { 'dkim.pem': 'not a key' }).problems).toEqual([
      expect.stringMatching(/^mail\.dkim\.privateKeyFile: not a PEM private key/),
    ]);
    const inline = problemsOf(() =>
      parseConfig(dkim('privateKey: "-----BEGIN PRIVATE KEY-----"'), 'cfg.yaml', '/tmp'),
    );
    expect(inline).toHaveLength(2);
    expect(inline).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^mail\.dkim.*privateKey/),
        expect.stringMatching(/^mail\.dkim: expected exactly one of privateKeyFile or privateKeyEnv/),
      ]),
    );
  });
});
