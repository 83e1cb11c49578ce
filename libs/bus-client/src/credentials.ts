/**
 * An lxcbus credentials file: one JSON object naming the bus (url, host), the
 * identity on it (an nkey seed; the server holds only the public key) and the
 * inbox prefix that identity may subscribe to. `lxcbus user add` writes one per
 * unix user, readable only by that user; `lxcbus up` writes the services' one.
 * A NATS JWT `.creds` file (a fleet with an operator) is accepted as well.
 * See docs/decisions/bus-identity.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nkeys, type Authenticator } from 'nats';
import { nativeNkeyAuthenticator, parseJwtCreds } from './nkey-auth';

export interface BusCredentials {
  version: 1;
  /** The unix user (or `lxcbus-services`) this identity is for. */
  user: string;
  url: string;
  host: string;
  /** Root's lxcpath on that stack; only meaningful for root and the services. */
  lxcpath?: string;
  /** nkey user seed (SU...): the secret. */
  seed: string;
  /** The only inbox prefix the identity may subscribe to; absent: full permissions. */
  inboxPrefix?: string;
}

export const CREDENTIALS_DEFAULTS = {
  /** Inside the user's home (from the passwd entry, not $HOME). */
  userFile: '.config/lxcbus/credentials',
  /** Root's CLI falls back to the services' identity of the default stack. */
  rootFallbackFile: '/var/lib/lxcbus/auth/services.creds',
  /** An ordinary user's CLI falls back to her own rootless stack's identity (lxcbus up as her, default statedir). */
  rootlessStackFile: '.local/state/lxcbus/auth/services.creds',
  servicesUser: 'lxcbus-services',
} as const;

const JWT_CREDS_MARKER = '-----BEGIN NATS USER JWT-----';

export class CredentialsError extends Error {}

export function userCredentialsPath(home: string): string {
  return join(home, CREDENTIALS_DEFAULTS.userFile);
}

export function parseCredentials(text: string, path: string): BusCredentials {
  let v: Partial<BusCredentials>;
  try {
    v = JSON.parse(text) as Partial<BusCredentials>;
  } catch {
    throw new CredentialsError(`${path}: not an lxcbus credentials file (JSON) nor a NATS .creds file`);
  }
  const str = (x: unknown) => typeof x === 'string' && x !== '';
  if (v?.version !== 1 || !str(v.user) || !str(v.url) || !str(v.host) || !str(v.seed)) {
    throw new CredentialsError(`${path}: needs version 1, user, url, host and seed`);
  }
  return v as BusCredentials;
}

export function renderCredentials(c: BusCredentials): string {
  return `${JSON.stringify(c, null, 2)}\n`;
}

export type LoadedCredentials =
  | { kind: 'lxcbus'; path: string; credentials: BusCredentials }
  | { kind: 'jwt'; path: string; raw: Uint8Array };

export function loadCredentials(path: string): LoadedCredentials {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (err) {
    throw new CredentialsError(`cannot read credentials ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (raw.toString('utf8').includes(JWT_CREDS_MARKER)) return { kind: 'jwt', path, raw };
  return { kind: 'lxcbus', path, credentials: parseCredentials(raw.toString('utf8'), path) };
}

/** Signs with Node's ed25519 (nkey-auth.ts): the same auth as nats' authenticators, without their JS crypto. */
export function authenticatorFor(c: LoadedCredentials): Authenticator {
  if (c.kind === 'lxcbus') return nativeNkeyAuthenticator(c.credentials.seed);
  const { jwt, seed } = parseJwtCreds(new TextDecoder().decode(c.raw));
  return nativeNkeyAuthenticator(seed, jwt);
}

/** A fresh nkey user: the seed goes into the credentials file, the public key into the server config. */
export function newUserKey(): { seed: string; publicKey: string } {
  const kp = nkeys.createUser();
  return { seed: new TextDecoder().decode(kp.getSeed()), publicKey: kp.getPublicKey() };
}

export function publicKeyOf(seed: string): string {
  return nkeys.fromSeed(new TextEncoder().encode(seed)).getPublicKey();
}

/**
 * The file the CLI uses when LXCBUS_CREDS is unset: the user's own, else (root
 * only) the default stack's services identity, (anyone else) her own rootless stack's.
 * Null: connect without credentials.
 */
export function discoverCredentialsFile(home: string, uid: number, exists: (p: string) => boolean = existsSync): string | null {
  const own = userCredentialsPath(home);
  if (exists(own)) return own;
  if (uid === 0 && exists(CREDENTIALS_DEFAULTS.rootFallbackFile)) return CREDENTIALS_DEFAULTS.rootFallbackFile;
  const rootless = join(home, CREDENTIALS_DEFAULTS.rootlessStackFile);
  if (uid !== 0 && exists(rootless)) return rootless;
  return null;
}
