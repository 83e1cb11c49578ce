/**
 * The file access the parser needs, behind a port so unit tests use an
 * in-memory tree. Synchronous on purpose: configs are small local files and
 * includes are resolved while parsing, line by line, as LXC does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ConfigFs {
  /** File contents, or undefined when the file cannot be opened. */
  readFile(file: string): string | undefined;
  isDirectory(dir: string): boolean;
  /** Entry names of a directory, or undefined when it cannot be opened. */
  readDir(dir: string): string[] | undefined;
}

export const nodeConfigFs: ConfigFs = {
  readFile(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  isDirectory(dir) {
    try {
      return fs.statSync(dir).isDirectory();
    } catch {
      return false;
    }
  },
  readDir(dir) {
    try {
      return fs.readdirSync(dir);
    } catch {
      return undefined;
    }
  },
};

/** An in-memory tree keyed by absolute path; directories are implied by file paths. */
export function memoryConfigFs(files: Readonly<Record<string, string>>): ConfigFs {
  const norm = (p: string) => path.posix.normalize(p).replace(/\/+$/, '') || '/';
  const table = new Map(Object.entries(files).map(([p, text]) => [norm(p), text]));
  const children = (dir: string) => {
    const prefix = norm(dir) === '/' ? '/' : norm(dir) + '/';
    const names = new Set<string>();
    for (const p of table.keys()) if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0]);
    return [...names];
  };
  return {
    readFile: (file) => (file.endsWith('/') ? undefined : table.get(norm(file))),
    isDirectory: (dir) => !table.has(norm(dir)) && children(dir).length > 0,
    readDir: (dir) => {
      const names = children(dir);
      return names.length > 0 ? names : undefined;
    },
  };
}
