// Resolves a list's subscribers: inline entries plus an optional CSV file. Invalid addresses and
// duplicates are reported with their file and line, and left out; the rest of the list still gets mail.
import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import type { SubscriberList } from './schema.js';

export interface Recipient {
  email: string;
  name: string | null;
}

export interface ResolvedSubscribers {
  recipients: Recipient[];
  problems: string[];
}

const Email = z.email();
// A CR or LF in a name would end the To header and start one of the writer's choosing.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

type Add = (email: string, name: string | null, where: string) => void;

/** A validating collector: bad addresses and repeats become problems naming where they were found. */
function collector(): { add: Add; result: ResolvedSubscribers } {
  const result: ResolvedSubscribers = { recipients: [], problems: [] };
  const seen = new Map<string, string>();
  const add: Add = (email, name, where) => {
    const clean = email.trim();
    if (!Email.safeParse(clean).success) {
      result.problems.push(`${where}: invalid email address ${JSON.stringify(clean)} (expected name@domain)`);
      return;
    }
    const key = clean.toLowerCase();
    const first = seen.get(key);
    if (first) {
      result.problems.push(`${where}: duplicate subscriber ${clean} (already listed at ${first})`);
      return;
    }
    if (name && CONTROL.test(name)) {
      result.problems.push(
        `${where}: name of ${clean} contains a line break or control character (expected plain text, received ${JSON.stringify(name)})`,
      );
      return;
    }
    seen.set(key, where);
    result.recipients.push({ email: clean, name: name?.trim() || null });
  };
  return { add, result };
}

export function resolveSubscribers(list: SubscriberList, configFile: string): ResolvedSubscribers {
  const { add, result } = collector();
  list.subscribers.forEach((s, i) => {
    const where = `${configFile}: lists.${list.id}.subscribers[${i}]`;
    if (typeof s === 'string') add(s, null, where);
    else add(s.email, s.name ?? null, where);
  });
  if (list.subscribersFile) {
    const file = list.subscribersFile;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      result.problems.push(
        `${file}: cannot read subscribers file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
      return result;
    }
    readCsv(text, file, add, result.problems);
  }
  return result;
}

/** Subscribers from CSV text (an `email` column and an optional `name` column, or email,name without a header). */
export function parseSubscribersCsv(text: string, file: string): ResolvedSubscribers {
  const { add, result } = collector();
  readCsv(text, file, add, result.problems);
  return result;
}

function readCsv(text: string, file: string, add: Add, problems: string[]): void {
  let rows: string[][];
  try {
    rows = parseCsv(text, {
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      bom: true,
    }) as string[][];
  } catch (error) {
    problems.push(`${file}: not valid CSV (${(error as Error).message})`);
    return;
  }
  const header = (rows[0] ?? []).map((h) => h.toLowerCase());
  const hasHeader = header.includes('email');
  const emailCol = hasHeader ? header.indexOf('email') : 0;
  const nameCol = hasHeader ? header.indexOf('name') : 1;
  // csv-parse with skip_empty_lines loses line numbers; recount them from the text so messages point right.
  const lineNumbers = text.split(/\r?\n/).flatMap((l, i) => (l.trim() ? [i + 1] : []));
  rows.forEach((row, i) => {
    if (i === 0 && hasHeader) return;
    const email = row[emailCol] ?? '';
    const name = nameCol >= 0 ? (row[nameCol] ?? null) : null;
    add(email, name, `${file}:${lineNumbers[i] ?? i + 1}`);
  });
}
