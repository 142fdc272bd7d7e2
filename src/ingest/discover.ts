// File discovery, the IO edge of ingest: expands the paths given (files and folders, recursively) into
// a sorted list of article files and a list of problems, one line each. Nothing is skipped without a
// word, except what is skipped by design: dotfiles and dot-folders, README files (feeds/README.md
// documents the folder) and `.meta.yaml` sidecars.
//
// Symbolic links are followed when their target lies inside the source folder they were found in
// (a file reached twice is read once, under its own name); a link leading out of the folder is
// reported and skipped — a source folder is a boundary, so a link dropped into a shared folder cannot
// pull in files from elsewhere (add its target as a source folder of its own to read it). A link back
// to a folder above it is reported as a loop. A folder that cannot be read is reported by name and
// the rest of the tree goes on.
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, sep } from 'node:path';
import { formatOf, unknownExtension } from './file-kinds.js';

export interface Problem {
  file: string;
  reason: string;
}

function isReadme(name: string): boolean {
  return /^readme(\.|$)/i.test(name);
}

/** A file-system error in a few words ("permission denied"), never a stack. */
function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  if (code === 'ENOTDIR') return 'not a directory';
  return error instanceof Error ? error.message : String(error);
}

const inside = (root: string, real: string) => real === root || real.startsWith(root + sep);

interface Walk {
  /** Real path → the path it was found under (the first, direct one). */
  files: Map<string, string>;
  problems: Problem[];
  /** Real paths of folders already read. */
  walked: Set<string>;
  /** Links met while walking, resolved after the direct tree so files keep their own names. */
  links: Array<{ path: string; root: string; ancestors: string[] }>;
}

function addFile(w: Walk, path: string, real: string, name: string): void {
  if (isReadme(name) || /\.meta\.ya?ml$/i.test(name)) return;
  if (!formatOf(path)) w.problems.push({ file: path, reason: unknownExtension(path) });
  else if (!w.files.has(real)) w.files.set(real, path);
}

async function walkDir(w: Walk, dir: string, real: string, root: string, ancestors: string[]): Promise<void> {
  w.walked.add(real);
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    w.problems.push({
      file: dir,
      reason: `cannot read this folder (${describeError(error)}); its files were skipped`,
    });
    return;
  }
  const chain = [...ancestors, real];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isSymbolicLink()) w.links.push({ path: full, root, ancestors: chain });
    else if (e.isDirectory()) await walkDir(w, full, join(real, e.name), root, chain);
    else if (e.isFile()) addFile(w, full, join(real, e.name), e.name);
  }
}

/** Resolves one link found while walking: follows it inside its source folder, reports it otherwise. */
async function followLink(w: Walk, link: Walk['links'][number]): Promise<void> {
  let real: string;
  try {
    real = await realpath(link.path);
  } catch (error) {
    const why = describeError(error);
    w.problems.push({
      file: link.path,
      reason: `symbolic link skipped: ${why === 'no such file or directory' ? 'its target does not exist' : why}`,
    });
    return;
  }
  if (!inside(link.root, real)) {
    w.problems.push({
      file: link.path,
      reason: `symbolic link skipped: it points to ${real}, outside the source folder ${link.root} (add that folder as a source to read it)`,
    });
    return;
  }
  let target;
  try {
    target = await stat(real);
  } catch (error) {
    w.problems.push({ file: link.path, reason: `symbolic link skipped: ${describeError(error)}` });
    return;
  }
  if (target.isFile()) return addFile(w, link.path, real, basename(link.path));
  if (!target.isDirectory()) return;
  if (link.ancestors.includes(real)) {
    w.problems.push({
      file: link.path,
      reason: `symbolic link skipped: it points back to ${real}, a folder that contains it (a loop)`,
    });
    return;
  }
  // A folder already read through its own path adds nothing; one reached only by this link is read.
  if (!w.walked.has(real)) await walkDir(w, link.path, real, link.root, link.ancestors);
}

/**
 * Expands files and folders (recursively) into a sorted list of article files. Missing paths, files
 * with unknown extensions, unreadable folders and links that are not followed are reported as problems.
 */
export async function discoverFiles(paths: string[]): Promise<{ files: string[]; problems: Problem[] }> {
  const w: Walk = { files: new Map(), problems: [], walked: new Set(), links: [] };
  for (const p of paths) {
    let real: string;
    let isDir: boolean;
    try {
      real = await realpath(p);
      isDir = (await stat(real)).isDirectory();
    } catch (error) {
      w.problems.push({ file: p, reason: describeError(error) });
      continue;
    }
    if (isDir) await walkDir(w, p, real, real, []);
    else if (formatOf(p)) {
      if (!w.files.has(real)) w.files.set(real, p);
    } else if (!isReadme(basename(p))) w.problems.push({ file: p, reason: unknownExtension(p) });
  }
  // Links are resolved after the direct tree; links found inside linked folders join the queue.
  for (let i = 0; i < w.links.length; i++) {
    const link = w.links[i];
    if (link) await followLink(w, link);
  }
  return {
    files: [...w.files.values()].sort(),
    problems: w.problems.sort((a, b) => a.file.localeCompare(b.file)),
  };
}
