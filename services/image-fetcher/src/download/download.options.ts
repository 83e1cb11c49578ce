/**
 * The `download` template's arguments, as lxc-download 5.0.2 takes them (getopt
 * `d:r:a:hl`, long `dist: release: arch: help list variant: server: flush-cache
 * force-cache`), plus lxcbus additions: `--no-validate` (LXC <= 4.0.11 had it) and
 * `--server` accepting a URL (`http://host:port/base`, `simplestreams+https://...`),
 * where LXC takes a bare host and always speaks HTTPS and its own index format.
 */
import { BadRequestError } from '@lxcbus/contracts';
import { optionValue, parseTemplateArgs, type OptionSpec } from '../templates/template-args.parser';
import { INTERNAL_OPTIONS, rejectInternalOptions } from '../templates/template-internal.options';
import { IMAGE_PROMPT_FIELDS, type ImagePromptField } from '@lxcbus/contracts';

export const DEFAULT_SERVER = 'images.linuxcontainers.org';

const OPTIONS: readonly OptionSpec[] = [
  { long: 'help', short: 'h', takesValue: false },
  { long: 'list', short: 'l', takesValue: false },
  { long: 'dist', short: 'd', takesValue: true },
  { long: 'release', short: 'r', takesValue: true },
  { long: 'arch', short: 'a', takesValue: true },
  { long: 'variant', takesValue: true },
  { long: 'server', takesValue: true },
  { long: 'flush-cache', takesValue: false },
  { long: 'force-cache', takesValue: false },
  { long: 'no-validate', takesValue: false },
  ...INTERNAL_OPTIONS,
  { long: 'name', takesValue: true },
  { long: 'path', takesValue: true },
];

export const DOWNLOAD_USAGE = `LXC container image downloader

Special arguments:
[ -h | --help ]: Print this help message and exit
[ -l | --list ]: List all available images and exit

Required arguments:
[ -d | --dist <distribution> ]: The name of the distribution
[ -r | --release <release> ]: Release name/version
[ -a | --arch <architecture> ]: Architecture of the container

Optional arguments:
[ --variant <variant> ]: Variant of the image (default: "default")
[ --server <server> ]: Image server (default: "images.linuxcontainers.org");
                       lxcbus also takes http(s)://host[:port][/base] and
                       simplestreams+http(s)://... for a simplestreams server
[ --flush-cache ]: Flush the local copy (if present)
[ --force-cache ]: Force the use of the local copy even if expired
[ --no-validate ]: Skip size, sha256 and GPG checks (lxcbus; LXC <= 4.0.11)
`;

export type ImageProtocol = 'lxc' | 'simplestreams';

export interface ServerRef {
  readonly protocol: ImageProtocol;
  /** `https://host[:port]` plus an optional base path, no trailing slash. */
  readonly baseUrl: string;
  /** As the user spelled it, for messages and cache keys. */
  readonly spelled: string;
}

export interface DownloadOptions {
  readonly help: boolean;
  readonly list: boolean;
  readonly dist?: string;
  readonly release?: string;
  readonly arch?: string;
  readonly variant: string;
  readonly server: ServerRef;
  readonly flushCache: boolean;
  readonly forceCache: boolean;
  readonly validate: boolean;
}

export function parseDownloadArgs(args: readonly string[]): DownloadOptions {
  const parsed = parseTemplateArgs(args, OPTIONS, DOWNLOAD_USAGE);
  rejectInternalOptions(parsed, DOWNLOAD_USAGE);
  const nonEmpty = (k: string) => {
    const v = optionValue(parsed, k);
    return v === undefined || v === '' ? undefined : v;
  };
  return {
    help: parsed.has('help'),
    list: parsed.has('list'),
    dist: nonEmpty('dist'),
    release: nonEmpty('release'),
    arch: nonEmpty('arch'),
    variant: optionValue(parsed, 'variant') ?? 'default',
    server: parseServer(optionValue(parsed, 'server') ?? DEFAULT_SERVER),
    flushCache: parsed.has('flush-cache'),
    forceCache: parsed.has('force-cache'),
    validate: !parsed.has('no-validate'),
  };
}

/** Which of -d/-r/-a are missing (LXC then goes interactive). */
export function missingFields(o: DownloadOptions): ImagePromptField[] {
  return IMAGE_PROMPT_FIELDS.filter((f) => o[f] === undefined);
}

const HOST = /^[A-Za-z0-9.-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:]+\](:[0-9]{1,5})?$/;

export function parseServer(spelled: string): ServerRef {
  const m = /^(simplestreams\+)?(https?):\/\/([^/]+)(\/.*)?$/.exec(spelled);
  if (m) {
    if (!HOST.test(m[3])) throw badServer(spelled);
    const base = (m[4] ?? '').replace(/\/+$/, '');
    return { protocol: m[1] ? 'simplestreams' : 'lxc', baseUrl: `${m[2]}://${m[3]}${base}`, spelled };
  }
  if (!HOST.test(spelled)) throw badServer(spelled);
  return { protocol: 'lxc', baseUrl: `https://${spelled}`, spelled };
}

function badServer(spelled: string): BadRequestError {
  return new BadRequestError(`--server ${JSON.stringify(spelled)}: expected a host[:port] or an http(s) URL`, { field: 'server' });
}
