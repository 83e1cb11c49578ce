/**
 * Every default of the download feature in one object, read from the environment when
 * the service boots (tests build their own).
 */
import * as path from 'node:path';
import { locateShareConfigDir } from './template-config.dir';

export interface DownloadSettings {
  /** Root of the content-addressed cache (LXCBUS_CACHEDIR). */
  readonly cacheDir: string;
  /** GPG public keyring (binary or armored export); when set, `.asc` signatures are required. */
  readonly keyring?: string;
  /** Extra CA bundle (PEM) trusted for image servers besides Node's store and NODE_EXTRA_CA_CERTS. */
  readonly caFile?: string;
  /** Substituted for LXC_TEMPLATE_CONFIG: where lxcbus's own include files are rendered. */
  readonly templateConfigDir: string;
  /** Their sources in the checkout (services/image-fetcher/share/lxc/config). */
  readonly shareConfigDir?: string;
  /** Substituted for LXC_HOOK_DIR. */
  readonly hookDir: string;
  /** Per-request inactivity timeout, as wget `-T 30`. */
  readonly timeoutMs: number;
  /** Attempts per index fetch, as lxc-download's wget wrapper (3). */
  readonly attempts: number;
  readonly userAgent: string;
  /** How long another process may hold an image lock before we call it stale. */
  readonly lockStaleMs: number;
}

export const DOWNLOAD_DEFAULTS = {
  cacheDir: '/var/cache/lxcbus',
  stateDir: '/var/lib/lxcbus',
  hookDir: '/usr/share/lxc/hooks',
  timeoutMs: 30_000,
  attempts: 3,
  userAgent: 'lxcbus/0.1 compat:7',
  lockStaleMs: 30 * 60_000,
} as const;

export function downloadSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DownloadSettings {
  return {
    ...DOWNLOAD_DEFAULTS,
    cacheDir: path.resolve(env.LXCBUS_CACHEDIR || DOWNLOAD_DEFAULTS.cacheDir),
    keyring: env.LXCBUS_IMAGE_KEYRING || undefined,
    caFile: env.LXCBUS_IMAGE_CA_FILE || undefined,
    templateConfigDir: path.resolve(env.LXCBUS_TEMPLATE_CONFIG || path.join(env.LXCBUS_STATEDIR || DOWNLOAD_DEFAULTS.stateDir, 'config')),
    shareConfigDir: locateShareConfigDir(),
  };
}
