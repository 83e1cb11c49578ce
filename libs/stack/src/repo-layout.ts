/**
 * Where the compiled services live. The launcher runs from dist/ (or from
 * source under ts-jest), so it walks up to the repository's package.json
 * instead of counting `..`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ServiceName } from '@lxcbus/contracts';

export function findRepoRoot(start: string = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    try {
      if (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name === 'lxcbus') return dir;
    } catch {
      // No package.json here, or not ours: keep walking up.
    }
    if (dirname(dir) === dir) throw new Error(`cannot find the lxcbus repository above ${start}`);
  }
}

export function serviceMainPath(repo: string, service: ServiceName): string {
  return join(repo, 'dist', 'services', service, 'src', 'main.js');
}

export function missingServiceBuilds(repo: string, services: readonly ServiceName[]): string[] {
  return services.filter((s) => !existsSync(serviceMainPath(repo, s))).map((s) => serviceMainPath(repo, s));
}
