// Server-rendered pages: one isolated Handlebars instance (the digest's helpers, plus templates/web/
// partials) renders templates/web/<page>.hbs into layout.hbs. Everything inserted with {{ }} is escaped;
// the layout's {{{body}}} is the page Handlebars has already escaped.
import { readFileSync } from 'node:fs';
import type Handlebars from 'handlebars';
import { TEMPLATES_DIR, createDigestHandlebars } from '../digest/render.js';

export const WEB_TEMPLATES_DIR = `${TEMPLATES_DIR}web/`;

export interface PageRenderer {
  /** The full HTML page: `page` rendered with `data`, inside the layout. */
  page(name: string, data: Record<string, unknown>): string;
  /** A template without the layout (e.g. an email body); `text` templates are not HTML-escaped. */
  fragment(name: string, data: Record<string, unknown>, options?: { text?: boolean }): string;
}

export function createPageRenderer(dir = WEB_TEMPLATES_DIR): PageRenderer {
  const hb = createDigestHandlebars(dir);
  const cache = new Map<string, Handlebars.TemplateDelegate>();
  const load = (name: string, noEscape = false) => {
    const key = `${name}:${noEscape}`;
    let t = cache.get(key);
    if (!t) {
      t = hb.compile(readFileSync(`${dir}${name}.hbs`, 'utf8'), { noEscape, strict: false });
      cache.set(key, t);
    }
    return t;
  };
  return {
    page(name, data) {
      return load('layout')({ ...data, body: load(name)(data) });
    },
    fragment(name, data, options = {}) {
      return load(name, options.text ?? false)(data);
    },
  };
}
