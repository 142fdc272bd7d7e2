// Rendering (pure apart from reading the templates once): a DigestModel becomes the text and HTML of
// an email. One isolated Handlebars instance holds the named helpers and partials; templates live in
// templates/ and are compiled once. Article text is only ever inserted with {{ }}, so it is escaped.
import { readFileSync, readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import juice from 'juice';
import type { RenderedDigest } from '../model.js';
import { PREFERENCES_PLACEHOLDER, UNSUBSCRIBE_PLACEHOLDER } from '../model.js';
import { HELPERS } from './helpers.js';
import type { DigestModel } from './model.js';

/** The package's templates/ folder (same relative place from src/ and dist/). */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

interface Compiled {
  html: Handlebars.TemplateDelegate;
  text: Handlebars.TemplateDelegate;
}

let compiled: Compiled | null = null;

/** Creates the digest's own Handlebars environment; nothing is registered on the global one. */
export function createDigestHandlebars(dir = TEMPLATES_DIR): typeof Handlebars {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(HELPERS)) {
    // Handlebars passes its options object last; the helpers take only the real arguments.
    hb.registerHelper(name, (...args: unknown[]) =>
      (fn as (...a: unknown[]) => unknown)(...args.slice(0, -1)),
    );
  }
  const partials = `${dir}partials/`;
  for (const file of readdirSync(partials).filter((f) => f.endsWith('.hbs'))) {
    hb.registerPartial(basename(file, '.hbs'), readFileSync(`${partials}${file}`, 'utf8'));
  }
  return hb;
}

function templates(): Compiled {
  if (!compiled) {
    const hb = createDigestHandlebars();
    // The text part is plain text, so HTML escaping would only garble quotes ("&quot;"); the HTML
    // part escapes everything inserted with {{ }}.
    const load = (name: string, noEscape: boolean) =>
      hb.compile(readFileSync(`${TEMPLATES_DIR}${name}`, 'utf8'), { noEscape });
    compiled = { html: load('digest.html.hbs', false), text: load('digest.txt.hbs', true) };
  }
  return compiled;
}

/**
 * Drops the templates' indentation and blank lines: every byte counts towards Gmail's 102 KB clip, and
 * a line break still separates what a space did (HTML treats both as one space).
 */
function compact(html: string): string {
  return html.replace(/\n[ \t]+/g, '\n').replace(/\n{2,}/g, '\n');
}

export function renderDigest(
  model: DigestModel,
  options: {
    format: 'html+text' | 'text';
    /** Link each recipient's preferences page. */ preferences?: boolean;
  },
): RenderedDigest {
  const t = templates();
  const context = {
    ...model,
    unsubscribeUrl: UNSUBSCRIBE_PLACEHOLDER,
    preferencesUrl: options.preferences ? PREFERENCES_PLACEHOLDER : null,
  };
  const text =
    t
      .text(context)
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n';
  const html =
    options.format === 'text'
      ? null
      : compact(
          juice(t.html(context), {
            preserveMediaQueries: true,
            preserveFontFaces: true,
            removeStyleTags: false,
            applyWidthAttributes: true,
          }),
        );
  return {
    id: model.id,
    listId: model.listId,
    subject: model.subject,
    text,
    html,
    coveredUntil: model.coveredUntil,
    changeCount: model.changeCount,
    empty: model.empty,
  };
}
