// Form input: zod schemas for what browsers post (checkboxes, repeated fields) and the field errors a
// form shows next to each input, worded like every other stancewatch input error.
import { z } from 'zod';
import { formatIssues } from '../config/issues.js';

/** A checkbox: present ("on") is true, absent is false. */
export const Checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());

/** A field that may be posted zero, one or many times (checkbox groups). */
export const many = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v == null || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item));

/** A trimmed text field; an empty one counts as absent. */
export const optionalText = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
  z.string().optional(),
);

export const EmailField = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : v),
  z.email({ error: 'expected an email address like name@example.org' }),
);

export type FieldErrors = Record<string, string>;

/** The first problem of each field, keyed by the field's name ("form" for the form as a whole). */
export function fieldErrors(error: z.ZodError, input: unknown): FieldErrors {
  const errors: FieldErrors = {};
  const lines = formatIssues(error.issues, input);
  error.issues.forEach((issue, i) => {
    const field = issue.path.length > 0 ? String(issue.path[0]) : 'form';
    const line = lines[i] ?? issue.message;
    errors[field] ??= line.slice(line.indexOf(': ') + 2);
  });
  return errors;
}

/** What a form posted, as plain strings (or arrays of them); anything else is dropped. */
export function formValues(body: unknown): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body)) {
      if (typeof v === 'string') values[k] = v;
      else if (Array.isArray(v)) values[k] = v.filter((x): x is string => typeof x === 'string');
    }
  }
  return values;
}
