/**
 * NATS nkey authentication with Node's own ed25519 (OpenSSL) instead of the
 * nats package's pure-JS tweetnacl: signing the server's nonce that way cost a
 * drop-in ~100 ms of CPU per run, more than anything else it does (see
 * docs/decisions/execute-and-cli-speed.md). Same wire result: ed25519 is
 * deterministic, so nkey and sig are byte-identical to nats' nkeyAuthenticator.
 *
 * An nkey seed is base32 (RFC 4648, unpadded) of [seed prefix | role hi]
 * [role lo] [32-byte ed25519 seed] [CRC-16/XMODEM, little-endian]; a public key
 * is base32 of [role] [32-byte key] [CRC].
 */
import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import type { Authenticator } from 'nats';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const PREFIX_SEED = 18 << 3;
/** PKCS#8 DER header of an ed25519 private key; the 32-byte seed follows. */
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

export class NkeyError extends Error {}

function base32Decode(text: string): Buffer {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new NkeyError('nkey: not base32');
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return bits > 0 ? out + ALPHABET[(value << (5 - bits)) & 31] : out;
}

export function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

function withCrc(payload: Buffer): Buffer {
  const crc = Buffer.alloc(2);
  crc.writeUInt16LE(crc16(payload));
  return Buffer.concat([payload, crc]);
}

export interface NkeyPair {
  publicKey: string;
  sign(data: Uint8Array): Uint8Array;
}

export function nkeyPairFromSeed(seed: string): NkeyPair {
  const raw = base32Decode(seed.trim());
  if (raw.length !== 36 || (raw[0] & 0xf8) !== PREFIX_SEED) throw new NkeyError('nkey: not a seed');
  if (crc16(raw.subarray(0, 34)) !== raw.readUInt16LE(34)) throw new NkeyError('nkey: bad seed checksum');
  const role = ((raw[0] & 7) << 5) | (raw[1] >> 3);
  const key: KeyObject = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, raw.subarray(2, 34)]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  const publicKey = base32Encode(withCrc(Buffer.concat([Buffer.from([role]), spki.subarray(spki.length - 32)])));
  return { publicKey, sign: (data) => sign(null, data, key) };
}

/** Like nats' nkeyAuthenticator (seed) or credsAuthenticator (a JWT .creds file's text). */
export function nativeNkeyAuthenticator(seed: string, jwt?: string): Authenticator {
  const kp = nkeyPairFromSeed(seed);
  return (nonce?: string) => ({
    ...(jwt !== undefined ? { jwt } : {}),
    nkey: kp.publicKey,
    sig: nonce ? Buffer.from(kp.sign(new TextEncoder().encode(nonce))).toString('base64') : '',
  });
}

/** The JWT and the seed of a NATS user .creds file (the two dashed blocks, in that order). */
export function parseJwtCreds(text: string): { jwt: string; seed: string } {
  const blocks = [...text.matchAll(/\s*(?:[-]{3,}[^\n]*[-]{3,}\n)(.+)(?:\n\s*[-]{3,}[^\n]*[-]{3,}\n)/g)].map((m) => m[1].trim());
  if (blocks.length < 2) throw new NkeyError('bad NATS .creds file: needs a JWT block and a seed block');
  return { jwt: blocks[0], seed: blocks[1] };
}
