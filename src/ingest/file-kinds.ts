// Which files are articles: the accepted extensions and the format each one is parsed as.
import { extname } from 'node:path';
import type { ArticleFormat } from '../model.js';

const ACCEPTED = '.txt, .md, .markdown, .html, .htm, .json';

export function formatOf(file: string): ArticleFormat | null {
  const ext = extname(file).toLowerCase();
  if (ext === '.txt') return 'txt';
  if (ext === '.md' || ext === '.markdown') return 'md';
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.json') return 'json';
  return null;
}

export function unknownExtension(file: string): string {
  const ext = extname(file) || '(none)';
  return `unknown extension ${ext}; accepted: ${ACCEPTED}`;
}
