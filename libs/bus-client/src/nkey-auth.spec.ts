import { credsAuthenticator, nkeyAuthenticator, nkeys } from 'nats';
import { crc16, nativeNkeyAuthenticator, nkeyPairFromSeed, NkeyError, parseJwtCreds } from './nkey-auth';

describe('nkey-auth (Node ed25519 instead of tweetnacl)', () => {
  const enc = new TextEncoder();

  it('gives the same public key and signature as nats\' nkeyAuthenticator, for users and accounts', () => {
    for (const kp of [nkeys.createUser(), nkeys.createUser(), nkeys.createAccount()]) {
      const seed = new TextDecoder().decode(kp.getSeed());
      expect(nkeyPairFromSeed(seed).publicKey).toBe(kp.getPublicKey());
      for (const nonce of ['abc', 'Ng7m0gvDb8bmRYA', 'x'.repeat(100)]) {
        expect(nativeNkeyAuthenticator(seed)(nonce)).toEqual(nkeyAuthenticator(enc.encode(seed))(nonce));
      }
    }
  });

  it('a JWT .creds file: jwt, nkey and sig as credsAuthenticator', () => {
    const seed = new TextDecoder().decode(nkeys.createUser().getSeed());
    const creds = `-----BEGIN NATS USER JWT-----\neyJhbGciOi.fake.jwt\n------END NATS USER JWT------\n\n` +
      `************************* IMPORTANT *************************\nNKEY Seed printed below\n\n` +
      `-----BEGIN USER NKEY SEED-----\n${seed}\n------END USER NKEY SEED------\n`;
    const { jwt, seed: parsed } = parseJwtCreds(creds);
    expect(nativeNkeyAuthenticator(parsed, jwt)('n0nce')).toEqual(credsAuthenticator(enc.encode(creds))('n0nce'));
    expect(() => parseJwtCreds('no blocks')).toThrow(NkeyError);
  });

  it('refuses what is not a seed: a public key, bad base32, a broken checksum', () => {
    const kp = nkeys.createUser();
    const seed = new TextDecoder().decode(kp.getSeed());
    expect(() => nkeyPairFromSeed(kp.getPublicKey())).toThrow(/not a seed/);
    expect(() => nkeyPairFromSeed('SU!!')).toThrow(/base32/);
    const flipped = seed.slice(0, 10) + (seed[10] === 'A' ? 'B' : 'A') + seed.slice(11);
    expect(() => nkeyPairFromSeed(flipped)).toThrow(/checksum/);
  });

  it('crc16 is CRC-16/XMODEM', () => {
    expect(crc16(enc.encode('123456789'))).toBe(0x31c3);
  });
});
