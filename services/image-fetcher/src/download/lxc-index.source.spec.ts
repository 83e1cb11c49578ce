import { ImageNotFoundError } from '@lxcbus/contracts';
import { parseLxcIndex, parseSha256Sums, resolveLxcImage } from './lxc-index.source';

const INDEX = [
  'alpine;3.20;amd64;default;20250101_13:00;/images/alpine/3.20/amd64/default/20250101_13:00/',
  'alpine;3.20;amd64;default;20250102_13:00;/images/alpine/3.20/amd64/default/20250102_13:00/',
  'debian;bookworm;amd64;default;20250101_05:24;',
  'garbage line',
].join('\n');

describe('LXC index', () => {
  it('skips lines without a path, as lxc-download does', () => {
    expect(parseLxcIndex(INDEX).map((l) => `${l.dist}:${l.build}`)).toEqual(['alpine:20250101_13:00', 'alpine:20250102_13:00']);
  });

  it('takes the first exact match and builds URLs with LXC\'s double slashes', () => {
    const img = resolveLxcImage('https://h', { url: 'https://h//meta/1.0/index-system', text: INDEX }, { dist: 'alpine', release: '3.20', arch: 'amd64', variant: 'default' });
    expect(img.row.build).toBe('20250101_13:00');
    expect(img.files.map((f) => f.url)).toEqual([
      'https://h//images/alpine/3.20/amd64/default/20250101_13:00//rootfs.tar.xz',
      'https://h//images/alpine/3.20/amd64/default/20250101_13:00//meta.tar.xz',
    ]);
    expect(img.sumsUrl).toBe('https://h//images/alpine/3.20/amd64/default/20250101_13:00//SHA256SUMS');
  });

  it('is IMAGE_NOT_FOUND for an unknown image or one without a path', () => {
    const idx = { url: 'u', text: INDEX };
    expect(() => resolveLxcImage('https://h', idx, { dist: 'debian', release: 'bookworm', arch: 'amd64', variant: 'default' })).toThrow(ImageNotFoundError);
    expect(() => resolveLxcImage('https://h', idx, { dist: 'alpine', release: '3.20', arch: 'arm64', variant: 'default' })).toThrow(/Couldn't find a matching image/);
  });

  it('reads sha256sum listings in text and binary mode', () => {
    const a = 'a'.repeat(64);
    const b = 'B'.repeat(64);
    expect(parseSha256Sums(`${a}  rootfs.tar.xz\n${b} *./meta.tar.xz\nnoise\n`)).toEqual(new Map([['rootfs.tar.xz', a], ['meta.tar.xz', b.toLowerCase()]]));
  });
});
