import { BadRequestError } from '@lxcbus/contracts';
import { TemplateBadArgsError } from '../templates/template.errors';
import { missingFields, parseDownloadArgs, parseServer } from './download.options';

describe('parseDownloadArgs', () => {
  it('takes LXC 5.0 options in their getopt spellings, with LXC defaults', () => {
    const o = parseDownloadArgs(['-d', 'alpine', '--release=3.20', '-aamd64', '--flush-cache']);
    expect(o).toMatchObject({ dist: 'alpine', release: '3.20', arch: 'amd64', variant: 'default', flushCache: true, forceCache: false, validate: true, list: false });
    expect(o.server).toEqual({ protocol: 'lxc', baseUrl: 'https://images.linuxcontainers.org', spelled: 'images.linuxcontainers.org' });
  });

  it('reports what the interactive mode must ask', () => {
    expect(missingFields(parseDownloadArgs(['-r', '3.20']))).toEqual(['dist', 'arch']);
    expect(missingFields(parseDownloadArgs(['-d', '', '-r', 'x', '-a', 'y']))).toEqual(['dist']);
  });

  it('refuses unknown options and the options lxc-create sets itself', () => {
    expect(() => parseDownloadArgs(['--keyserver', 'x'])).toThrow(TemplateBadArgsError);
    expect(() => parseDownloadArgs(['--rootfs', '/etc'])).toThrow(/set by lxc-create/);
  });
});

describe('parseServer', () => {
  it.each([
    ['images.example.org', 'lxc', 'https://images.example.org'],
    ['127.0.0.1:8443', 'lxc', 'https://127.0.0.1:8443'],
    ['http://127.0.0.1:8080/base/', 'lxc', 'http://127.0.0.1:8080/base'],
    ['simplestreams+https://images.example.org', 'simplestreams', 'https://images.example.org'],
  ])('%s', (spelled, protocol, baseUrl) => {
    expect(parseServer(spelled)).toEqual({ protocol, baseUrl, spelled });
  });

  it.each(['ftp://x', 'a/b', 'host name', 'https://bad host/'])('refuses %p', (spelled) => {
    expect(() => parseServer(spelled)).toThrow(BadRequestError);
  });
});
