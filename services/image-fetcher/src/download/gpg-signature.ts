/**
 * Detached GPG signatures (`<file>.asc`, as images.linuxcontainers.org served them up to
 * LXC 4.0) checked with gpgv against the configured keyring only: no keyserver, no
 * trust database, no user GNUPGHOME.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ImageVerifyError } from '@lxcbus/contracts';
import { runCapture } from '../templates/child-process.runner';

/** gpgv reads binary keyrings; an armored export is dearmored once into a temp file. */
async function binaryKeyring(keyring: string, tmp: string): Promise<string> {
  const head = (await fs.readFile(keyring)).subarray(0, 64).toString('latin1');
  if (!head.includes('-----BEGIN PGP')) return keyring;
  const out = path.join(tmp, 'keyring.gpg');
  const r = await runCapture('gpg', ['--batch', '--yes', '--dearmor', '-o', out, keyring]);
  if (r.code !== 0) throw new ImageVerifyError(`keyring ${keyring}: ${r.stderr.trim()}`, { keyring });
  return out;
}

export async function verifySignature(keyring: string, file: string, signature: string, label: string): Promise<void> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lxcbus-gpgv-'));
  try {
    const ring = await binaryKeyring(keyring, tmp);
    let r;
    try {
      r = await runCapture('gpgv', ['--keyring', ring, signature, file]);
    } catch (err) {
      throw new ImageVerifyError(`cannot run gpgv to check ${label}: ${(err as Error).message}`, { file: label });
    }
    if (r.code !== 0) {
      const why = r.stderr.trim().split('\n').filter((l) => /BAD|No public key|Can't check|bad/i.test(l)).join('; ');
      throw new ImageVerifyError(`Invalid signature for ${label}${why ? `: ${why}` : ''}`, { file: label, keyring });
    }
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
