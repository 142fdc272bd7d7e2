// Turns zod issues into the one-line form users read: `path: message (expected …, received …)`.
import type { z } from 'zod';

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v == null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '(root)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

/** One line per issue; `root` is the parsed input, used to say what was received. */
export function formatIssues(issues: ReadonlyArray<z.core.$ZodIssue>, root: unknown): string[] {
  return issues.map((issue) => {
    const received = describe(valueAt(root, issue.path));
    const expected = 'expected' in issue && typeof issue.expected === 'string' ? issue.expected : null;
    let message = issue.message;
    if (issue.code === 'invalid_type' && expected) message = `expected ${expected}, received ${received}`;
    else if (issue.code === 'unrecognized_keys')
      message = `unknown key(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    else if (!/received/.test(message)) message = `${message} (received ${received})`;
    return `${formatPath(issue.path)}: ${message}`;
  });
}
